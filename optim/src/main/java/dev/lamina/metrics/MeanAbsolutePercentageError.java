package dev.lamina.metrics;

import java.util.Map;

/** Streaming mean of the per-sample mean absolute percentage error. */
public class MeanAbsolutePercentageError extends MeanMetricWrapper {
    public MeanAbsolutePercentageError() {
        super("mean_absolute_percentage_error", new dev.lamina.losses.MeanAbsolutePercentageError()::perSample, Direction.DOWN);
    }

    public static MeanAbsolutePercentageError fromConfig(Map<String, Object> config) {
        return MetricSupport.base(new MeanAbsolutePercentageError(), config);
    }
}
