package dev.lamina.metrics;

import dev.lamina.tensor.io.ConfigReader;
import java.util.Map;

/** Streaming mean of the per-sample sparse categorical cross-entropy (integer labels, as the loss). */
public class SparseCategoricalCrossentropy extends MeanMetricWrapper {
    private final boolean fromLogits;

    public SparseCategoricalCrossentropy() {
        this(false);
    }

    public SparseCategoricalCrossentropy(boolean fromLogits) {
        super("sparse_categorical_crossentropy", new dev.lamina.losses.SparseCategoricalCrossentropy(fromLogits)::perSample, Direction.DOWN);
        this.fromLogits = fromLogits;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("from_logits", fromLogits);
        return c;
    }

    public static SparseCategoricalCrossentropy fromConfig(Map<String, Object> config) {
        return MetricSupport.base(new SparseCategoricalCrossentropy(ConfigReader.of("SparseCategoricalCrossentropy.fromConfig", config).getBoolean("from_logits", false)), config);
    }
}
