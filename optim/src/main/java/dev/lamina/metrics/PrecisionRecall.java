package dev.lamina.metrics;

import java.util.Map;

/**
 * What {@link Precision} and {@link Recall} share: Keras' {@code thresholds}, {@code top_k} and {@code class_id}
 * arguments as fluent setters returning the metric itself ({@code M}), higher-is-better, and a config that names
 * {@code top_k} and {@code class_id}. Each subclass gives only its ratio.
 */
public abstract class PrecisionRecall<M extends PrecisionRecall<M>> extends ConfusionMatrixMetric {
    protected PrecisionRecall(String name) {
        super(name);
    }

    @SuppressWarnings("unchecked")
    private M self() {
        return (M) this;
    }

    public M thresholds(double threshold) {
        setThreshold(threshold);
        return self();
    }

    public M thresholds(double... thresholds) {
        setThresholds(thresholds, true);
        return self();
    }

    public M topK(Integer k) {
        setTopK(k);
        return self();
    }

    public M classId(Integer id) {
        setClassId(id);
        return self();
    }

    @Override
    public Direction direction() {
        return Direction.UP;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("top_k", topK() == null ? null : (Object) topK().longValue());
        c.put("class_id", classId() == null ? null : (Object) classId().longValue());
        return c;
    }
}
