package dev.lamina.metrics;

import java.util.Map;

/** Streaming mean of the per-sample mean absolute error. */
public class MeanAbsoluteError extends MeanMetricWrapper {
    public MeanAbsoluteError() {
        super("mean_absolute_error", new dev.lamina.losses.MeanAbsoluteError()::perSample, Direction.DOWN);
    }

    public static MeanAbsoluteError fromConfig(Map<String, Object> config) {
        return MetricSupport.base(new MeanAbsoluteError(), config);
    }
}
