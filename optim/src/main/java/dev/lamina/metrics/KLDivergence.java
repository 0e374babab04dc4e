package dev.lamina.metrics;

import java.util.Map;

/** Streaming mean of the per-sample Kullback-Leibler divergence; no declared direction (as Keras). */
public class KLDivergence extends MeanMetricWrapper {
    public KLDivergence() {
        super("kl_divergence", new dev.lamina.losses.KLDivergence()::perSample, Direction.NONE);
    }

    public static KLDivergence fromConfig(Map<String, Object> config) {
        return MetricSupport.base(new KLDivergence(), config);
    }
}
