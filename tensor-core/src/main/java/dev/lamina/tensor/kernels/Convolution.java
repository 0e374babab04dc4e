package dev.lamina.tensor.kernels;

/**
 * A convolution's numbers, forward and backward, by the algorithm {@link ConvPlanner} picks: in place ({@link
 * ConvKernels}), or as im2col + one GEMM a bounded number of images at a time, so the patch buffer stays small.
 * The backward pass computes {@code dKernel = cols^T · dY} and {@code dCols = dY · W^T}, scattered back (col2im).
 * Arrays are NHWC from their offsets; outputs and gradients start at 0.
 */
final class Convolution {
    /** Upper bound on the im2col buffer, in floats (8 MB): images are processed in chunks below it. */
    private static final long CHUNK_FLOATS = 1L << 21;

    private Convolution() {
    }

    /** {@code y = act(conv(x, kernel) + bias)}: {@code bias} may be null, {@code act} is relu or the identity. */
    static void forward(KernelSet set, Gemm gemm, ConvGeometry g, int outC, float[] xd, int xOff, float[] kd, int kOff,
                        float[] bias, int bOff, boolean relu, float[] y) {
        int k = g.patchSize();
        boolean fused = false;     // bias and relu already applied
        if (y.length > 0 && k > 0) {
            switch (ConvPlanner.plan(g, outC, set, gemm)) {
                case POINTWISE:
                    gemm.gemm(false, false, g.batch * g.outPixels(), outC, k, xd, xOff, kd, kOff, y, 0, false);
                    break;
                case DIRECT:             // bias and relu applied as it writes
                    set.convolutions().directForward(g, xd, xOff, kd, kOff, outC, bias, bOff, relu, y);
                    fused = true;
                    break;
                case IMPLICIT:           // bias and relu applied block by block
                    set.convolutions().implicitForward(g, xd, xOff, kd, kOff, outC, bias, bOff, relu, y);
                    fused = true;
                    break;
                default:
                    int per = imagesPerChunk(g);
                    float[] cols = Workspace.get(Workspace.PATCHES, Math.min(per, g.batch) * g.outPixels() * k);
                    for (int n0 = 0; n0 < g.batch; n0 += per) {
                        int n1 = Math.min(g.batch, n0 + per);
                        Im2col.im2col(g, xd, xOff, n0, n1, cols);
                        gemm.gemm(false, false, (n1 - n0) * g.outPixels(), outC, k, cols, 0, kd, kOff,
                                y, n0 * g.outPixels() * outC, false);
                    }
            }
        }
        if (!fused) ThreadedLoops.biasRelu(set.loops(), y, 0, y.length / Math.max(1, outC), outC, bias, bOff, relu);
    }

    /**
     * The input gradient into {@code dx} and the kernel gradient into {@code dk} (each skipped when null), for the
     * output gradient {@code gd}, added to their contents when {@code dxAdd}/{@code dkAdd}. Some algorithms add to a
     * gradient array whatever the flag (col2im, the in-place input gradient), so without the flag it must hold zeros.
     */
    static void backward(KernelSet set, Gemm gemm, ConvGeometry g, int outC, float[] xd, int xOff, float[] kd, int kOff,
                         float[] gd, int gOff, float[] dx, boolean dxAdd, float[] dk, boolean dkAdd) {
        boolean wantX = dx != null, wantK = dk != null;
        int k = g.patchSize(), pixels = g.outPixels();
        if (pixels * g.batch * outC == 0 || k == 0) return;
        ConvKernels in = set.convolutions();
        switch (ConvPlanner.plan(g, outC, set, gemm)) {
            case POINTWISE: {
                int rows = g.batch * pixels;
                Runnable kernelGrad = () -> gemm.gemm(true, false, k, outC, rows, xd, xOff, gd, gOff, dk, 0, dkAdd);
                Runnable inputGrad = () -> gemm.gemm(false, true, rows, k, outC, gd, gOff, kd, kOff, dx, 0, dxAdd);
                both((long) rows * k * outC, wantK ? kernelGrad : null, wantX ? inputGrad : null);
                break;
            }
            case DIRECT:
                if (wantK) in.directKernelGrad(g, xd, xOff, gd, gOff, outC, dk, dkAdd);
                if (wantX) patchesBackward(gemm, g, outC, xd, xOff, kd, kOff, gd, gOff, null, false, dx);
                break;
            case IMPLICIT: {
                Runnable kernelGrad = () -> in.implicitKernelGrad(g, xd, xOff, gd, gOff, outC, dk, dkAdd);
                Runnable inputGrad = () -> in.implicitInputGrad(g, gd, gOff, kd, kOff, outC, dx);
                both((long) g.batch * pixels * k * outC, wantK ? kernelGrad : null, wantX ? inputGrad : null);
                break;
            }
            default:
                patchesBackward(gemm, g, outC, xd, xOff, kd, kOff, gd, gOff, dk, dkAdd, dx);
        }
    }

    /**
     * The kernel gradient (into {@code dk}, when not null) and the input gradient (added to {@code dx}, when not null)
     * through im2col patches, a chunk of images at a time.
     */
    private static void patchesBackward(Gemm gemm, ConvGeometry g, int outC, float[] xd, int xOff, float[] kd, int kOff,
                                        float[] gd, int gOff, float[] dk, boolean dkAdd, float[] dx) {
        int k = g.patchSize(), pixels = g.outPixels(), per = imagesPerChunk(g);
        int colsSize = Math.min(per, g.batch) * pixels * k;
        for (int n0 = 0; n0 < g.batch; n0 += per) {
            int n1 = Math.min(g.batch, n0 + per), from = n0;
            int rows = (n1 - n0) * pixels, gChunk = gOff + n0 * pixels * outC;
            // Each task takes its own thread's patch buffer, as the two may run at once.
            Runnable kernelGrad = () -> {       // dKernel += cols^T · dY (patches recomputed: cheaper than keeping them)
                float[] cols = Workspace.get(Workspace.PATCHES, colsSize);
                Im2col.im2col(g, xd, xOff, from, n1, cols);
                gemm.gemm(true, false, k, outC, rows, cols, 0, gd, gChunk, dk, 0, dkAdd || from > 0);
            };
            Runnable inputGrad = () -> {        // dCols = dY · W^T, scattered back onto the input cells
                float[] cols = Workspace.get(Workspace.PATCHES, colsSize);
                gemm.gemm(false, true, rows, k, outC, gd, gChunk, kd, kOff, cols, 0, false);
                Im2col.col2im(g, cols, from, n1, dx);
            };
            both((long) rows * k * outC, dk != null ? kernelGrad : null, dx != null ? inputGrad : null);
        }
    }

    /** Both tasks at once ({@link ParallelLoops#both}), or the one that is not null. */
    private static void both(long multiplyAdds, Runnable first, Runnable second) {
        if (first != null && second != null) ParallelLoops.both(multiplyAdds, first, second);
        else if (first != null) first.run();
        else if (second != null) second.run();
    }

    private static int imagesPerChunk(ConvGeometry g) {
        long perImage = Math.max(1L, (long) g.outPixels() * g.patchSize());
        return (int) Math.max(1L, Math.min(Math.max(g.batch, 1), CHUNK_FLOATS / perImage));
    }
}
