package dev.lamina.metrics;

import java.util.Map;

/** Streaming mean of the per-sample Poisson loss; no declared direction (as Keras). */
public class Poisson extends MeanMetricWrapper {
    public Poisson() {
        super("poisson", new dev.lamina.losses.Poisson()::perSample, Direction.NONE);
    }

    public static Poisson fromConfig(Map<String, Object> config) {
        return MetricSupport.base(new Poisson(), config);
    }
}
