package dev.lamina.tensor;

import dev.lamina.tensor.kernels.ConvGeometry;
import dev.lamina.tensor.kernels.Gemm;
import dev.lamina.tensor.kernels.Im2col;
import dev.lamina.tensor.kernels.Kernels;
import dev.lamina.tensor.kernels.Parallel;
import dev.lamina.tensor.kernels.Simd;
import dev.lamina.tensor.kernels.Workspace;

/**
 * Convolution in Keras' channels_last layouts (pooling is in {@link PoolOps}): 1-D ops take
 * {@code [batch, width, channels]}, 2-D ops NHWC {@code [batch, height, width, channels]}; Conv1D kernels are {@code [kernel_size, in, out]} and Conv2D
 * kernels HWIO {@code [kh, kw, in, out]}, exactly as Keras stores them. Convolution is cross-correlation (no
 * kernel flip) and carries no bias (layers add it).
 *
 * <p>Padding follows Keras: {@code "valid"} uses no padding; {@code "same"} gives {@code ceil(n / stride)} outputs
 * and pads {@code total = max((out-1)*stride + dilation*(k-1) + 1 - n, 0)} cells, {@code total / 2} before and the
 * rest (the extra cell of an odd total) after; {@code "causal"} (1-D convolution only) pads
 * {@code dilation*(k-1)} cells before. Strings are case-insensitive.
 *
 * <p>Convolution runs as GEMM: with the Vector API, as implicit GEMM reading the patches in place where the windows
 * lie inside the input ({@link Simd#implicitConvApplies}), with few filters directly; otherwise as im2col + one
 * GEMM through {@link Kernels#gemm()}, a bounded number of images at a time so the patch buffer stays small. The
 * backward pass computes {@code dKernel = cols^T · dY} and {@code dCols = dY · W^T}, scattered back (col2im).
 */
public final class ConvOps {
    /** Upper bound on the im2col buffer, in floats (8 MB): images are processed in chunks below it. */
    private static final long CHUNK_FLOATS = 1L << 21;

    private ConvOps() {
    }

    // ---------------------------------------------------------------- convolution

    /**
     * 1-D cross-correlation: {@code x [batch, width, in]} with {@code kernel [kernel_size, in, out]} gives
     * {@code [batch, outWidth, out]}.
     *
     * @param padding {@code "valid"}, {@code "same"} or {@code "causal"}
     */
    public static Tensor conv1d(Tensor x, Tensor kernel, int stride, String padding, int dilation) {
        return conv1d(x, kernel, null, false, stride, padding, dilation);
    }

    /**
     * A Conv1D layer's math, fused: {@code act(conv1d(x, kernel) + bias)} with {@code act} relu or the identity and
     * {@code bias [out]} optional; bit-identical to the separate ops, with one output array and one backward.
     */
    public static Tensor conv1d(Tensor x, Tensor kernel, Tensor bias, boolean relu, int stride, String padding, int dilation) {
        String op = "conv1d";
        Shape xs = x.shape(), ks = kernel.shape();
        if (xs.rank() != 3 || ks.rank() != 3) {
            throw new ShapeMismatchException(op, "an input [batch, width, channels] and a kernel [kernel_size, in_channels, out_channels], both of rank 3", xs, ks);
        }
        checkChannels(op, xs, ks, 1);
        WindowArgs.checkPositive(op, "strides", stride);
        WindowArgs.checkPositive(op, "dilation_rate", dilation);
        String pad = WindowArgs.padding(op, padding, true);
        int[] w = WindowArgs.window(op, pad, "width", xs.dim(1), ks.dim(0), stride, dilation, xs, ks);
        ConvGeometry g = new ConvGeometry(xs.dim(0), 1, xs.dim(1), xs.dim(2), 1, ks.dim(0), 1, stride, 1, dilation, 0, w[0], 1, w[1]);
        return conv(op, x, kernel, bias, relu, g, ks.dim(2), Shape.of(xs.dim(0), w[1], ks.dim(2)));
    }

    /** {@link #conv1d(Tensor, Tensor, int, String, int)} with stride 1, {@code "valid"} padding and no dilation. */
    public static Tensor conv1d(Tensor x, Tensor kernel) {
        return conv1d(x, kernel, 1, "valid", 1);
    }

