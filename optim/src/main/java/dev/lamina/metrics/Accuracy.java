package dev.lamina.metrics;

import dev.lamina.tensor.Tensor;

import java.util.Map;

/** How often {@code y_pred} equals {@code y_true} exactly, element by element (a streaming weighted mean). */
public class Accuracy extends Mean {
    public Accuracy() {
        super("accuracy");
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] p = MetricSupport.aligned(className(), yTrue, yPred);
        float[] v = new float[p[0].size()];
        for (int i = 0; i < v.length; i++) v[i] = p[0].get(i) == p[1].get(i) ? 1f : 0f;
        return Tensor.of(v, p[0].shape());
    }

    @Override
    public Direction direction() {
        return Direction.UP;
    }

    public static Accuracy fromConfig(Map<String, Object> config) {
        return MetricSupport.base(new Accuracy(), config);
    }
}
