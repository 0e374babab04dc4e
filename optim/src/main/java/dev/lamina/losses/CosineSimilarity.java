package dev.lamina.losses;

import dev.lamina.tensor.Ops;
import dev.lamina.tensor.ReduceOps;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Map;

/**
 * {@code -sum(l2_normalize(y_true) * l2_normalize(y_pred))} along {@code axis}: -1 for aligned vectors, so smaller
 * is better (Keras' sign; the metric of the same name is positive).
 */
public class CosineSimilarity extends Loss {
    private int axis = -1;

    public CosineSimilarity() {
        super("cosine_similarity");
    }

    public CosineSimilarity(int axis) {
        this();
        this.axis = axis;
    }

    public int axis() {
        return axis;
    }

    public CosineSimilarity axis(int axis) {
        this.axis = axis;
        return this;
    }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor[] p = align(yTrue, yPred);
        if (axis < -p[1].rank() || axis >= p[1].rank()) {
            throw new IllegalArgumentException("CosineSimilarity: axis " + axis + " is out of range for inputs of shape " + p[1].shape());
        }
        return Ops.negate(ReduceOps.sum(Ops.multiply(l2Normalize(p[0], axis), l2Normalize(p[1], axis)), false, axis));
    }

    /** tf.keras' {@code l2_normalize}: {@code x / sqrt(max(sum(x^2), 1e-12))} along {@code axis}. */
    static Tensor l2Normalize(Tensor x, int axis) {
        Tensor sq = ReduceOps.sum(Ops.square(x), true, axis);
        return Ops.divide(x, Ops.sqrt(Ops.maximum(sq, Tensor.scalar(1e-12f))));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", (long) axis);
        return c;
    }

    public static CosineSimilarity fromConfig(Map<String, Object> config) {
        Integer axis = ConfigReader.of("CosineSimilarity.fromConfig", config).getNullableInt("axis");
        return LossSupport.base(new CosineSimilarity(axis == null ? -1 : axis), config);
    }
}
