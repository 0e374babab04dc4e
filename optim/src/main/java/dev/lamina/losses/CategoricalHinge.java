package dev.lamina.losses;

import dev.lamina.tensor.NnOps;
import dev.lamina.tensor.Ops;
import dev.lamina.tensor.ReduceOps;
import dev.lamina.tensor.Tensor;

import java.util.Map;

/** {@code max(neg - pos + 1, 0)} with {@code pos = sum(y_true * y_pred)} and {@code neg = max((1 - y_true) * y_pred)} over the last axis. */
public class CategoricalHinge extends Loss {
    public CategoricalHinge() {
        super("categorical_hinge");
    }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor[] p = align(yTrue, yPred);
        Tensor t = p[0], y = p[1];
        Tensor pos = ReduceOps.sum(Ops.multiply(t, y), false, -1);
        Tensor neg = ReduceOps.max(Ops.multiply(Ops.subtract(Tensor.scalar(1f), t), y), false, -1);
        return NnOps.relu(Ops.add(Ops.subtract(neg, pos), 1f));
    }

    public static CategoricalHinge fromConfig(Map<String, Object> config) {
        return LossSupport.base(new CategoricalHinge(), config);
    }
}
