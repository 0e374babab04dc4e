package dev.lamina.metrics;

import java.util.Map;

/** Streaming mean of the per-sample mean squared error. */
public class MeanSquaredError extends MeanMetricWrapper {
    public MeanSquaredError() {
        super("mean_squared_error", new dev.lamina.losses.MeanSquaredError()::perSample, Direction.DOWN);
    }

    public static MeanSquaredError fromConfig(Map<String, Object> config) {
        return MetricSupport.base(new MeanSquaredError(), config);
    }
}
