package dev.lamina.losses;

import dev.lamina.tensor.Ops;
import dev.lamina.tensor.ReduceOps;
import dev.lamina.tensor.Tensor;

import java.util.Map;

/** Mean over the last axis of {@code (log(max(y_pred, 1e-7) + 1) - log(max(y_true, 1e-7) + 1))^2}. */
public class MeanSquaredLogarithmicError extends Loss {
    public MeanSquaredLogarithmicError() {
        super("mean_squared_logarithmic_error");
    }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor[] p = align(yTrue, yPred);
        Tensor t = p[0], y = p[1];
        Tensor eps = Tensor.scalar(LossSupport.EPSILON);
        Tensor first = Ops.log(Ops.add(Ops.maximum(y, eps), 1f));
        Tensor second = Ops.log(Ops.add(Ops.maximum(t, eps), 1f));
        return ReduceOps.mean(Ops.square(Ops.subtract(first, second)), false, -1);
    }

    public static MeanSquaredLogarithmicError fromConfig(Map<String, Object> config) {
        return LossSupport.base(new MeanSquaredLogarithmicError(), config);
    }
}
