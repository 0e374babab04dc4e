package dev.lamina.tensor.kernels;

import java.util.Arrays;

/**
 * Max and average pooling over channels-last windows ({@link ConvGeometry} with dilation 1). Padded cells never
 * take part: a max window holds at least one real cell, and an average divides by its number of real cells
 * (TensorFlow's 'SAME' rule, which Keras follows). Internal.
 */
public final class Pooling {
    private Pooling() {
    }

    /**
     * Window maxima into {@code out} (from 0); {@code argmax} receives, per output, the index (relative to
     * {@code xOff}) of the first cell holding the maximum, where the backward pass routes the gradient.
     */
    public static void maxForward(ConvGeometry g, float[] x, int xOff, float[] out, int[] argmax) {
        int c = g.channels;
        int o = 0;
        for (int n = 0; n < g.batch; n++) {
            int img = n * g.imageSize();
            for (int oy = 0; oy < g.outH; oy++) {
                int y0 = Math.max(oy * g.strideH - g.padTop, 0), y1 = Math.min(oy * g.strideH - g.padTop + g.kernelH, g.height);
                for (int ox = 0; ox < g.outW; ox++) {
                    int x0 = Math.max(ox * g.strideW - g.padLeft, 0), x1 = Math.min(ox * g.strideW - g.padLeft + g.kernelW, g.width);
                    int first = img + (y0 * g.width + x0) * c;
                    Arrays.fill(out, o, o + c, Float.NEGATIVE_INFINITY);
                    for (int ch = 0; ch < c; ch++) argmax[o + ch] = first + ch;
                    for (int iy = y0; iy < y1; iy++) {
                        for (int ix = x0; ix < x1; ix++) {
                            int src = img + (iy * g.width + ix) * c;
                            for (int ch = 0; ch < c; ch++) {
                                float v = x[xOff + src + ch];
                                if (v > out[o + ch] || (v != v && out[o + ch] == out[o + ch])) {   // NaN propagates
                                    out[o + ch] = v;
                                    argmax[o + ch] = src + ch;
                                }
                            }
                        }
                    }
                    o += c;
                }
            }
        }
    }

    /** {@code dx[argmax[i]] += gy[gOff + i]}; {@code dx} is zero-initialised by the caller. */
    public static void maxBackward(float[] gy, int gOff, int[] argmax, float[] dx) {
        for (int i = 0; i < argmax.length; i++) dx[argmax[i]] += gy[gOff + i];
    }

    /** Window means over the real (non-padded) cells into {@code out} (from 0). */
    public static void avgForward(ConvGeometry g, float[] x, int xOff, float[] out) {
        int c = g.channels;
        int o = 0;
        for (int n = 0; n < g.batch; n++) {
            int img = xOff + n * g.imageSize();
            for (int oy = 0; oy < g.outH; oy++) {
                int y0 = Math.max(oy * g.strideH - g.padTop, 0), y1 = Math.min(oy * g.strideH - g.padTop + g.kernelH, g.height);
                for (int ox = 0; ox < g.outW; ox++) {
                    int x0 = Math.max(ox * g.strideW - g.padLeft, 0), x1 = Math.min(ox * g.strideW - g.padLeft + g.kernelW, g.width);
                    Arrays.fill(out, o, o + c, 0f);
                    for (int iy = y0; iy < y1; iy++) {
                        for (int ix = x0; ix < x1; ix++) {
                            int src = img + (iy * g.width + ix) * c;
                            for (int ch = 0; ch < c; ch++) out[o + ch] += x[src + ch];
                        }
                    }
                    float count = (y1 - y0) * (x1 - x0);
                    for (int ch = 0; ch < c; ch++) out[o + ch] /= count;
                    o += c;
                }
            }
        }
    }

    /** Spreads each output gradient evenly over its window's real cells of {@code dx} (zero-initialised, from 0). */
    public static void avgBackward(ConvGeometry g, float[] gy, int gOff, float[] dx) {
        int c = g.channels;
        int o = gOff;
        for (int n = 0; n < g.batch; n++) {
            int img = n * g.imageSize();
            for (int oy = 0; oy < g.outH; oy++) {
                int y0 = Math.max(oy * g.strideH - g.padTop, 0), y1 = Math.min(oy * g.strideH - g.padTop + g.kernelH, g.height);
                for (int ox = 0; ox < g.outW; ox++) {
                    int x0 = Math.max(ox * g.strideW - g.padLeft, 0), x1 = Math.min(ox * g.strideW - g.padLeft + g.kernelW, g.width);
                    float inv = 1f / ((y1 - y0) * (x1 - x0));
                    for (int iy = y0; iy < y1; iy++) {
                        for (int ix = x0; ix < x1; ix++) {
                            int dst = img + (iy * g.width + ix) * c;
                            for (int ch = 0; ch < c; ch++) dx[dst + ch] += gy[o + ch] * inv;
                        }
                    }
                    o += c;
                }
            }
        }
    }
}
