package dev.lamina.metrics;

import java.util.Map;

/** Streaming mean of the per-sample hinge loss. */
public class Hinge extends MeanMetricWrapper {
    public Hinge() {
        super("hinge", new dev.lamina.losses.Hinge()::perSample, Direction.DOWN);
    }

    public static Hinge fromConfig(Map<String, Object> config) {
        return MetricSupport.base(new Hinge(), config);
    }
}
