package dev.lamina.tensor.kernels;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A kernel set's {@link Loops}, split between threads ({@link ParallelLoops#forRange}) in fixed blocks, rows, column
 * groups or images, so that each element is computed by one thread with the same operations as on one thread:
 * results never depend on the thread count.
 */
final class ThreadedLoops {
    /** Elementwise loops are split between threads in blocks of this many elements. */
    private static final int BLOCK = 1024;
    /** Column sums are split between threads in groups of this many columns. */
    private static final int COLUMN_GROUP = 16;
    /** {@link #firstNonFinite} checks blocks of this many values at full speed and searches only a failing one. */
    private static final int SCAN_BLOCK = 1 << 14;

    private ThreadedLoops() {
    }

    /** {@link Loops#biasRelu}, by rows. */
    static void biasRelu(Loops loops, float[] y, int off, int rows, int n, float[] b, int bOff, boolean relu) {
        if (b == null && !relu) return;
        ParallelLoops.forRange(rows, n, (r0, r1) -> loops.biasRelu(y, off + r0 * n, r1 - r0, n, b, bOff, relu));
    }

    /** {@link Loops#relu}, by blocks. */
    static void relu(Loops loops, float[] x, int xOff, float[] out, int outOff, int n) {
        ParallelLoops.forRange(blocks(n), BLOCK, (b0, b1) -> {
            int from = b0 * BLOCK, to = Math.min(n, b1 * BLOCK);
            loops.relu(x, xOff + from, out, outOff + from, to - from);
        });
    }

    /** {@link Loops#reluGrad}, by blocks. */
    static void reluGrad(Loops loops, float[] g, int gOff, float[] y, int yOff, float[] out, int outOff, int n) {
        ParallelLoops.forRange(blocks(n), BLOCK, (b0, b1) -> {
            int from = b0 * BLOCK, to = Math.min(n, b1 * BLOCK);
            loops.reluGrad(g, gOff + from, y, yOff + from, out, outOff + from, to - from);
        });
    }

    /** {@link Loops#columnSums} of all {@code n} columns; threads take whole column groups, so the sums are the same. */
    static void columnSums(Loops loops, float[] x, int off, int rows, int n, float[] out, int outOff, boolean accumulate) {
        int groups = (n + COLUMN_GROUP - 1) / COLUMN_GROUP;
        ParallelLoops.forRange(groups, (long) rows * COLUMN_GROUP, (g0, g1) -> {
            int j0 = g0 * COLUMN_GROUP, j1 = Math.min(n, g1 * COLUMN_GROUP);
            loops.columnSums(x, off, rows, n, j0, j1, out, outOff, accumulate);
        });
    }

    /** {@link Loops#maxPool} of all images, by images. */
    static void maxPool(Loops loops, ConvGeometry g, float[] x, int xOff, float[] out) {
        long perImage = (long) g.outPixels() * g.channels * g.kernelH * g.kernelW;
        ParallelLoops.forRange(g.batch, perImage, (n0, n1) -> loops.maxPool(g, x, xOff, out, n0, n1));
    }

    /** {@link Loops#maxPoolBackward} of all images, by images (whose windows never overlap another image's). */
    static void maxPoolBackward(Loops loops, ConvGeometry g, float[] x, int xOff, float[] y, float[] gy, int gOff, float[] dx) {
        long perImage = (long) g.outPixels() * g.channels * g.kernelH * g.kernelW;
        ParallelLoops.forRange(g.batch, perImage, (n0, n1) -> loops.maxPoolBackward(g, x, xOff, y, gy, gOff, dx, n0, n1));
    }

    /** The index (from {@code off}) of the first NaN or infinity among {@code x[off, off + n)}, or -1 if all are finite. */
    static int firstNonFinite(Loops loops, float[] x, int off, int n) {
        // The blocks are shared between the threads (a fit checks all its input); the answer is the least bad index
        // found, whichever thread found it.
        AtomicInteger first = new AtomicInteger(Integer.MAX_VALUE);
        ParallelLoops.forRange((n + SCAN_BLOCK - 1) / SCAN_BLOCK, SCAN_BLOCK, (b0, b1) -> {
            for (int b = b0; b < b1 && b * SCAN_BLOCK < first.get(); b++) {
                int from = b * SCAN_BLOCK, len = Math.min(SCAN_BLOCK, n - from);
                if (loops.allFinite(x, off + from, len)) continue;
                for (int i = from; i < from + len; i++) {
                    float v = x[off + i];
                    if (Float.isNaN(v) || Float.isInfinite(v)) {
                        first.accumulateAndGet(i, Math::min);
                        return;
                    }
                }
            }
        });
        return first.get() == Integer.MAX_VALUE ? -1 : first.get();
    }

    private static int blocks(int n) {
        return (n + BLOCK - 1) / BLOCK;
    }
}
