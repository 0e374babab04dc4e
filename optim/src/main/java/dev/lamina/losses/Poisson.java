package dev.lamina.losses;

import dev.lamina.tensor.Ops;
import dev.lamina.tensor.ReduceOps;
import dev.lamina.tensor.Tensor;

import java.util.Map;

/** Mean over the last axis of {@code y_pred - y_true * log(y_pred + 1e-7)}. */
public class Poisson extends Loss {
    public Poisson() {
        super("poisson");
    }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor[] p = align(yTrue, yPred);
        Tensor t = p[0], y = p[1];
        return ReduceOps.mean(Ops.subtract(y, Ops.multiply(t, Ops.log(Ops.add(y, LossSupport.EPSILON)))), false, -1);
    }

    public static Poisson fromConfig(Map<String, Object> config) {
        return LossSupport.base(new Poisson(), config);
    }
}
