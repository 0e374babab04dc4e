package dev.lamina.metrics;

import java.util.Map;

/**
 * {@code TP / (TP + FN)} over everything seen, per threshold (0 when there was no positive label). Default
 * threshold 0.5, strictly greater is positive; see {@link ConfusionMatrixMetric} for {@code topK} and
 * {@code classId}.
 */
public class Recall extends ConfusionMatrixMetric {
    public Recall() {
        super("recall");
    }

    public Recall thresholds(double threshold) {
        setThreshold(threshold);
        return this;
    }

    public Recall thresholds(double... thresholds) {
        setThresholds(thresholds, true);
        return this;
    }

    public Recall topK(Integer k) {
        setTopK(k);
        return this;
    }

    public Recall classId(Integer id) {
        setClassId(id);
        return this;
    }

    @Override
    public double[] results() {
        return ratio(truePositives(), falseNegatives());
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

    public static Recall fromConfig(Map<String, Object> config) {
        return configure(new Recall(), config);
    }
}
