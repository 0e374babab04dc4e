package dev.lamina.metrics;

import java.util.Map;

/** Streaming mean of the per-sample squared hinge loss. */
public class SquaredHinge extends MeanMetricWrapper {
    public SquaredHinge() {
        super("squared_hinge", new dev.lamina.losses.SquaredHinge()::perSample, Direction.DOWN);
    }

    public static SquaredHinge fromConfig(Map<String, Object> config) {
        return MetricSupport.base(new SquaredHinge(), config);
    }
}
