package dev.lamina.losses;

import dev.lamina.tensor.Ops;
import dev.lamina.tensor.ReduceOps;
import dev.lamina.tensor.Tensor;

import java.util.Map;

/** {@code 100 * mean(|y_true - y_pred| / max(|y_true|, 1e-7))} over the last axis. */
public class MeanAbsolutePercentageError extends Loss {
    public MeanAbsolutePercentageError() {
        super("mean_absolute_percentage_error");
    }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor[] p = align(yTrue, yPred);
        Tensor t = p[0], y = p[1];
        Tensor diff = Ops.abs(Ops.divide(Ops.subtract(t, y), Ops.maximum(Ops.abs(t), Tensor.scalar(LossSupport.EPSILON))));
        return Ops.multiply(ReduceOps.mean(diff, false, -1), 100f);
    }

    public static MeanAbsolutePercentageError fromConfig(Map<String, Object> config) {
        return LossSupport.base(new MeanAbsolutePercentageError(), config);
    }
}
