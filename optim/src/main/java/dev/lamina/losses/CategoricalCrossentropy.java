package dev.lamina.losses;

import dev.lamina.tensor.NnOps;
import dev.lamina.tensor.Ops;
import dev.lamina.tensor.ReduceOps;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Map;

/**
 * Categorical cross-entropy {@code -sum(y * log q)} over the last (class) axis, for one-hot or soft targets shaped
 * like the predictions. Labels are smoothed to {@code y(1 - ls) + ls / classes}. On probabilities the rows are
 * renormalised ({@code q = p / sum(p)}) and clipped to Keras' float32 bounds {@code [1e-7, 1 - 1e-7]}; with
 * {@code fromLogits} the fused {@link NnOps#softmaxCrossEntropyWithLogits} is used.
 */
public class CategoricalCrossentropy extends Loss {
    private boolean fromLogits;
    private double labelSmoothing;

    public CategoricalCrossentropy() {
        super("categorical_crossentropy");
    }

    public CategoricalCrossentropy(boolean fromLogits) {
        this();
        this.fromLogits = fromLogits;
    }

    public boolean fromLogits() {
        return fromLogits;
    }

    public CategoricalCrossentropy fromLogits(boolean fromLogits) {
        this.fromLogits = fromLogits;
        return this;
    }

    public double labelSmoothing() {
        return labelSmoothing;
    }

    public CategoricalCrossentropy labelSmoothing(double labelSmoothing) {
        this.labelSmoothing = BinaryCrossentropy.checkSmoothing("CategoricalCrossentropy", labelSmoothing);
        return this;
    }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor[] p = align(yTrue, yPred);
        Tensor y = p[0];
        float ls = (float) labelSmoothing;
        if (ls > 0f) y = Ops.add(Ops.multiply(y, 1f - ls), ls / p[1].shape().last());
        return fromLogits ? NnOps.softmaxCrossEntropyWithLogits(p[1], y) : probabilityCrossEntropy(y, p[1]);
    }

    /** {@code -sum(y * log(clip(p / sum(p))))} over the last axis: Keras' probability path. */
    static Tensor probabilityCrossEntropy(Tensor y, Tensor prob) {
        Tensor q = Ops.divide(prob, ReduceOps.sum(prob, true, -1));
        q = Ops.clip(q, LossSupport.EPSILON, LossSupport.ONE_MINUS_EPSILON);
        return Ops.negate(ReduceOps.sum(Ops.multiply(y, Ops.log(q)), false, -1));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("from_logits", fromLogits);
        c.put("label_smoothing", labelSmoothing);
        c.put("axis", -1L);
        return c;
    }

    public static CategoricalCrossentropy fromConfig(Map<String, Object> config) {
        Integer axis = ConfigReader.of("CategoricalCrossentropy.fromConfig", config).getNullableInt("axis");
        if (axis != null && axis != -1) {
            throw new IllegalArgumentException("CategoricalCrossentropy: expected the class axis -1, received axis=" + axis);
        }
        CategoricalCrossentropy l = new CategoricalCrossentropy(ConfigReader.of("CategoricalCrossentropy.fromConfig", config).getBoolean("from_logits", false))
                .labelSmoothing(ConfigReader.of("CategoricalCrossentropy.fromConfig", config).getDouble("label_smoothing", 0.0));
        return LossSupport.base(l, config);
    }
}
