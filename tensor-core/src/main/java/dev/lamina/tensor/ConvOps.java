package dev.lamina.tensor;

import dev.lamina.tensor.kernels.Kernels;

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
 * <p>Convolution runs as GEMM ({@link Kernels#convForward}): with the Vector API, as implicit GEMM reading the
 * patches in place where the windows lie inside the input, with few filters directly; otherwise as im2col + one GEMM
 * through {@link Kernels#gemm()}. The kernels' planner states the rule.
 */
public final class ConvOps {
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
        Kernels.Window g = new Kernels.Window(xs.dim(0), 1, xs.dim(1), xs.dim(2), 1, ks.dim(0), 1, stride, 1, dilation, 0, w[0], 1, w[1]);
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
        int[] out = new int[2];
        Kernels.Window g = window2d(op, xs, ks, strides, padding, dilation, out);
        return conv(op, x, kernel, bias, relu, g, ks.dim(3), Shape.of(xs.dim(0), out[0], out[1], ks.dim(3)));
    }

    /**
     * {@link #conv2d(Tensor, Tensor, Tensor, boolean, int[], String, int[])}'s values written into {@code y} (exactly the output's size),
     * recording nothing: the inference form, for callers that keep their own buffers. {@code x} is read from
     * {@code xOff} with shape {@code xs}; {@code kernel} and {@code bias} (null for none) from 0.
     */
    public static void conv2dInto(float[] x, int xOff, Shape xs, float[] kernel, Shape ks, float[] bias, boolean relu,
                                  int[] strides, String padding, int[] dilation, float[] y) {
        int[] out = new int[2];
        Kernels.Window g = window2d("conv2d", xs, ks, strides, padding, dilation, out);
        int outC = ks.dim(3);
        long size = (long) xs.dim(0) * out[0] * out[1] * outC;
        if (x.length < xOff + xs.size() || kernel.length < ks.size() || (bias != null && bias.length < outC) || y.length != size) {
            throw new IllegalArgumentException("conv2dInto: expected arrays of at least " + xs.size() + " (x from " + xOff + "), "
                    + ks.size() + " (kernel), " + outC + " (bias) and exactly " + size + " (y) floats, received " + x.length + ", " + kernel.length
                    + ", " + (bias == null ? "no bias" : bias.length) + " and " + y.length);
        }
        Kernels.convForward(g, outC, x, xOff, kernel, 0, bias, 0, relu, y);
    }

    /** Checks a 2-D convolution's operands and returns its window; {@code out} receives the output height and width. */
    private static Kernels.Window window2d(String op, Shape xs, Shape ks, int[] strides, String padding, int[] dilation, int[] out) {
        if (xs.rank() != 4 || ks.rank() != 4) {
            throw new ShapeMismatchException(op, "an input [batch, height, width, channels] and a kernel [kh, kw, in_channels, out_channels], both of rank 4", xs, ks);
        }
        checkChannels(op, xs, ks, 2);
        WindowArgs.checkPair(op, "strides", strides);
        WindowArgs.checkPair(op, "dilation_rate", dilation);
        String pad = WindowArgs.padding(op, padding, false);
        int[] h = WindowArgs.window(op, pad, "height", xs.dim(1), ks.dim(0), strides[0], dilation[0], xs, ks);
        int[] w = WindowArgs.window(op, pad, "width", xs.dim(2), ks.dim(1), strides[1], dilation[1], xs, ks);
        out[0] = h[1];
        out[1] = w[1];
        return new Kernels.Window(xs.dim(0), xs.dim(1), xs.dim(2), xs.dim(3), ks.dim(0), ks.dim(1),
                strides[0], strides[1], dilation[0], dilation[1], h[0], w[0], h[1], w[1]);
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

    private static Tensor conv(String op, Tensor x, Tensor kernel, Tensor bias, boolean relu, Kernels.Window g, int outC, Shape outShape) {
        if (bias != null && (bias.rank() != 1 || bias.size() != outC)) {
            throw new ShapeMismatchException(op, "a bias [out_channels] with out_channels = " + outC, kernel.shape(), bias.shape());
        }
        float[] y = new float[outShape.size()];
        Kernels.convForward(g, outC, x.data(), x.offset(), kernel.data(), kernel.offset(), bias == null ? null : bias.data(),
                bias == null ? 0 : bias.offset(), relu, y);
        int rows = y.length / Math.max(1, outC);
        Tensor out = Tensor.of(y, outShape);
        Tensor[] inputs = bias == null ? new Tensor[]{x, kernel} : new Tensor[]{x, kernel, bias};
        return Autodiff.record(op, out, inputs, (BackwardIntoFn) (gy, into, add) -> {
            float[][] to = into == null ? new float[3][] : into;
            boolean[] plus = add == null ? new boolean[3] : add;
            float[] gz = gy.data();
            int gzOff = gy.offset();
            if (relu) {                    // y > 0 exactly where the sum > 0
                gz = Kernels.maskedGradient(gy.data(), gy.offset(), y, 0, y.length);
                gzOff = 0;
            }
            Tensor[] gxk = convBackward(g, x, kernel, outC, gz, gzOff, to[0], plus[0], to[1], plus[1]);
            if (bias == null) return gxk;
            Tensor db = null;
            if (bias.requiresGrad()) {
                boolean given = to.length > 2 && to[2] != null;
                float[] d = given ? to[2] : new float[outC];
                Kernels.columnSums(gz, gzOff, rows, outC, d, 0, given && plus[2]);
                if (!given) db = Tensor.of(d, bias.shape());
            }
            return new Tensor[]{gxk[0], gxk[1], db};
        });
    }

    /**
     * Gradients of the input and the kernel; {@code dxInto}/{@code dkInto}, when given, receive them (added to their
     * contents when {@code dxAdd}/{@code dkAdd}) and the result holds null there.
     */
    private static Tensor[] convBackward(Kernels.Window g, Tensor x, Tensor kernel, int outC, float[] gd, int gOff,
                                         float[] dxInto, boolean dxAdd, float[] dkInto, boolean dkAdd) {
        boolean wantX = x.requiresGrad(), wantK = kernel.requiresGrad();
        float[] dx = !wantX ? null : dxInto != null ? dxInto : new float[x.size()];
        float[] dk = !wantK ? null : dkInto != null ? dkInto : new float[kernel.size()];
        if (dxInto != null && !dxAdd) java.util.Arrays.fill(dx, 0f);        // col2im and the pointwise GEMM add to it
        if (dkInto != null && !dkAdd) java.util.Arrays.fill(dk, 0f);
        Kernels.convBackward(g, outC, x.data(), x.offset(), kernel.data(), kernel.offset(), gd, gOff, dx, dxAdd, dk, dkAdd);
        return new Tensor[]{wantX && dxInto == null ? Tensor.of(dx, x.shape()) : null,
                wantK && dkInto == null ? Tensor.of(dk, kernel.shape()) : null};
    }

    private static void checkChannels(String op, Shape xs, Shape ks, int kernelInAxis) {
        if (xs.last() != ks.dim(kernelInAxis)) {
            throw new ShapeMismatchException(op, "input channels (" + xs.last() + ") equal to the kernel's in_channels ("
                    + ks.dim(kernelInAxis) + ")", xs, ks);
        }
    }
}
