package dev.lamina.metrics;

import java.util.Map;

/** Streaming mean of the per-sample categorical hinge loss. */
public class CategoricalHinge extends MeanMetricWrapper {
    public CategoricalHinge() {
        super("categorical_hinge", new dev.lamina.losses.CategoricalHinge()::perSample, Direction.DOWN);
    }

    public static CategoricalHinge fromConfig(Map<String, Object> config) {
        return MetricSupport.base(new CategoricalHinge(), config);
    }
}
