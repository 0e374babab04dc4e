package dev.lamina.layers;

import dev.lamina.tensor.Ops;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.List;
import java.util.Map;

/**
 * Keras' {@code Masking(mask_value=0.0)}: for a sequence {@code [batch, time, features]}, a step whose every feature
 * equals {@code mask_value} is masked: its output is zeros and the output carries the mask
 * {@code any(x != mask_value, axis=-1)} {@code [batch, time]} for the layers after it. An input mask is replaced.
 */
public final class Masking extends Layer {
    private final double maskValue;

    public Masking() {
        this(0.0);
    }

    public Masking(double maskValue) {
        super("masking");
        if (Double.isNaN(maskValue)) throw new IllegalArgumentException("Masking: expected a mask_value that is a number, received NaN");
        this.maskValue = maskValue;
    }

    @Override
    public Masking name(String n) {
        super.name(n);
        return this;
    }

    public double maskValue() {
        return maskValue;
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    protected void checkInput(Shape expected, Shape received) {
        if (received.rank() < 2) {
            throw new IllegalArgumentException(ConvArgs.who(this) + ": expected an input [batch, ..., features] of rank >= 2, received " + received);
        }
        super.checkInput(expected, received);
    }

    @Override
    protected void build(Shape in) {
        checkInput(in, in);
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> in) {
        return List.of(in.get(0));
    }

    /** 1 where some feature differs from mask_value, shaped like the input without its last axis. */
    @Override
    protected Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        Tensor x = inputs.get(0);
        int f = x.shape().last();
        float v = (float) maskValue;
        float[] m = new float[x.size() / f];
        for (int r = 0; r < m.length; r++) {
            for (int j = 0; j < f; j++) {
                if (x.get(r * f + j) != v) {
                    m[r] = 1f;
                    break;
                }
            }
        }
        int[] d = java.util.Arrays.copyOf(x.shape().toArray(), x.rank() - 1);
        return Tensor.of(m, Shape.of(d));
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return Ops.multiply(x, Masks.expand(computeMask(List.of(x), List.of()), x.rank()));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("mask_value", maskValue);
        return c;
    }

    /** Rebuilds a Masking layer from {@link #getConfig()}. */
    public static Masking fromConfig(Map<String, Object> c) {
        ConfigReader r = LayerConfigs.reader("Masking", c);
        return LayerConfigs.restoreBase(new Masking(r.getDouble("mask_value", 0.0)), r);
    }
}
