package dev.lamina.layers;

import dev.lamina.tensor.Ops;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.ShapeMismatchException;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.List;
import java.util.Map;

/**
 * Keras' {@code Concatenate(axis=-1)}: joins two or more inputs along {@code axis} (counted with the batch axis);
 * every other dimension must match.
 */
public final class Concatenate extends Merge<Concatenate> {
    private final int axis;

    public Concatenate() {
        this(-1);
    }

    public Concatenate(int axis) {
        super("concatenate");
        this.axis = axis;
    }

    /** Keras' {@code layers.concatenate([x1, x2, ...])} along the last axis. */
    public static SymbolicTensor concatenate(SymbolicTensor... inputs) {
        return new Concatenate().apply(inputs);
    }

    /** Keras' {@code layers.concatenate(inputs, axis=axis)}. */
    public static SymbolicTensor concatenate(List<SymbolicTensor> inputs, int axis) {
        return new Concatenate(axis).apply(inputs);
    }

    public int axis() {
        return axis;
    }

    @Override
    protected Shape outputShape(List<Shape> shapes) {
        checkCount(shapes.size());
        Shape first = shapes.get(0);
        int rank = first.rank();
        if (axis < -rank || axis >= rank) {
            throw new IllegalArgumentException(ConvArgs.who(this) + ": expected axis in [" + -rank + ", " + rank + ") for inputs of rank " + rank + ", received axis=" + axis);
        }
        int ax = first.axis(axis);
        int[] out = first.toArray();
        for (int i = 1; i < shapes.size(); i++) {
            Shape s = shapes.get(i);
            boolean ok = s.rank() == rank;
            for (int d = 0; ok && d < rank; d++) {
                if (d == ax) continue;
                int a = out[d], b = s.dim(d);
                if (a == Shape.UNKNOWN) out[d] = b;
                else ok = b == Shape.UNKNOWN || a == b;
            }
            if (!ok) throw new ShapeMismatchException(ConvArgs.who(this), "matching shapes except along axis " + axis, first, s);
            out[ax] = out[ax] == Shape.UNKNOWN || s.dim(ax) == Shape.UNKNOWN ? Shape.UNKNOWN : out[ax] + s.dim(ax);
        }
        return Shape.of(out);
    }

    @Override
    protected Tensor merge(List<Tensor> xs) {
        return Ops.concatenate(xs, axis);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", axis);
        return c;
    }

    /** Rebuilds a Concatenate from {@link #getConfig()}. */
    public static Concatenate fromConfig(Map<String, Object> config) {
        return new Concatenate(LayerConfigs.reader("Concatenate", config).getInt("axis", -1)).configure(config);
    }
}
