package dev.lamina.losses;

import dev.lamina.tensor.Ops;
import dev.lamina.tensor.ReduceOps;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Map;

/**
 * Huber loss: with {@code e = y_pred - y_true}, the mean over the last axis of {@code 0.5 e^2} where
 * {@code |e| <= delta} and {@code delta |e| - 0.5 delta^2} elsewhere.
 */
public class Huber extends Loss {
    private double delta = 1.0;

    public Huber() {
        super("huber_loss");
    }

    public Huber(double delta) {
        this();
        delta(delta);
    }

    public double delta() {
        return delta;
    }

    public Huber delta(double delta) {
        if (!(delta >= 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("Huber: expected a finite delta >= 0, received delta=" + delta);
        }
        this.delta = delta;
        return this;
    }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor[] p = align(yTrue, yPred);
        Tensor error = Ops.subtract(p[1], p[0]);
        Tensor absError = Ops.abs(error);
        Tensor quadratic = Ops.multiply(Ops.square(error), 0.5f);
        float d = (float) delta;
        Tensor linear = Ops.subtract(Ops.multiply(absError, d), 0.5f * d * d);
        return ReduceOps.mean(Ops.where(Ops.greater(absError, Tensor.scalar(d)), linear, quadratic), false, -1);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("delta", delta);
        return c;
    }

    public static Huber fromConfig(Map<String, Object> config) {
        return LossSupport.base(new Huber(ConfigReader.of("Huber.fromConfig", config).getDouble("delta", 1.0)), config);
    }
}
