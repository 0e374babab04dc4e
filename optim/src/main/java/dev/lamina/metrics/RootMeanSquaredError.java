package dev.lamina.metrics;

import java.util.Map;

/** {@code sqrt(total / count)} of the streaming mean squared error: the square root is taken at result time. */
public class RootMeanSquaredError extends MeanMetricWrapper {
    public RootMeanSquaredError() {
        super("root_mean_squared_error", new dev.lamina.losses.MeanSquaredError()::perSample, Direction.DOWN);
    }

    @Override
    public double result() {
        return Math.sqrt(super.result());
    }

    public static RootMeanSquaredError fromConfig(Map<String, Object> config) {
        return MetricSupport.base(new RootMeanSquaredError(), config);
    }
}
