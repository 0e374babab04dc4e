package dev.lamina.losses;

import dev.lamina.tensor.Ops;
import dev.lamina.tensor.ReduceOps;
import dev.lamina.tensor.Tensor;

import java.util.Map;

/** Kullback-Leibler divergence {@code sum(t * log(t / p))} over the last axis, with {@code t} and {@code p} clipped to {@code [1e-7, 1]}. */
public class KLDivergence extends Loss {
    public KLDivergence() {
        super("kl_divergence");
    }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor[] p = align(yTrue, yPred);
        Tensor t = p[0], y = p[1];
        Tensor tc = Ops.clip(t, LossSupport.EPSILON, 1f);
        Tensor pc = Ops.clip(y, LossSupport.EPSILON, 1f);
        return ReduceOps.sum(Ops.multiply(tc, Ops.log(Ops.divide(tc, pc))), false, -1);
    }

    public static KLDivergence fromConfig(Map<String, Object> config) {
        return LossSupport.base(new KLDivergence(), config);
    }
}
