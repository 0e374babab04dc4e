package dev.lamina.optimizers;

import dev.lamina.optimizers.schedules.LearningRateSchedule;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Map;

/**
 * Adamax, Adam with the infinity norm (Keras defaults: learning_rate 1e-3, beta_1 0.9, beta_2 0.999, epsilon 1e-7):
 * {@code m += (g-m)(1-beta_1)}; {@code u <- max(beta_2*u, |g|)}; {@code w -= lr*m/((1-beta_1^t)(u + eps))}.
 * Slots: momentum, norm.
 */
public class Adamax extends AdamFamily<Adamax> {

    public Adamax() {
        this(0.001);
    }

    public Adamax(double learningRate) {
        super("adamax", learningRate);
    }

    public Adamax(LearningRateSchedule schedule) {
        super("adamax", schedule);
    }

    @Override
    protected String[] slotNames() {
        return new String[] {"momentum", "norm"};
    }

    @Override
    protected void updateStep(float[] grad, int gOff, float[] var, Slots slots, float lr, long step) {
        float[] m = slots.get(0);
        float[] u = slots.get(1);
        float b2 = (float) beta2();
        float oneMinusBeta1 = (float) (1 - beta1());
        float correction = 1f - (float) Math.pow((float) beta1(), step);
        float eps = (float) epsilon();
        for (int i = 0, n = slots.size(); i < n; i++) {
            float g = grad[gOff + i];
            m[i] += (g - m[i]) * oneMinusBeta1;
            u[i] = Math.max(b2 * u[i], Math.abs(g));
            var[i] -= lr * m[i] / (correction * (u[i] + eps));
        }
    }

    public static Adamax fromConfig(Map<String, Object> config) {
        ConfigReader r = new ConfigReader("Adamax", config);
        Adamax o = new Adamax();
        o.readBetas(r);
        o.readBaseConfig(r);
        r.finish();
        return o;
    }

    @Override
    public Adamax clipnorm(Double v) {
        super.clipnorm(v);
        return this;
    }

    @Override
    public Adamax clipvalue(Double v) {
        super.clipvalue(v);
        return this;
    }

    @Override
    public Adamax globalClipnorm(Double v) {
        super.globalClipnorm(v);
        return this;
    }

    @Override
    public Adamax weightDecay(Double v) {
        super.weightDecay(v);
        return this;
    }

    @Override
    public Adamax named(String name) {
        super.named(name);
        return this;
    }
}
