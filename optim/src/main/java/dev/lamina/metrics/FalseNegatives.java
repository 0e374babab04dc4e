package dev.lamina.metrics;

import java.util.Map;

/** The weighted count of false negatives per threshold (default 0.5; positive iff {@code y_pred > threshold}). */
public class FalseNegatives extends ConfusionMatrixMetric {
    public FalseNegatives() {
        super("false_negatives");
    }

    public FalseNegatives(double threshold) {
        this();
        setThreshold(threshold);
    }

    public FalseNegatives(double... thresholds) {
        this();
        setThresholds(thresholds, true);
    }

    @Override
    public double[] results() {
        return falseNegatives();
    }

    @Override
    public Direction direction() {
        return Direction.DOWN;
    }

    public static FalseNegatives fromConfig(Map<String, Object> config) {
        return configure(new FalseNegatives(), config);
    }
}
