package dev.lamina.metrics;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.ShapeMismatchException;
import dev.lamina.tensor.Tensor;

import java.util.Map;

/**
 * How often the integer label {@code y_true} equals {@code argmax(y_pred)}; labels shaped like {@code y_pred}
 * without its class axis, or with a trailing 1. The result stays finite when predictions hold NaN, as in Keras (the
 * loss shows the NaN): a row's first NaN counts as its largest value, NumPy's and PyTorch's argmax rule (TensorFlow
 * leaves it unspecified), so an all-NaN row predicts class 0.
 */
public class SparseCategoricalAccuracy extends Mean {
    public SparseCategoricalAccuracy() {
        super("sparse_categorical_accuracy");
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor labels = sparseLabels(className(), yTrue, yPred);
        int n = yPred.shape().last();
        float[] v = new float[labels.size()];
        for (int r = 0; r < v.length; r++) v[r] = labels.get(r) == MetricSupport.argmax(yPred, r * n, n) ? 1f : 0f;
        return Tensor.of(v, labels.shape());
    }

    /** {@code y_true} as class indices shaped {@code y_pred.shape[:-1]} (a trailing 1 squeezed). */
    static Tensor sparseLabels(String who, Tensor yTrue, Tensor yPred) {
        if (yTrue == null || yPred == null) throw new IllegalArgumentException(who + ": expected y_true and y_pred tensors, received null");
        if (yPred.rank() == 0) throw new IllegalArgumentException(who + ": expected y_pred with a class axis, received a scalar");
        Shape batch = Shape.of(MetricSupport.dropLast(yPred.shape()));
        Shape ts = yTrue.shape();
        if (ts.equals(batch)) return yTrue.detach();
        if (ts.rank() == batch.rank() + 1 && ts.last() == 1 && Shape.of(MetricSupport.dropLast(ts)).equals(batch)) {
            return yTrue.detach().reshape(batch.toArray());
        }
        throw new ShapeMismatchException(who, "y_true of y_pred's shape without its class axis (class indices), optionally with a trailing 1", ts, yPred.shape());
    }

    @Override
    public Direction direction() {
        return Direction.UP;
    }

    public static SparseCategoricalAccuracy fromConfig(Map<String, Object> config) {
        return MetricSupport.base(new SparseCategoricalAccuracy(), config);
    }
}