    /**
     * 2-D cross-correlation: NHWC {@code x [batch, h, w, in]} with HWIO {@code kernel [kh, kw, in, out]} gives
     * {@code [batch, outH, outW, out]}.
     *
     * @param strides  {@code (sh, sw)}
     * @param padding  {@code "valid"} or {@code "same"}
     * @param dilation {@code (dh, dw)}
     */
    public static Tensor conv2d(Tensor x, Tensor kernel, int[] strides, String padding, int[] dilation) {
        return conv2d(x, kernel, null, false, strides, padding, dilation);
    }

    /**
     * A Conv2D layer's math, fused: {@code act(conv2d(x, kernel) + bias)} with {@code act} relu or the identity and
     * {@code bias [out]} optional; bit-identical to the separate ops, with one output array and one backward.
     */
    public static Tensor conv2d(Tensor x, Tensor kernel, Tensor bias, boolean relu, int[] strides, String padding, int[] dilation) {
        String op = "conv2d";
        Shape xs = x.shape(), ks = kernel.shape();
        if (xs.rank() != 4 || ks.rank() != 4) {
            throw new ShapeMismatchException(op, "an input [batch, height, width, channels] and a kernel [kh, kw, in_channels, out_channels], both of rank 4", xs, ks);
        }
        checkChannels(op, xs, ks, 2);
        WindowArgs.checkPair(op, "strides", strides);
        WindowArgs.checkPair(op, "dilation_rate", dilation);
        String pad = WindowArgs.padding(op, padding, false);
        int[] h = WindowArgs.window(op, pad, "height", xs.dim(1), ks.dim(0), strides[0], dilation[0], xs, ks);
        int[] w = WindowArgs.window(op, pad, "width", xs.dim(2), ks.dim(1), strides[1], dilation[1], xs, ks);
        ConvGeometry g = new ConvGeometry(xs.dim(0), xs.dim(1), xs.dim(2), xs.dim(3), ks.dim(0), ks.dim(1),
                strides[0], strides[1], dilation[0], dilation[1], h[0], w[0], h[1], w[1]);
        return conv(op, x, kernel, bias, relu, g, ks.dim(3), Shape.of(xs.dim(0), h[1], w[1], ks.dim(3)));
    }

    /** {@link #conv2d(Tensor, Tensor, int[], String, int[])} with stride 1 and no dilation. */
    public static Tensor conv2d(Tensor x, Tensor kernel, String padding) {
        return conv2d(x, kernel, new int[]{1, 1}, padding, new int[]{1, 1});
    }

    /**
     * Keras' {@code conv_output_length}: the output length of one spatial axis of {@code inputLength} cells
     * ({@link Shape#UNKNOWN} stays unknown). A {@code "valid"} window larger than the input gives a length below 1.
     */
    public static int outputLength(int inputLength, int kernelSize, int stride, String padding, int dilation) {
        String op = "outputLength";
        WindowArgs.checkPositive(op, "kernel_size", kernelSize);
        WindowArgs.checkPositive(op, "strides", stride);
        WindowArgs.checkPositive(op, "dilation_rate", dilation);
        String pad = WindowArgs.padding(op, padding, true);
        if (inputLength == Shape.UNKNOWN) return Shape.UNKNOWN;
        int effective = dilation * (kernelSize - 1) + 1;
        if (pad.equals("valid")) return Math.floorDiv(inputLength - effective, stride) + 1;
        return Math.floorDiv(inputLength + stride - 1, stride);
    }

