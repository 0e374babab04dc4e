package dev.lamina.metrics;

import java.util.Map;

/**
 * {@code TP / (TP + FP)} over everything seen, per threshold (0 when nothing was predicted positive). Default
 * threshold 0.5, strictly greater is positive; see {@link ConfusionMatrixMetric} for {@code topK} and
 * {@code classId}.
 */
public class Precision extends PrecisionRecall<Precision> {
    public Precision() {
        super("precision");
    }

    @Override
    public double[] results() {
        return ratio(truePositives(), falsePositives());
    }

    public static Precision fromConfig(Map<String, Object> config) {
        return configure(new Precision(), config);
    }
}
