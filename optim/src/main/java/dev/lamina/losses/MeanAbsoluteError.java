package dev.lamina.losses;

import dev.lamina.tensor.Ops;
import dev.lamina.tensor.ReduceOps;
import dev.lamina.tensor.Tensor;

import java.util.Map;

/** Mean over the last axis of {@code |y_true - y_pred|}. */
public class MeanAbsoluteError extends Loss {
    public MeanAbsoluteError() {
        super("mean_absolute_error");
    }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor[] p = align(yTrue, yPred);
        Tensor t = p[0], y = p[1];
        return ReduceOps.mean(Ops.abs(Ops.subtract(t, y)), false, -1);
    }

    public static MeanAbsoluteError fromConfig(Map<String, Object> config) {
        return LossSupport.base(new MeanAbsoluteError(), config);
    }
}
