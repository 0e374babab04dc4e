package dev.lamina.layers;

import dev.lamina.tensor.Ops;
import dev.lamina.tensor.ReduceOps;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.ShapeMismatchException;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Keras' {@code Dot(axes, normalize)}: the per-sample dot product of two inputs along {@code axes} (one axis for
 * both, or one each; negative counts from the end; never the batch axis). The output holds the remaining axes of
 * the first input, then of the second (Keras' {@code batch_dot}), and is {@code (batch, 1)} when none remain. With
 * {@code normalize}, both inputs are L2-normalised along their axes first, giving the cosine similarity.
 */
public final class Dot extends Layer {
    private static final float L2_EPSILON = 1e-12f;
    private final int[] axes;
    private boolean normalize;

    /** @param axes one axis for both inputs, or one each */
    public Dot(int... axes) {
        super("dot");
        if (axes == null || (axes.length != 1 && axes.length != 2)) {
            throw new IllegalArgumentException("Dot: expected axes as 1 or 2 integers, received axes=" + Arrays.toString(axes));
        }
        this.axes = axes.clone();
    }

    @Override
    public Dot name(String n) {
        super.name(n);
        return this;
    }

    public Dot normalize(boolean n) {
        requireNotBuilt("normalize");
        normalize = n;
        return this;
    }

    @Override
    protected void build(List<Shape> in) {
        outputShape(in);
    }

    @Override
    protected void checkInputs(List<Shape> received) {
        outputShape(received);
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> in) {
        return List.of(outputShape(in));
    }

    /** The two contracted axes, normalised, for these input shapes. */
    private int[] resolved(Shape a, Shape b) {
        int[] r = {axes[0], axes.length == 1 ? axes[0] : axes[1]};
        Shape[] s = {a, b};
        for (int i = 0; i < 2; i++) {
            int p = r[i] < 0 ? r[i] + s[i].rank() : r[i];
            if (p < 1 || p >= s[i].rank()) {
                throw new IllegalArgumentException(ConvArgs.who(this) + ": expected axes off the batch axis within each input's rank, received axes="
                        + Arrays.toString(axes) + " for input shapes " + a + " and " + b);
            }
            r[i] = p;
        }
        return r;
    }

    private Shape outputShape(List<Shape> in) {
        if (in.size() != 2) throw new IllegalArgumentException(ConvArgs.who(this) + ": expected a list of 2 inputs, received " + in.size());
        Shape a = in.get(0), b = in.get(1);
        int[] r = resolved(a, b);
        int da = a.dim(r[0]), db = b.dim(r[1]);
        if (da != Shape.UNKNOWN && db != Shape.UNKNOWN && da != db) {
            throw new ShapeMismatchException(ConvArgs.who(this), "equal sizes along axes " + Arrays.toString(r), a, b);
        }
        List<Integer> out = new ArrayList<>();
        out.add(a.dim(0));
        for (int i = 1; i < a.rank(); i++) if (i != r[0]) out.add(a.dim(i));
        for (int i = 1; i < b.rank(); i++) if (i != r[1]) out.add(b.dim(i));
        if (out.size() == 1) out.add(1);
        return Shape.of(out.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    protected Tensor call(List<Tensor> inputs, boolean training) {
        Tensor a = inputs.get(0), b = inputs.get(1);
        int[] r = resolved(a.shape(), b.shape());
        if (normalize) {
            a = l2Normalize(a, r[0]);
            b = l2Normalize(b, r[1]);
        }
        // [batch, rest_a, 1, d] * [batch, 1, rest_b, d] summed over d.
        Tensor pa = last(a, r[0]), pb = last(b, r[1]);
        int batch = a.shape().dim(0), d = pa.shape().last();
        int na = pa.size() / Math.max(1, batch * d), nb = pb.size() / Math.max(1, batch * d);
        Tensor prod = Ops.multiply(Ops.reshape(pa, batch, na, 1, d), Ops.reshape(pb, batch, 1, nb, d));
        return Ops.reshape(ReduceOps.sum(prod, false, 3), outputShape(List.of(a.shape(), b.shape())).toArray());
    }

    /** {@code x} with {@code axis} moved to the end. */
    private static Tensor last(Tensor x, int axis) {
        if (axis == x.rank() - 1) return x;
        int[] order = new int[x.rank()];
        for (int i = 0, k = 0; i < x.rank(); i++) if (i != axis) order[k++] = i;
        order[x.rank() - 1] = axis;
        return Ops.permute(x, order);
    }

    private static Tensor l2Normalize(Tensor x, int axis) {
        Tensor norm = Ops.sqrt(Ops.maximum(ReduceOps.sum(Ops.square(x), true, axis), Tensor.scalar(L2_EPSILON)));
        return Ops.divide(x, norm);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axes", axes.length == 1 ? (Object) axes[0] : LayerConfigs.list(axes));
        c.put("normalize", normalize);
        return c;
    }

    /** Rebuilds a Dot from {@link #getConfig()}: axes an int or a pair. */
    public static Dot fromConfig(Map<String, Object> config) {
        ConfigReader r = LayerConfigs.reader("Dot", config);
        Dot d = new Dot(config.get("axes") instanceof Number ? r.requireInts("axes", 1) : r.requireInts("axes", 2));
        d.normalize(r.getBoolean("normalize", false));
        return LayerConfigs.restoreBase(d, r);
    }
}
