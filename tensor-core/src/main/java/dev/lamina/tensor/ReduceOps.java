package dev.lamina.tensor;

import dev.lamina.tensor.kernels.Kernels;

/** Reductions over axes, with Keras' {@code keepdims}. An empty axes list means every axis. */
public final class ReduceOps {
    private ReduceOps() {
    }

    /** Sum of every element, as a scalar. */
    public static Tensor sum(Tensor x) {
        return sum(x, false);
    }

    public static Tensor sum(Tensor x, boolean keepDims, int... axes) {
        boolean[] r = flags("sum", x.shape(), axes);
        Shape out = reducedShape(x.shape(), r, keepDims);
        Tensor y = run(Reduce.SUM, x, r, out);
        Shape in = x.shape();
        Shape kept = reducedShape(in, r, true);
        return Autodiff.record("sum", y, x, g -> new Tensor[]{Ops.broadcastTo(g.reshape(kept.toArray()), in)});
    }

    public static Tensor mean(Tensor x) {
        return mean(x, false);
    }

    public static Tensor mean(Tensor x, boolean keepDims, int... axes) {
        boolean[] r = flags("mean", x.shape(), axes);
        int count = 1;
        for (int d = 0; d < r.length; d++) if (r[d]) count *= x.shape().dim(d);
        return Ops.multiply(sum(x, keepDims, axes), 1f / count);
    }

    /** Maximum over axes; the gradient goes to every position equal to the maximum. */
    public static Tensor max(Tensor x, boolean keepDims, int... axes) {
        return extreme("max", Reduce.MAX, x, keepDims, axes);
    }

    public static Tensor min(Tensor x, boolean keepDims, int... axes) {
        return extreme("min", Reduce.MIN, x, keepDims, axes);
    }

    private static Tensor extreme(String name, int op, Tensor x, boolean keepDims, int[] axes) {
        boolean[] r = flags(name, x.shape(), axes);
        Shape out = reducedShape(x.shape(), r, keepDims);
        Tensor y = run(op, x, r, out);
        Shape kept = reducedShape(x.shape(), r, true);
        int[] block = Reduce.contiguousBlock(x.shape(), r);
        if (block != null) {        // one pass: the composed backward below, element by element
            return Autodiff.record(name, y, x, g -> {
                float[] dx = new float[x.size()];
                Reduce.extremeGrad(x.data(), x.offset(), block[0], block[1], block[2], y.data(), g.data(), g.offset(), dx);
                return new Tensor[]{Tensor.of(dx, x.shape())};
            });
        }
        return Autodiff.record(name, y, x, g -> {
            Tensor mask = Ops.equal(x, y.reshape(kept.toArray()));
            Tensor count = sum(mask, true, axes);
            return new Tensor[]{Ops.divide(Ops.multiply(mask, g.reshape(kept.toArray())), count)};
        });
    }

    /**
     * The flat (row-major) index of the first NaN or infinity in {@code x}, or -1 when every element is finite: a
     * scan of the whole tensor at memory speed, split between threads, for checking data before training on it.
     */
    public static int firstNonFinite(Tensor x) {
        return Kernels.firstNonFinite(x.data(), x.offset(), x.size());
    }

    /**
     * Index of the largest value along {@code axis} (first one at ties), as floats; no gradient. A NaN counts as the
     * largest (the first NaN's index), as in NumPy and PyTorch, so {@code x[argmax(x)]} is {@code max(x)}.
     */
    public static Tensor argmax(Tensor x, int axis) {
        return arg(Reduce.ARGMAX, x, axis);
    }

    /** Index of the smallest value along {@code axis} (first one at ties; the first NaN if any), as floats; no gradient. */
    public static Tensor argmin(Tensor x, int axis) {
        return arg(Reduce.ARGMIN, x, axis);
    }

    private static Tensor arg(int op, Tensor x, int axis) {
        boolean[] r = new boolean[x.rank()];
        r[Ops.axis(op == Reduce.ARGMAX ? "argmax" : "argmin", x.shape(), axis)] = true;
        return run(op, x, r, reducedShape(x.shape(), r, false));
    }

    /** Population variance over axes (divides by N, as Keras' {@code ops.var}). */
    public static Tensor variance(Tensor x, boolean keepDims, int... axes) {
        flags("variance", x.shape(), axes);   // validate under this op's name before composing
        Tensor centred = Ops.subtract(x, mean(x, true, axes));
        return mean(Ops.square(centred), keepDims, axes);
    }

    /** Sums {@code x} down to {@code shape}, undoing a NumPy broadcast (used for gradients). */
    public static Tensor sumTo(Tensor x, Shape shape) {
        return Ops.sumTo(x, shape);
    }

    static Tensor run(int op, Tensor x, boolean[] r, Shape out) {
        float[] o = new float[out.size()];
        Reduce.reduce(op, x.data(), x.offset(), x.shape(), r, o);
        return Tensor.of(o, out);
    }

    static boolean[] flags(String op, Shape s, int[] axes) {
        boolean[] r = new boolean[s.rank()];
        if (axes.length == 0) {
            java.util.Arrays.fill(r, true);
            return r;
        }
        for (int a : axes) {
            int ax;
            try {
                ax = s.axis(a);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(op + ": axis " + a + " is out of range for shape " + s);
            }
            if (r[ax]) throw new IllegalArgumentException(op + ": axis " + a + " is repeated");
            r[ax] = true;
        }
        return r;
    }

    static Shape reducedShape(Shape s, boolean[] r, boolean keepDims) {
        int n = 0;
        for (boolean b : r) if (!b || keepDims) n++;
        int[] d = new int[n];
        for (int i = 0, j = 0; i < r.length; i++) {
            if (!r[i]) d[j++] = s.dim(i);
            else if (keepDims) d[j++] = 1;
        }
        return Shape.of(d);
    }
}
