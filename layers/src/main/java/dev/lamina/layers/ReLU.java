package dev.lamina.layers;

import dev.lamina.tensor.NnOps;
import dev.lamina.tensor.Ops;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Map;

/**
 * Keras' {@code ReLU} layer: {@code max_value} for {@code x >= max_value}, {@code x} for
 * {@code threshold < x < max_value}, {@code negative_slope * (x - threshold)} otherwise (Keras' own computation,
 * so {@code x == threshold} gives 0). {@code new ReLU().maxValue(6)} is MobileNet's ReLU6. Every argument must be
 * at least 0; {@code max_value} null means no cap.
 */
public final class ReLU extends ElementwiseLayer {
    private Double maxValue;
    private double negativeSlope;
    private double threshold;

    public ReLU() {
        super("re_lu");
    }

    @Override
    public ReLU name(String n) {
        super.name(n);
        return this;
    }

    public ReLU maxValue(Double v) {
        requireNotBuilt("max_value");
        if (v != null && !(v >= 0)) throw new IllegalArgumentException("ReLU: expected max_value >= 0 or None, received max_value=" + v);
        maxValue = v;
        return this;
    }

    public ReLU maxValue(double v) {
        return maxValue(Double.valueOf(v));
    }

    public ReLU negativeSlope(double v) {
        requireNotBuilt("negative_slope");
        if (!(v >= 0)) throw new IllegalArgumentException("ReLU: expected negative_slope >= 0, received negative_slope=" + v);
        negativeSlope = v;
        return this;
    }

    public ReLU threshold(double v) {
        requireNotBuilt("threshold");
        if (!(v >= 0)) throw new IllegalArgumentException("ReLU: expected threshold >= 0, received threshold=" + v);
        threshold = v;
        return this;
    }

    public Double maxValue() {
        return maxValue;
    }

    public double negativeSlope() {
        return negativeSlope;
    }

    public double threshold() {
        return threshold;
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        float t = (float) threshold, slope = (float) negativeSlope;
        if (maxValue == null && t == 0f) return slope == 0f ? NnOps.relu(x) : NnOps.leakyRelu(x, slope);
        Tensor y = t == 0f ? NnOps.relu(x) : Ops.multiply(x, Ops.greater(x, Tensor.scalar(t)));
        if (maxValue != null) y = Ops.minimum(y, Tensor.scalar(maxValue.floatValue()));
        if (slope != 0f) y = Ops.subtract(y, Ops.multiply(NnOps.relu(Ops.add(Ops.negate(x), t)), slope));
        return y;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("max_value", maxValue);
        c.put("negative_slope", negativeSlope);
        c.put("threshold", threshold);
        return c;
    }

    /** Rebuilds a ReLU from {@link #getConfig()}. */
    public static ReLU fromConfig(Map<String, Object> config) {
        ConfigReader r = LayerConfigs.reader("ReLU", config);
        ReLU relu = new ReLU();
        relu.maxValue(r.getNullableDouble("max_value", null));
        relu.negativeSlope(r.getDouble("negative_slope", 0.0));
        relu.threshold(r.getDouble("threshold", 0.0));
        return LayerConfigs.restoreBase(relu, r);
    }
}
