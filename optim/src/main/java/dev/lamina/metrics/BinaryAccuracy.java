package dev.lamina.metrics;

import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Map;

/**
 * How often {@code y_true} equals {@code y_pred > threshold} (strictly greater: a prediction equal to the threshold
 * counts as 0), element by element, as a streaming weighted mean.
 */
public class BinaryAccuracy extends Mean {
    private final double threshold;

    public BinaryAccuracy() {
        this(0.5);
    }

    public BinaryAccuracy(double threshold) {
        super("binary_accuracy");
        if (Double.isNaN(threshold)) throw new IllegalArgumentException("BinaryAccuracy: expected a threshold, received NaN");
        this.threshold = threshold;
    }

    public double threshold() {
        return threshold;
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] p = MetricSupport.aligned(className(), yTrue, yPred);
        float th = (float) threshold;
        float[] v = new float[p[0].size()];
        for (int i = 0; i < v.length; i++) v[i] = p[0].get(i) == (p[1].get(i) > th ? 1f : 0f) ? 1f : 0f;
        return Tensor.of(v, p[0].shape());
    }

    @Override
    public Direction direction() {
        return Direction.UP;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("threshold", threshold);
        return c;
    }

    public static BinaryAccuracy fromConfig(Map<String, Object> config) {
        return MetricSupport.base(new BinaryAccuracy(ConfigReader.of("BinaryAccuracy.fromConfig", config).getDouble("threshold", 0.5)), config);
    }
}