    private static Tensor conv(String op, Tensor x, Tensor kernel, Tensor bias, boolean relu, ConvGeometry g, int outC, Shape outShape) {
        if (bias != null && (bias.rank() != 1 || bias.size() != outC)) {
            throw new ShapeMismatchException(op, "a bias [out_channels] with out_channels = " + outC, kernel.shape(), bias.shape());
        }
        float[] y = new float[outShape.size()];
        int k = g.patchSize();
        boolean fused = false;     // bias and relu already applied
        if (y.length > 0 && k > 0) {
            Gemm gemm = Kernels.gemm();
            float[] xd = x.data(), kd = kernel.data();
            if (g.isPointwise()) {
                gemm.gemm(false, false, g.batch * g.outPixels(), outC, k, xd, x.offset(), kd, kernel.offset(), y, 0, false);
            } else if (Simd.directConvApplies(g, outC)) {      // bias and relu applied as it writes
                Simd.directConv(g, xd, x.offset(), kd, kernel.offset(), outC, bias == null ? null : bias.data(),
                        bias == null ? 0 : bias.offset(), relu, y);
                fused = true;
            } else if (Simd.implicitConvApplies(g, outC)) {         // bias and relu applied block by block
                Simd.implicitConv(g, xd, x.offset(), kd, kernel.offset(), outC, bias == null ? null : bias.data(),
                        bias == null ? 0 : bias.offset(), relu, y);
                fused = true;
            } else {
                int per = imagesPerChunk(g);
                float[] cols = Workspace.get(Workspace.PATCHES, Math.min(per, g.batch) * g.outPixels() * k);
                for (int n0 = 0; n0 < g.batch; n0 += per) {
                    int n1 = Math.min(g.batch, n0 + per);
                    Im2col.im2col(g, xd, x.offset(), n0, n1, cols);
                    gemm.gemm(false, false, (n1 - n0) * g.outPixels(), outC, k, cols, 0, kd, kernel.offset(),
                            y, n0 * g.outPixels() * outC, false);
                }
            }
        }
        int rows = y.length / Math.max(1, outC);
        if (!fused) Simd.biasRelu(y, 0, rows, outC, bias == null ? null : bias.data(), bias == null ? 0 : bias.offset(), relu);
        Tensor out = Tensor.of(y, outShape);
        Tensor[] inputs = bias == null ? new Tensor[]{x, kernel} : new Tensor[]{x, kernel, bias};
        return Autodiff.record(op, out, inputs, (BackwardIntoFn) (gy, into, add) -> {
            float[][] to = into == null ? new float[3][] : into;
            boolean[] plus = add == null ? new boolean[3] : add;
            float[] gz = gy.data();
            int gzOff = gy.offset();
            if (relu) {                    // y > 0 exactly where the sum > 0
                gz = Workspace.get(Workspace.MASKED_GRAD, y.length);
                gzOff = 0;
                Simd.reluGrad(gy.data(), gy.offset(), y, 0, gz, 0, y.length);
            }
            Tensor[] gxk = convBackward(g, x, kernel, outC, gz, gzOff, to[0], plus[0], to[1], plus[1]);
            if (bias == null) return gxk;
            Tensor db = null;
            if (bias.requiresGrad()) {
                boolean given = to.length > 2 && to[2] != null;
                float[] d = given ? to[2] : new float[outC];
                Simd.columnSums(gz, gzOff, rows, outC, d, 0, given && plus[2]);
                if (!given) db = Tensor.of(d, bias.shape());
            }
            return new Tensor[]{gxk[0], gxk[1], db};
        });
    }

