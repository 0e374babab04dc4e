package dev.lamina.losses;

import dev.lamina.tensor.Ops;
import dev.lamina.tensor.ReduceOps;
import dev.lamina.tensor.Tensor;

import java.util.Map;

/** Mean over the last axis of {@code (y_true - y_pred)^2}. */
public class MeanSquaredError extends Loss {
    public MeanSquaredError() {
        super("mean_squared_error");
    }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor[] p = align(yTrue, yPred);
        Tensor t = p[0], y = p[1];
        return ReduceOps.mean(Ops.square(Ops.subtract(t, y)), false, -1);
    }

    public static MeanSquaredError fromConfig(Map<String, Object> config) {
        return LossSupport.base(new MeanSquaredError(), config);
    }
}
