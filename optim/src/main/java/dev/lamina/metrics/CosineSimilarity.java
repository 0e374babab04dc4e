package dev.lamina.metrics;

import dev.lamina.tensor.Ops;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Map;

/**
 * Streaming mean of {@code sum(l2_normalize(y_true) * l2_normalize(y_pred))} along {@code axis}: positive, 1 for
 * aligned vectors (the loss of the same name is its negative).
 */
public class CosineSimilarity extends MeanMetricWrapper {
    private final int axis;

    public CosineSimilarity() {
        this(-1);
    }

    public CosineSimilarity(int axis) {
        super("cosine_similarity", (t, p) -> Ops.negate(new dev.lamina.losses.CosineSimilarity(axis).perSample(t, p)), Direction.UP);
        this.axis = axis;
    }

    public int axis() {
        return axis;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", (long) axis);
        return c;
    }

    public static CosineSimilarity fromConfig(Map<String, Object> config) {
        Integer axis = ConfigReader.of("CosineSimilarity.fromConfig", config).getNullableInt("axis");
        return MetricSupport.base(new CosineSimilarity(axis == null ? -1 : axis), config);
    }
}
