package dev.lamina.metrics;

import java.util.Map;

/** The weighted count of false positives per threshold (default 0.5; positive iff {@code y_pred > threshold}). */
public class FalsePositives extends ConfusionMatrixMetric {
    public FalsePositives() {
        super("false_positives");
    }

    public FalsePositives(double threshold) {
        this();
        setThreshold(threshold);
    }

    public FalsePositives(double... thresholds) {
        this();
        setThresholds(thresholds, true);
    }

    @Override
    public double[] results() {
        return falsePositives();
    }

    @Override
    public Direction direction() {
        return Direction.DOWN;
    }

    public static FalsePositives fromConfig(Map<String, Object> config) {
        return configure(new FalsePositives(), config);
    }
}
