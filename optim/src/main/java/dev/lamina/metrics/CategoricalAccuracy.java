package dev.lamina.metrics;

import dev.lamina.tensor.Tensor;

import java.util.Map;

/**
 * How often {@code argmax(y_pred)} equals {@code argmax(y_true)} for one-hot targets (first index at ties). With NaN
 * predictions the result stays finite: a row's first NaN counts as its largest value (see
 * {@link SparseCategoricalAccuracy}).
 */
public class CategoricalAccuracy extends Mean {
    public CategoricalAccuracy() {
        super("categorical_accuracy");
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] p = MetricSupport.aligned(className(), yTrue, yPred);
        if (p[1].rank() == 0) throw new IllegalArgumentException(className() + ": expected y_pred with a class axis, received a scalar");
        int n = p[1].shape().last(), rows = n == 0 ? 0 : p[1].size() / n;
        float[] v = new float[rows];
        for (int r = 0; r < rows; r++) {
            v[r] = MetricSupport.argmax(p[0], r * n, n) == MetricSupport.argmax(p[1], r * n, n) ? 1f : 0f;
        }
        return Tensor.of(v, dev.lamina.tensor.Shape.of(MetricSupport.dropLast(p[1].shape())));
    }

    @Override
    public Direction direction() {
        return Direction.UP;
    }

    public static CategoricalAccuracy fromConfig(Map<String, Object> config) {
        return MetricSupport.base(new CategoricalAccuracy(), config);
    }
}
