package dev.lamina.layers;

import dev.lamina.tensor.NnOps;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Map;

/** Keras' {@code Softmax} layer: {@code exp(x) / sum(exp(x))} along {@code axis} (default -1, the last). */
public final class Softmax extends ElementwiseLayer {
    private final int axis;

    public Softmax() {
        this(-1);
    }

    public Softmax(int axis) {
        super("softmax");
        this.axis = axis;
    }

    @Override
    public Softmax name(String n) {
        super.name(n);
        return this;
    }

    public int axis() {
        return axis;
    }

    @Override
    protected void build(Shape in) {
        checkAxis(in);
    }

    @Override
    protected void checkInput(Shape expected, Shape received) {
        checkAxis(received);
    }

    private void checkAxis(Shape in) {
        if (axis >= in.rank() || axis < -in.rank() || axis == 0 || axis == -in.rank()) {
            throw new IllegalArgumentException(ConvArgs.who(this) + ": expected an axis other than the batch axis within rank "
                    + in.rank() + ", received axis=" + axis + " for input shape " + in);
        }
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return NnOps.softmax(x, axis);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", axis);
        return c;
    }

    /** Rebuilds a Softmax from {@link #getConfig()}; Keras' one-element axis list ({@code [-1]}) is accepted too. */
    public static Softmax fromConfig(Map<String, Object> config) {
        ConfigReader r = LayerConfigs.reader("Softmax", config);
        int[] axis = r.getInts("axis", 1);
        return LayerConfigs.restoreBase(new Softmax(axis == null ? -1 : axis[0]), r);
    }

    /** Keras' Softmax uses a mask to exclude scores (attention), which this layer does not do, so a mask is refused. */
    @Override
    public boolean supportsMasking() {
        return false;
    }
}
