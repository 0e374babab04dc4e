package dev.lamina.tensor;

import dev.lamina.tensor.kernels.Kernels;

/**
 * Pooling in Keras' channels_last layouts: 1-D ops over {@code [batch, width, channels]}, 2-D ops over NHWC
 * {@code [batch, height, width, channels]}; window, stride and padding rules as in {@link ConvOps} (padded cells
 * never take part), and global pooling over the spatial axes.
 */
public final class PoolOps {
    private PoolOps() {
    }

    // ---------------------------------------------------------------- pooling

    /**
     * 1-D max pooling over {@code [batch, width, channels]}; padded cells never win. The gradient goes to the
     * first cell holding each window's maximum.
     */
    public static Tensor maxPool1d(Tensor x, int poolSize, int stride, String padding) {
        return pool1d("maxPool1d", true, x, poolSize, stride, padding);
    }

    /** Max pooling with strides equal to the pool size and {@code "valid"} padding (Keras' defaults). */
    public static Tensor maxPool1d(Tensor x, int poolSize) {
        return maxPool1d(x, poolSize, poolSize, "valid");
    }

    /** 1-D average pooling; each window averages its real (non-padded) cells only. */
    public static Tensor avgPool1d(Tensor x, int poolSize, int stride, String padding) {
        return pool1d("avgPool1d", false, x, poolSize, stride, padding);
    }

    public static Tensor avgPool1d(Tensor x, int poolSize) {
        return avgPool1d(x, poolSize, poolSize, "valid");
    }

    /**
     * 2-D max pooling over NHWC input. {@code strides} may be null for Keras' default (the pool size).
     */
    public static Tensor maxPool2d(Tensor x, int[] poolSize, int[] strides, String padding) {
        return pool2d("maxPool2d", true, x, poolSize, strides, padding);
    }

    public static Tensor maxPool2d(Tensor x, int[] poolSize) {
        return maxPool2d(x, poolSize, null, "valid");
    }

    /** 2-D average pooling over NHWC input; each window averages its real cells. {@code strides} may be null. */
    public static Tensor avgPool2d(Tensor x, int[] poolSize, int[] strides, String padding) {
        return pool2d("avgPool2d", false, x, poolSize, strides, padding);
    }

    public static Tensor avgPool2d(Tensor x, int[] poolSize) {
        return avgPool2d(x, poolSize, null, "valid");
    }

    private static Tensor pool1d(String op, boolean max, Tensor x, int poolSize, int stride, String padding) {
        Shape xs = x.shape(), ps = poolShape(op, poolSize);
        if (xs.rank() != 3) throw new ShapeMismatchException(op, "an input [batch, width, channels] of rank 3 for pool_size", xs, ps);
        WindowArgs.checkPositive(op, "strides", stride);
        String pad = WindowArgs.padding(op, padding, false);
        int[] w = WindowArgs.window(op, pad, "width", xs.dim(1), poolSize, stride, 1, xs, ps);
        Kernels.Window g = new Kernels.Window(xs.dim(0), 1, xs.dim(1), xs.dim(2), 1, poolSize, 1, stride, 1, 1, 0, w[0], 1, w[1]);
        return pool(op, max, x, g, Shape.of(xs.dim(0), w[1], xs.dim(2)));
    }

    private static Tensor pool2d(String op, boolean max, Tensor x, int[] poolSize, int[] strides, String padding) {
        Shape xs = x.shape();
        int[] out = new int[2];
        Kernels.Window g = window2d(op, xs, poolSize, strides, padding, out);
        return pool(op, max, x, g, Shape.of(xs.dim(0), out[0], out[1], xs.dim(3)));
    }

    /**
     * 2-D max ({@code max}) or average pooling's values written into {@code y} (exactly the output's size), recording nothing: the
     * inference form of {@link #maxPool2d}/{@link #avgPool2d}, for callers that keep their own buffers.
     */
    public static void pool2dInto(boolean max, float[] x, int xOff, Shape xs, int[] poolSize, int[] strides, String padding, float[] y) {
        String op = max ? "maxPool2d" : "avgPool2d";
        int[] out = new int[2];
        Kernels.Window g = window2d(op, xs, poolSize, strides, padding, out);
        long size = (long) xs.dim(0) * out[0] * out[1] * xs.dim(3);
        if (x.length < xOff + xs.size() || y.length != size) {
            throw new IllegalArgumentException(op + "Into: expected arrays of at least " + xs.size() + " (x from " + xOff + ") and "
                    + "exactly " + size + " (y) floats, received " + x.length + " and " + y.length);
        }
        if (max) Kernels.maxPool(g, x, xOff, y);
        else Kernels.avgPool(g, x, xOff, y);
    }

