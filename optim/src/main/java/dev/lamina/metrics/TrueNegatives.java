package dev.lamina.metrics;

import java.util.Map;

/** The weighted count of true negatives per threshold (default 0.5; positive iff {@code y_pred > threshold}). */
public class TrueNegatives extends ConfusionMatrixMetric {
    public TrueNegatives() {
        super("true_negatives");
    }

    public TrueNegatives(double threshold) {
        this();
        setThreshold(threshold);
    }

    public TrueNegatives(double... thresholds) {
        this();
        setThresholds(thresholds, true);
    }

    @Override
    public double[] results() {
        return trueNegatives();
    }

    @Override
    public Direction direction() {
        return Direction.UP;
    }

    public static TrueNegatives fromConfig(Map<String, Object> config) {
        return configure(new TrueNegatives(), config);
    }
}
