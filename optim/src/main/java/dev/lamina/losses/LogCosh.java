package dev.lamina.losses;

import dev.lamina.tensor.NnOps;
import dev.lamina.tensor.Ops;
import dev.lamina.tensor.ReduceOps;
import dev.lamina.tensor.Tensor;

import java.util.Map;

/** Mean over the last axis of {@code log(cosh(y_pred - y_true))}, in the overflow-free form {@code x + softplus(-2x) - log 2}. */
public class LogCosh extends Loss {
    public LogCosh() {
        super("log_cosh");
    }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor[] p = align(yTrue, yPred);
        Tensor t = p[0], y = p[1];
        Tensor x = Ops.subtract(y, t);
        Tensor v = Ops.subtract(Ops.add(x, NnOps.softplus(Ops.multiply(x, -2f))), (float) Math.log(2.0));
        return ReduceOps.mean(v, false, -1);
    }

    public static LogCosh fromConfig(Map<String, Object> config) {
        return LossSupport.base(new LogCosh(), config);
    }
}
