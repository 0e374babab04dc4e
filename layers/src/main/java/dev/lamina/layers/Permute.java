package dev.lamina.layers;

import dev.lamina.tensor.Ops;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Keras' {@code Permute(dims)}: reorders the axes after the batch axis; {@code dims} is a permutation of
 * {@code 1..k} (1-based, the batch axis stays first), e.g. {@code Permute(2, 1)} swaps time and features.
 */
public final class Permute extends Layer {
    private final int[] dims;

    public Permute(int... dims) {
        super("permute");
        boolean[] seen = new boolean[dims.length + 1];
        for (int d : dims) {
            if (d < 1 || d > dims.length || seen[d]) {
                throw new IllegalArgumentException("Permute: expected dims a permutation of 1.." + dims.length + " (the batch axis is not counted), received "
                        + Arrays.toString(dims));
            }
            seen[d] = true;
        }
        if (dims.length == 0) throw new IllegalArgumentException("Permute: expected at least one axis in dims, received []");
        this.dims = dims.clone();
    }

    @Override
    public Permute name(String n) {
        super.name(n);
        return this;
    }

    public int[] dims() {
        return dims.clone();
    }

    @Override
    protected void build(Shape in) {
        checkInput(in, in);
    }

    @Override
    protected void checkInput(Shape expected, Shape received) {
        if (received.rank() != dims.length + 1) {
            throw new IllegalArgumentException(ConvArgs.who(this) + ": expected an input of rank " + (dims.length + 1) + " for dims "
                    + Arrays.toString(dims) + ", received " + received);
        }
        super.checkInput(expected, received);
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> in) {
        Shape s = in.get(0);
        int[] out = new int[dims.length + 1];
        out[0] = s.dim(0);
        for (int i = 0; i < dims.length; i++) out[i + 1] = s.dim(dims[i]);
        return List.of(Shape.of(out));
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        int[] axes = new int[dims.length + 1];
        for (int i = 0; i < dims.length; i++) axes[i + 1] = dims[i];
        return Ops.permute(x, axes);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("dims", LayerConfigs.list(dims));
        return c;
    }

    /** Rebuilds a Permute from {@link #getConfig()}; {@code dims} as a list. */
    public static Permute fromConfig(Map<String, Object> c) {
        ConfigReader r = LayerConfigs.reader("Permute", c);
        return LayerConfigs.restoreBase(new Permute(r.requireInts("dims", -1)), r);
    }
}
