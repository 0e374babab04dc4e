package dev.lamina.metrics;

import java.util.Map;

/**
 * {@code TP / (TP + FP)} over everything seen, per threshold (0 when nothing was predicted positive). Default
 * threshold 0.5, strictly greater is positive; see {@link ConfusionMatrixMetric} for {@code topK} and
 * {@code classId}.
 */
public class Precision extends ConfusionMatrixMetric {
    public Precision() {
        super("precision");
    }

    public Precision thresholds(double threshold) {
        setThreshold(threshold);
        return this;
    }

    public Precision thresholds(double... thresholds) {
        setThresholds(thresholds, true);
        return this;
    }

    public Precision topK(Integer k) {
        setTopK(k);
        return this;
    }

    public Precision classId(Integer id) {
        setClassId(id);
        return this;
    }

    @Override
    public double[] results() {
        return ratio(truePositives(), falsePositives());
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

    public static Precision fromConfig(Map<String, Object> config) {
        return configure(new Precision(), config);
    }
}