    private static Kernels.Window window2d(String op, Shape xs, int[] poolSize, int[] strides, String padding, int[] out) {
        WindowArgs.checkPair(op, "pool_size", poolSize);
        int[] st = strides == null ? poolSize : strides;
        WindowArgs.checkPair(op, "strides", st);
        Shape ps = Shape.of(poolSize);
        if (xs.rank() != 4) throw new ShapeMismatchException(op, "an input [batch, height, width, channels] of rank 4 for pool_size", xs, ps);
        String pad = WindowArgs.padding(op, padding, false);
        int[] h = WindowArgs.window(op, pad, "height", xs.dim(1), poolSize[0], st[0], 1, xs, ps);
        int[] w = WindowArgs.window(op, pad, "width", xs.dim(2), poolSize[1], st[1], 1, xs, ps);
        out[0] = h[1];
        out[1] = w[1];
        return new Kernels.Window(xs.dim(0), xs.dim(1), xs.dim(2), xs.dim(3), poolSize[0], poolSize[1],
                st[0], st[1], 1, 1, h[0], w[0], h[1], w[1]);
    }

    private static Tensor pool(String op, boolean max, Tensor x, Kernels.Window g, Shape outShape) {
        float[] y = new float[outShape.size()];
        Shape in = x.shape();
        if (max) {
            Kernels.maxPool(g, x.data(), x.offset(), y);
            return Autodiff.record(op, Tensor.of(y, outShape), x, gy -> {
                float[] dx = new float[in.size()];
                Kernels.maxPoolBackward(g, x.data(), x.offset(), y, gy.data(), gy.offset(), dx);
                return new Tensor[]{Tensor.of(dx, in)};
            });
        }
        Kernels.avgPool(g, x.data(), x.offset(), y);
        return Autodiff.record(op, Tensor.of(y, outShape), x, gy -> {
            float[] dx = new float[in.size()];
            Kernels.avgPoolBackward(g, gy.data(), gy.offset(), dx);
            return new Tensor[]{Tensor.of(dx, in)};
        });
    }

    // ---------------------------------------------------------------- global pooling

    /** Maximum over the width of {@code [batch, width, channels]}: {@code [batch, channels]}. Ties share the gradient. */
    public static Tensor globalMaxPool1d(Tensor x) {
        return globalMaxPool1d(x, false);
    }

    /** With {@code keepDims}, the result keeps the reduced axis as 1: {@code [batch, 1, channels]}. */
    public static Tensor globalMaxPool1d(Tensor x, boolean keepDims) {
        checkRank("globalMaxPool1d", x, 3, "[batch, width, channels]");
        return ReduceOps.max(x, keepDims, 1);
    }

    /** Mean over the width of {@code [batch, width, channels]}: {@code [batch, channels]}. */
    public static Tensor globalAvgPool1d(Tensor x) {
        return globalAvgPool1d(x, false);
    }

    public static Tensor globalAvgPool1d(Tensor x, boolean keepDims) {
        checkRank("globalAvgPool1d", x, 3, "[batch, width, channels]");
        return ReduceOps.mean(x, keepDims, 1);
    }

    /** Maximum over height and width of NHWC input: {@code [batch, channels]}. Ties share the gradient. */
    public static Tensor globalMaxPool2d(Tensor x) {
        return globalMaxPool2d(x, false);
    }

    public static Tensor globalMaxPool2d(Tensor x, boolean keepDims) {
        checkRank("globalMaxPool2d", x, 4, "[batch, height, width, channels]");
        return ReduceOps.max(x, keepDims, 1, 2);
    }

    /** Mean over height and width of NHWC input: {@code [batch, channels]}. */
    public static Tensor globalAvgPool2d(Tensor x) {
        return globalAvgPool2d(x, false);
    }

    public static Tensor globalAvgPool2d(Tensor x, boolean keepDims) {
        checkRank("globalAvgPool2d", x, 4, "[batch, height, width, channels]");
        return ReduceOps.mean(x, keepDims, 1, 2);
    }

    private static Shape poolShape(String op, int poolSize) {
        WindowArgs.checkPositive(op, "pool_size", poolSize);
        return Shape.of(poolSize);
    }

    private static void checkRank(String op, Tensor x, int rank, String layout) {
        if (x.rank() != rank) {
            throw new IllegalArgumentException(op + ": expected an input " + layout + " of rank " + rank + ", received shape " + x.shape());
        }
    }
}
