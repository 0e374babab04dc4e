package dev.lamina.losses;

import dev.lamina.tensor.Ops;
import dev.lamina.tensor.ReduceOps;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Map;

/**
 * Binary cross-entropy, averaged over the last axis. Labels are smoothed to {@code y(1 - ls) + 0.5 ls}. On
 * probabilities, {@code p} is clipped to Keras' float32 bounds {@code [1e-7, 1 - 1e-7]} and the loss is
 * {@code -(y log p + (1 - y) log(1 - p))} (Keras 3 form, no epsilon inside the logs); with {@code fromLogits} it
 * is the fused, overflow-free sigmoid cross-entropy.
 */
public class BinaryCrossentropy extends Loss {
    private boolean fromLogits;
    private double labelSmoothing;
    private int axis = -1;

    public BinaryCrossentropy() {
        super("binary_crossentropy");
    }

    public BinaryCrossentropy(boolean fromLogits) {
        this();
        this.fromLogits = fromLogits;
    }

    public boolean fromLogits() {
        return fromLogits;
    }

    public BinaryCrossentropy fromLogits(boolean fromLogits) {
        this.fromLogits = fromLogits;
        return this;
    }

    public double labelSmoothing() {
        return labelSmoothing;
    }

    public BinaryCrossentropy labelSmoothing(double labelSmoothing) {
        this.labelSmoothing = checkSmoothing("BinaryCrossentropy", labelSmoothing);
        return this;
    }

    public int axis() {
        return axis;
    }

    public BinaryCrossentropy axis(int axis) {
        this.axis = axis;
        return this;
    }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor[] p = align(yTrue, yPred);
        Tensor y = p[0];
        float ls = (float) labelSmoothing;
        if (ls > 0f) y = Ops.add(Ops.multiply(y, 1f - ls), 0.5f * ls);
        Tensor ce;
        if (fromLogits) {
            ce = LossSupport.sigmoidCrossEntropyWithLogits(y, p[1]);
        } else {
            Tensor prob = Ops.clip(p[1], LossSupport.EPSILON, LossSupport.ONE_MINUS_EPSILON);
            Tensor pos = Ops.multiply(y, Ops.log(prob));
            Tensor neg = Ops.multiply(Ops.subtract(Tensor.scalar(1f), y), Ops.log(Ops.subtract(Tensor.scalar(1f), prob)));
            ce = Ops.negate(Ops.add(pos, neg));
        }
        return ReduceOps.mean(ce, false, axis);
    }

    static double checkSmoothing(String who, double ls) {
        if (!(ls >= 0 && ls <= 1)) throw new IllegalArgumentException(who + ": expected 0 <= label_smoothing <= 1, received label_smoothing=" + ls);
        return ls;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("from_logits", fromLogits);
        c.put("label_smoothing", labelSmoothing);
        c.put("axis", (long) axis);
        return c;
    }

    public static BinaryCrossentropy fromConfig(Map<String, Object> config) {
        Integer axis = ConfigReader.of("BinaryCrossentropy.fromConfig", config).getNullableInt("axis");
        BinaryCrossentropy l = new BinaryCrossentropy(ConfigReader.of("BinaryCrossentropy.fromConfig", config).getBoolean("from_logits", false))
                .labelSmoothing(ConfigReader.of("BinaryCrossentropy.fromConfig", config).getDouble("label_smoothing", 0.0))
                .axis(axis == null ? -1 : axis);
        return LossSupport.base(l, config);
    }
}
