package dev.lamina.metrics;

import java.util.Map;

/**
 * {@code TP / (TP + FN)} over everything seen, per threshold (0 when there was no positive label). Default
 * threshold 0.5, strictly greater is positive; see {@link ConfusionMatrixMetric} for {@code topK} and
 * {@code classId}.
 */
public class Recall extends PrecisionRecall<Recall> {
    public Recall() {
        super("recall");
    }

    @Override
    public double[] results() {
        return ratio(truePositives(), falseNegatives());
    }

    public static Recall fromConfig(Map<String, Object> config) {
        return configure(new Recall(), config);
    }
}
