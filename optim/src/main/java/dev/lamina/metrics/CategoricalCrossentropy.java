package dev.lamina.metrics;

import dev.lamina.tensor.io.ConfigReader;
import java.util.Map;

/** Streaming mean of the per-sample categorical cross-entropy (same options and formula as the loss). */
public class CategoricalCrossentropy extends MeanMetricWrapper {
    private final boolean fromLogits;
    private final double labelSmoothing;

    public CategoricalCrossentropy() {
        this(false, 0.0);
    }

    public CategoricalCrossentropy(boolean fromLogits, double labelSmoothing) {
        super("categorical_crossentropy", new dev.lamina.losses.CategoricalCrossentropy(fromLogits).labelSmoothing(labelSmoothing)::perSample, Direction.DOWN);
        this.fromLogits = fromLogits;
        this.labelSmoothing = labelSmoothing;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("from_logits", fromLogits);
        c.put("label_smoothing", labelSmoothing);
        return c;
    }

    public static CategoricalCrossentropy fromConfig(Map<String, Object> config) {
        return MetricSupport.base(new CategoricalCrossentropy(ConfigReader.of("CategoricalCrossentropy.fromConfig", config).getBoolean("from_logits", false),
                ConfigReader.of("CategoricalCrossentropy.fromConfig", config).getDouble("label_smoothing", 0.0)), config);
    }
}
