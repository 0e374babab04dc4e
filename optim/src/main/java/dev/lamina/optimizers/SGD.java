package dev.lamina.optimizers;

import dev.lamina.optimizers.schedules.LearningRateSchedule;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Map;

/**
 * Gradient descent with optional (Nesterov) momentum (Keras defaults: learning_rate 0.01, momentum 0, nesterov
 * false). {@code w <- w - lr*g}; with momentum {@code m <- momentum*m - lr*g; w <- w + m}, Nesterov
 * {@code w <- w + momentum*m - lr*g} with the new m. Slot {@code momentum} only exists when momentum != 0.
 */
public class SGD extends Optimizer {
    private double momentum;
    private boolean nesterov;

    public SGD() {
        this(0.01);
    }

    public SGD(double learningRate) {
        super("SGD", learningRate);
    }

    public SGD(LearningRateSchedule schedule) {
        super("SGD", schedule);
    }

    /** In [0, 1], as Keras requires; switching between 0 and non-zero is fixed once slots exist. */
    public SGD momentum(double v) {
        Checks.unitClosed(className(), "momentum", v);
        checkSlotLayoutFixed("momentum", (v == 0) != (momentum == 0));
        momentum = v;
        return this;
    }

    public SGD nesterov(boolean v) {
        nesterov = v;
        return this;
    }

    public double momentum() {
        return momentum;
    }

    public boolean nesterov() {
        return nesterov;
    }

    @Override
    protected String[] slotNames() {
        return momentum != 0 ? new String[] {"momentum"} : new String[0];
    }

    @Override
    protected void updateStep(float[] grad, int gOff, float[] var, Slots slots, float lr, long step) {
        int n = slots.size();
        if (momentum == 0) {
            for (int i = 0; i < n; i++) var[i] = var[i] - grad[gOff + i] * lr;
            return;
        }
        float mu = (float) momentum;
        float[] m = slots.get(0);
        for (int i = 0; i < n; i++) {
            float g = grad[gOff + i];
            m[i] = m[i] * mu - g * lr;
            var[i] = nesterov ? var[i] + (m[i] * mu - g * lr) : var[i] + m[i];
        }
    }

    @Override
    protected void putConfig(Map<String, Object> config) {
        config.put("momentum", momentum);
        config.put("nesterov", nesterov);
    }

    public static SGD fromConfig(Map<String, Object> config) {
        ConfigReader r = new ConfigReader("SGD", config);
        SGD o = new SGD().momentum(r.getDouble("momentum", 0.0)).nesterov(r.getBoolean("nesterov", false));
        o.readBaseConfig(r);
        r.finish();
        return o;
    }

    // Covariant fluent setters, so chains keep the concrete type.
    @Override
    public SGD clipnorm(Double v) {
        super.clipnorm(v);
        return this;
    }

    @Override
    public SGD clipvalue(Double v) {
        super.clipvalue(v);
        return this;
    }

    @Override
    public SGD globalClipnorm(Double v) {
        super.globalClipnorm(v);
        return this;
    }

    @Override
    public SGD weightDecay(Double v) {
        super.weightDecay(v);
        return this;
    }

    @Override
    public SGD named(String name) {
        super.named(name);
        return this;
    }
}
