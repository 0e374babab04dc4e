package dev.lamina.tensor.kernels;

import java.util.Arrays;

/**
 * Patch extraction for convolution as GEMM. {@code im2col} writes one row per output pixel of images
 * {@code [n0, n1)}, laid out {@code (kh, kw, channel)} so that a HWIO kernel viewed as
 * {@code [kh*kw*in, out]} multiplies it directly; {@code col2im} is its adjoint (scatter-add). Internal.
 */
final class Im2col {
    private static final Loops LOOPS = KernelSet.LOADED.loops();

    private Im2col() {
    }

    /** Fills {@code cols} (from 0) with the patches of images {@code [n0, n1)} of {@code x}; padding reads as 0. */
    static void im2col(ConvGeometry g, float[] x, int xOff, int n0, int n1, float[] cols) {
        int perImage = g.outPixels() * g.patchSize();
        ParallelLoops.forRange(n1 - n0, perImage, (a, b) -> im2col(g, x, xOff, n0 + a, n0 + b, cols, a * perImage));
    }

    private static void im2col(ConvGeometry g, float[] x, int xOff, int n0, int n1, float[] cols, int p) {
        int c = g.channels, kw = g.kernelW, rowRun = kw * c;
        boolean denseRow = g.dilationW == 1;
        for (int n = n0; n < n1; n++) {
            int img = xOff + n * g.imageSize();
            for (int oy = 0; oy < g.outH; oy++) {
                int iy0 = oy * g.strideH - g.padTop;
                for (int ox = 0; ox < g.outW; ox++) {
                    int ix0 = ox * g.strideW - g.padLeft;
                    boolean colsInside = ix0 >= 0 && ix0 + (kw - 1) * g.dilationW < g.width;
                    for (int a = 0; a < g.kernelH; a++) {
                        int iy = iy0 + a * g.dilationH;
                        if (iy < 0 || iy >= g.height) {
                            Arrays.fill(cols, p, p + rowRun, 0f);
                            p += rowRun;
                            continue;
                        }
                        int rowBase = img + iy * g.width * c;
                        if (denseRow && colsInside) {       // the kw*c values are contiguous in x
                            int src = rowBase + ix0 * c;
                            if (rowRun <= 8) {
                                for (int i = 0; i < rowRun; i++) cols[p + i] = x[src + i];
                            } else {
                                System.arraycopy(x, src, cols, p, rowRun);
                            }
                            p += rowRun;
                            continue;
                        }
                        for (int b = 0; b < kw; b++) {
                            int ix = ix0 + b * g.dilationW;
                            if (ix >= 0 && ix < g.width) System.arraycopy(x, rowBase + ix * c, cols, p, c);
                            else Arrays.fill(cols, p, p + c, 0f);
                            p += c;
                        }
                    }
                }
            }
        }
    }

    /** Adds each patch value of {@code cols} (images {@code [n0, n1)}) back onto its input cell of {@code dx} (from 0). */
    static void col2im(ConvGeometry g, float[] cols, int n0, int n1, float[] dx) {
        int perImage = g.outPixels() * g.patchSize();
        ParallelLoops.forRange(n1 - n0, perImage, (a, b) -> col2im(g, cols, n0 + a, n0 + b, dx, a * perImage));
    }

    private static void col2im(ConvGeometry g, float[] cols, int n0, int n1, float[] dx, int p) {
        int c = g.channels, kw = g.kernelW;
        for (int n = n0; n < n1; n++) {
            int img = n * g.imageSize();
            for (int oy = 0; oy < g.outH; oy++) {
                int iy0 = oy * g.strideH - g.padTop;
                for (int ox = 0; ox < g.outW; ox++) {
                    int ix0 = ox * g.strideW - g.padLeft;
                    for (int a = 0; a < g.kernelH; a++) {
                        int iy = iy0 + a * g.dilationH;
                        if (iy < 0 || iy >= g.height) {
                            p += kw * c;
                            continue;
                        }
                        int rowBase = img + iy * g.width * c;
                        for (int b = 0; b < kw; b++) {
                            int ix = ix0 + b * g.dilationW;
                            if (ix >= 0 && ix < g.width) {
                                int dst = rowBase + ix * c;
                                if (c >= 8) LOOPS.addInto(dx, dst, cols, p, c);
                                else for (int ch = 0; ch < c; ch++) dx[dst + ch] += cols[p + ch];
                            }
                            p += c;
                        }
                    }
                }
            }
        }
    }
}