    /**
     * Gradients of the input and the kernel; {@code dxInto}/{@code dkInto}, when given, receive them (added to their
     * contents when {@code dxAdd}/{@code dkAdd}) and the result holds null there.
     */
    private static Tensor[] convBackward(ConvGeometry g, Tensor x, Tensor kernel, int outC, float[] gd, int gOff,
                                         float[] dxInto, boolean dxAdd, float[] dkInto, boolean dkAdd) {
        boolean wantX = x.requiresGrad(), wantK = kernel.requiresGrad();
        int k = g.patchSize(), pixels = g.outPixels();
        float[] dx = !wantX ? null : dxInto != null ? dxInto : new float[x.size()];
        float[] dk = !wantK ? null : dkInto != null ? dkInto : new float[kernel.size()];
        if (dxInto != null && !dxAdd) java.util.Arrays.fill(dx, 0f);        // col2im and the pointwise GEMM add to it
        if (dkInto != null && !dkAdd) java.util.Arrays.fill(dk, 0f);
        if (pixels * g.batch * outC > 0 && k > 0) {
            Gemm gemm = Kernels.gemm();
            float[] kd = kernel.data();
            if (g.isPointwise()) {
                int rows = g.batch * pixels;
                Runnable kernelGrad = () -> gemm.gemm(true, false, k, outC, rows, x.data(), x.offset(), gd, gOff, dk, 0, dkAdd);
                Runnable inputGrad = () -> gemm.gemm(false, true, rows, k, outC, gd, gOff, kd, kernel.offset(), dx, 0, dxAdd);
                if (wantK && wantX) Parallel.both((long) rows * k * outC, kernelGrad, inputGrad);
                else if (wantK) kernelGrad.run();
                else if (wantX) inputGrad.run();
            } else {
                boolean direct = wantK && Simd.directConvApplies(g, outC);
                if (direct) Simd.directConvKernelGrad(g, x.data(), x.offset(), gd, gOff, outC, dk, dkAdd);
                boolean implicit = !direct && Simd.implicitConvApplies(g, outC);
                if (implicit) {
                    Runnable kernelGrad = () -> Simd.implicitConvKernelGrad(g, x.data(), x.offset(), gd, gOff, outC, dk, dkAdd);
                    Runnable inputGrad = () -> Simd.implicitConvInputGrad(g, gd, gOff, kd, kernel.offset(), outC, dx);
                    if (wantK && wantX) Parallel.both((long) g.batch * pixels * k * outC, kernelGrad, inputGrad);
                    else if (wantK) kernelGrad.run();
                    else if (wantX) inputGrad.run();
                } else if (wantX || (wantK && !direct)) {
                    patchesBackward(g, x, kernel, outC, gd, gOff, wantK && !direct ? dk : null, dkAdd, wantX ? dx : null);
                }
            }
        }
        return new Tensor[]{wantX && dxInto == null ? Tensor.of(dx, x.shape()) : null,
                wantK && dkInto == null ? Tensor.of(dk, kernel.shape()) : null};
    }

    /**
     * The kernel gradient (into {@code dk}, when not null) and the input gradient (added to {@code dx}, when not null)
     * through im2col patches, a chunk of images at a time.
     */
    private static void patchesBackward(ConvGeometry g, Tensor x, Tensor kernel, int outC, float[] gd, int gOff,
                                        float[] dk, boolean dkAdd, float[] dx) {
        Gemm gemm = Kernels.gemm();
        int k = g.patchSize(), pixels = g.outPixels(), per = imagesPerChunk(g);
        int colsSize = Math.min(per, g.batch) * pixels * k;
        for (int n0 = 0; n0 < g.batch; n0 += per) {
            int n1 = Math.min(g.batch, n0 + per), from = n0;
            int rows = (n1 - n0) * pixels, gChunk = gOff + n0 * pixels * outC;
            // Each task takes its own thread's patch buffer, as the two may run at once.
            Runnable kernelGrad = () -> {       // dKernel += cols^T · dY (patches recomputed: cheaper than keeping them)
                float[] cols = Workspace.get(Workspace.PATCHES, colsSize);
                Im2col.im2col(g, x.data(), x.offset(), from, n1, cols);
                gemm.gemm(true, false, k, outC, rows, cols, 0, gd, gChunk, dk, 0, dkAdd || from > 0);
            };
            Runnable inputGrad = () -> {        // dCols = dY · W^T, scattered back onto the input cells
                float[] cols = Workspace.get(Workspace.PATCHES, colsSize);
                gemm.gemm(false, true, rows, k, outC, gd, gChunk, kernel.data(), kernel.offset(), cols, 0, false);
                Im2col.col2im(g, cols, from, n1, dx);
            };
            if (dk != null && dx != null) Parallel.both((long) rows * k * outC, kernelGrad, inputGrad);
            else if (dk != null) kernelGrad.run();
            else inputGrad.run();
        }
    }

    private static int imagesPerChunk(ConvGeometry g) {
        long perImage = Math.max(1L, (long) g.outPixels() * g.patchSize());
        return (int) Math.max(1L, Math.min(Math.max(g.batch, 1), CHUNK_FLOATS / perImage));
    }

    private static void checkChannels(String op, Shape xs, Shape ks, int kernelInAxis) {
        if (xs.last() != ks.dim(kernelInAxis)) {
            throw new ShapeMismatchException(op, "input channels (" + xs.last() + ") equal to the kernel's in_channels ("
                    + ks.dim(kernelInAxis) + ")", xs, ks);
        }
    }
}
