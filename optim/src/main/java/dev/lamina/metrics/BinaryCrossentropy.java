package dev.lamina.metrics;

import dev.lamina.tensor.io.ConfigReader;
import java.util.Map;

/** Streaming mean of the per-sample binary cross-entropy (same options and formula as the loss). */
public class BinaryCrossentropy extends MeanMetricWrapper {
    private final boolean fromLogits;
    private final double labelSmoothing;

    public BinaryCrossentropy() {
        this(false, 0.0);
    }

    public BinaryCrossentropy(boolean fromLogits, double labelSmoothing) {
        super("binary_crossentropy", new dev.lamina.losses.BinaryCrossentropy(fromLogits).labelSmoothing(labelSmoothing)::perSample, Direction.DOWN);
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

    public static BinaryCrossentropy fromConfig(Map<String, Object> config) {
        return MetricSupport.base(new BinaryCrossentropy(ConfigReader.of("BinaryCrossentropy.fromConfig", config).getBoolean("from_logits", false),
                ConfigReader.of("BinaryCrossentropy.fromConfig", config).getDouble("label_smoothing", 0.0)), config);
    }
}
