package dev.lamina.metrics;

import java.util.Map;

/** The weighted count of true positives per threshold (default 0.5; positive iff {@code y_pred > threshold}). */
public class TruePositives extends ConfusionMatrixMetric {
    public TruePositives() {
        super("true_positives");
    }

    public TruePositives(double threshold) {
        this();
        setThreshold(threshold);
    }

    public TruePositives(double... thresholds) {
        this();
        setThresholds(thresholds, true);
    }

    @Override
    public double[] results() {
        return truePositives();
    }

    @Override
    public Direction direction() {
        return Direction.UP;
    }

    public static TruePositives fromConfig(Map<String, Object> config) {
        return configure(new TruePositives(), config);
    }
}
