package dev.lamina.tensor.kernels;

import java.util.Arrays;

/**
 * Max and average pooling over channels-last windows ({@link ConvGeometry} with dilation 1). Padded cells never
 * take part: a max window holds at least one real cell, and an average divides by its number of real cells
 * (TensorFlow's 'SAME' rule, which Keras follows). A window's maximum is its first NaN if it holds one, else the
 * largest value; the backward adds each output gradient onto the first cell of its window that holds the maximum,
 * found again from the input, so the forward pass keeps no indices. These are the plain loops, on one thread; max
 * pooling runs on the kernel set's {@link Loops} (which fall back here), split between threads by whole images
 * (whose windows never overlap another image) in {@link ThreadedLoops}.
 */
final class Pooling {
    private Pooling() {
    }

    /** Window maxima of images {@code [n0, n1)} into {@code out} (from 0). */
    static void maxForward(ConvGeometry g, float[] x, int xOff, float[] out, int n0, int n1) {
        int c = g.channels;
        int o = n0 * g.outPixels() * c;
        for (int n = n0; n < n1; n++) {
            int img = xOff + n * g.imageSize();
            for (int oy = 0; oy < g.outH; oy++) {
                int y0 = Math.max(oy * g.strideH - g.padTop, 0), y1 = Math.min(oy * g.strideH - g.padTop + g.kernelH, g.height);
                for (int ox = 0; ox < g.outW; ox++) {
                    int x0 = Math.max(ox * g.strideW - g.padLeft, 0), x1 = Math.min(ox * g.strideW - g.padLeft + g.kernelW, g.width);
                    Arrays.fill(out, o, o + c, Float.NEGATIVE_INFINITY);
                    for (int iy = y0; iy < y1; iy++) {
                        for (int ix = x0; ix < x1; ix++) {
                            int src = img + (iy * g.width + ix) * c;
                            for (int ch = 0; ch < c; ch++) {
                                float v = x[src + ch];
                                if (v > out[o + ch] || (v != v && out[o + ch] == out[o + ch])) out[o + ch] = v;   // NaN propagates
                            }
                        }
                    }
                    o += c;
                }
            }
        }
    }

    /** The max backward of images {@code [n0, n1)}, added to {@code dx} (zero-initialised by the caller). */
    static void maxBackward(ConvGeometry g, float[] x, int xOff, float[] y, float[] gy, int gOff, float[] dx, int n0, int n1) {
        int c = g.channels;
        int o = n0 * g.outPixels() * c;
        for (int n = n0; n < n1; n++) {
            int img = n * g.imageSize();
            for (int oy = 0; oy < g.outH; oy++) {
                int y0 = Math.max(oy * g.strideH - g.padTop, 0), y1 = Math.min(oy * g.strideH - g.padTop + g.kernelH, g.height);
                for (int ox = 0; ox < g.outW; ox++) {
                    int x0 = Math.max(ox * g.strideW - g.padLeft, 0), x1 = Math.min(ox * g.strideW - g.padLeft + g.kernelW, g.width);
                    for (int ch = 0; ch < c; ch++) {
                        float best = y[o + ch];
                        int at = -1;
                        for (int iy = y0; iy < y1 && at < 0; iy++) {
                            for (int ix = x0; ix < x1; ix++) {
                                int cell = img + (iy * g.width + ix) * c + ch;
                                float v = x[xOff + cell];
                                if (v == best || (v != v && best != best)) {
                                    at = cell;
                                    break;
                                }
                            }
                        }
                        dx[at < 0 ? img + (y0 * g.width + x0) * c + ch : at] += gy[gOff + o + ch];
                    }
                    o += c;
                }
            }
        }
    }

    /** Window means over the real (non-padded) cells into {@code out} (from 0). */
    static void avgForward(ConvGeometry g, float[] x, int xOff, float[] out) {
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
    static void avgBackward(ConvGeometry g, float[] gy, int gOff, float[] dx) {
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
