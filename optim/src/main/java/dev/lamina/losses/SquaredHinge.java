package dev.lamina.losses;

import dev.lamina.tensor.NnOps;
import dev.lamina.tensor.Ops;
import dev.lamina.tensor.ReduceOps;
import dev.lamina.tensor.Tensor;

import java.util.Map;

/** Mean over the last axis of {@code max(1 - y_true * y_pred, 0)^2}; labels that are all 0 or 1 are first mapped to -1/1. */
public class SquaredHinge extends Loss {
    public SquaredHinge() {
        super("squared_hinge");
    }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor[] p = align(yTrue, yPred);
        Tensor t = p[0], y = p[1];
        return ReduceOps.mean(Ops.square(NnOps.relu(Ops.subtract(Tensor.scalar(1f), Ops.multiply(Hinge.toPlusMinusOne(t), y)))), false, -1);
    }

    public static SquaredHinge fromConfig(Map<String, Object> config) {
        return LossSupport.base(new SquaredHinge(), config);
    }
}
