package dev.lamina.metrics;

import java.util.Map;

/** Streaming mean of the per-sample mean squared logarithmic error. */
public class MeanSquaredLogarithmicError extends MeanMetricWrapper {
    public MeanSquaredLogarithmicError() {
        super("mean_squared_logarithmic_error", new dev.lamina.losses.MeanSquaredLogarithmicError()::perSample, Direction.DOWN);
    }

    public static MeanSquaredLogarithmicError fromConfig(Map<String, Object> config) {
        return MetricSupport.base(new MeanSquaredLogarithmicError(), config);
    }
}
