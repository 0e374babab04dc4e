package dev.lamina.metrics;

import java.util.Map;

/** Streaming mean of the per-sample log-cosh error. */
public class LogCoshError extends MeanMetricWrapper {
    public LogCoshError() {
        super("logcosh", new dev.lamina.losses.LogCosh()::perSample, Direction.DOWN);
    }

    public static LogCoshError fromConfig(Map<String, Object> config) {
        return MetricSupport.base(new LogCoshError(), config);
    }
}
