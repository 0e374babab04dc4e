package dev.lamina.metrics;

import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Map;

/** How often the integer label is among the {@code k} largest predictions (TF's {@code in_top_k}). */
public class SparseTopKCategoricalAccuracy extends Mean {
    private final int k;

    public SparseTopKCategoricalAccuracy() {
        this(5);
    }

    public SparseTopKCategoricalAccuracy(int k) {
        super("sparse_top_k_categorical_accuracy");
        this.k = TopKCategoricalAccuracy.checkK(className(), k);
    }

    public int k() {
        return k;
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor labels = SparseCategoricalAccuracy.sparseLabels(className(), yTrue, yPred);
        int n = yPred.shape().last();
        float[] v = new float[labels.size()];
        for (int r = 0; r < v.length; r++) {
            float label = labels.get(r);
            boolean integral = label == Math.rint(label);
            v[r] = integral && MetricSupport.inTopK(yPred, r * n, n, (int) label, k) ? 1f : 0f;
        }
        return Tensor.of(v, labels.shape());
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

    public static SparseTopKCategoricalAccuracy fromConfig(Map<String, Object> config) {
        Integer k = ConfigReader.of("SparseTopKCategoricalAccuracy.fromConfig", config).getNullableInt("k");
        return MetricSupport.base(new SparseTopKCategoricalAccuracy(k == null ? 5 : k), config);
    }
}
