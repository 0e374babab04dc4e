package dev.lamina.metrics;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Map;

/**
 * How often {@code argmax(y_true)} is among the {@code k} largest predictions (TF's {@code in_top_k}: a class
 * tied with the k-th largest counts as in).
 */
public class TopKCategoricalAccuracy extends Mean {
    private final int k;

    public TopKCategoricalAccuracy() {
        this(5);
    }

    public TopKCategoricalAccuracy(int k) {
        super("top_k_categorical_accuracy");
        this.k = checkK(className(), k);
    }

    public int k() {
        return k;
    }

    static int checkK(String who, int k) {
        if (k < 1) throw new IllegalArgumentException(who + ": expected k >= 1, received k=" + k);
        return k;
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] p = MetricSupport.aligned(className(), yTrue, yPred);
        if (p[1].rank() == 0) throw new IllegalArgumentException(className() + ": expected y_pred with a class axis, received a scalar");
        int n = p[1].shape().last(), rows = n == 0 ? 0 : p[1].size() / n;
        float[] v = new float[rows];
        for (int r = 0; r < rows; r++) {
            v[r] = MetricSupport.inTopK(p[1], r * n, n, MetricSupport.argmax(p[0], r * n, n), k) ? 1f : 0f;
        }
        return Tensor.of(v, Shape.of(MetricSupport.dropLast(p[1].shape())));
    }

    @Override
    public Direction direction() {
        return Direction.UP;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("k", (long) k);
        return c;
    }

    public static TopKCategoricalAccuracy fromConfig(Map<String, Object> config) {
        Integer k = ConfigReader.of("TopKCategoricalAccuracy.fromConfig", config).getNullableInt("k");
        return MetricSupport.base(new TopKCategoricalAccuracy(k == null ? 5 : k), config);
    }
}
