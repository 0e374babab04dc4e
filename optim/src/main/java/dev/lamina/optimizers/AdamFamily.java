package dev.lamina.optimizers;

import dev.lamina.optimizers.schedules.LearningRateSchedule;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Map;

/**
 * What Adam, Adamax and Nadam share: Keras' {@code beta_1}, {@code beta_2} and {@code epsilon} (defaults 0.9,
 * 0.999, 1e-7), checked and set fluently (returning the optimizer itself, {@code M}), and kept in the config.
 */
public abstract class AdamFamily<M extends AdamFamily<M>> extends Optimizer {
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-7;

    protected AdamFamily(String name, double learningRate) {
        super(name, learningRate);
    }

    protected AdamFamily(String name, LearningRateSchedule schedule) {
        super(name, schedule);
    }

    @SuppressWarnings("unchecked")
    private M self() {
        return (M) this;
    }

    public M beta1(double v) {
        beta1 = Checks.unitHalfOpen(className(), "beta_1", v);
        return self();
    }

    public M beta2(double v) {
        beta2 = Checks.unitHalfOpen(className(), "beta_2", v);
        return self();
    }

    public M epsilon(double v) {
        epsilon = Checks.nonNegative(className(), "epsilon", v);
        return self();
    }

    public double beta1() {
        return beta1;
    }

    public double beta2() {
        return beta2;
    }

    public double epsilon() {
        return epsilon;
    }

    @Override
    protected void putConfig(Map<String, Object> config) {
        config.put("beta_1", beta1);
        config.put("beta_2", beta2);
        config.put("epsilon", epsilon);
    }

    /** Reads {@code beta_1}, {@code beta_2} and {@code epsilon}, keeping the current values for absent keys. */
    protected final void readBetas(ConfigReader r) {
        beta1(r.getDouble("beta_1", beta1));
        beta2(r.getDouble("beta_2", beta2));
        epsilon(r.getDouble("epsilon", epsilon));
    }
}
