package dev.lamina.optimizers;

import dev.lamina.optimizers.schedules.LearningRateSchedule;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Map;

/**
 * RMSprop as in Keras 3 / tf.keras >= 2.11 (defaults: learning_rate 1e-3, rho 0.9, momentum 0, epsilon 1e-7,
 * centered false): {@code v <- rho*v + (1-rho)*g^2}; centered {@code a <- rho*a + (1-rho)*g} and denominator
 * {@code v - a^2 + eps}, else {@code v + eps} (epsilon inside the sqrt); {@code inc = lr*g/sqrt(den)}; with momentum
 * {@code m <- momentum*m + inc; w -= m}, else {@code w -= inc}. Slots: velocity, momentum (momentum > 0), average_gradient (centered).
 */
public class RMSprop extends Optimizer {
    private double rho = 0.9;
    private double momentum;
    private double epsilon = 1e-7;
    private boolean centered;

    public RMSprop() {
        this(0.001);
    }

    public RMSprop(double learningRate) {
        super("rmsprop", learningRate);
    }

    public RMSprop(LearningRateSchedule schedule) {
        super("rmsprop", schedule);
    }

    public RMSprop rho(double v) {
        rho = Checks.unitClosed(className(), "rho", v);
        return this;
    }

    /** >= 0; switching between 0 and non-zero adds or removes a slot, so it is fixed once slots exist. */
    public RMSprop momentum(double v) {
        Checks.nonNegative(className(), "momentum", v);
        checkSlotLayoutFixed("momentum", (v > 0) != (momentum > 0));
        momentum = v;
        return this;
    }

    public RMSprop epsilon(double v) {
        epsilon = Checks.nonNegative(className(), "epsilon", v);
        return this;
    }

    public RMSprop centered(boolean v) {
        checkSlotLayoutFixed("centered", v != centered);
        centered = v;
        return this;
    }

    public double rho() {
        return rho;
    }

    public double momentum() {
        return momentum;
    }

    public double epsilon() {
        return epsilon;
    }

    public boolean centered() {
        return centered;
    }

    @Override
    protected String[] slotNames() {
        if (momentum > 0) return centered ? new String[] {"velocity", "momentum", "average_gradient"} : new String[] {"velocity", "momentum"};
        return centered ? new String[] {"velocity", "average_gradient"} : new String[] {"velocity"};
    }

    @Override
    protected void updateStep(float[] grad, int gOff, float[] var, Slots slots, float lr, long step) {
        boolean useMomentum = momentum > 0;
        float[] v = slots.get(0);
        float[] m = useMomentum ? slots.get(1) : null;
        float[] a = centered ? slots.get(useMomentum ? 2 : 1) : null;
        float r = (float) rho;
        float oneMinusRho = (float) (1 - rho);
        float eps = (float) epsilon;
        float mu = (float) momentum;
        for (int i = 0, n = slots.size(); i < n; i++) {
            float g = grad[gOff + i];
            v[i] = r * v[i] + oneMinusRho * (g * g);
            float den;
            if (a != null) {
                a[i] = r * a[i] + oneMinusRho * g;
                den = v[i] - a[i] * a[i] + eps;
            } else {
                den = v[i] + eps;
            }
            float inc = lr * g / (float) Math.sqrt(den);
            if (m != null) {
                m[i] = mu * m[i] + inc;
                var[i] -= m[i];
            } else {
                var[i] -= inc;
            }
        }
    }

    @Override
    protected void putConfig(Map<String, Object> config) {
        config.put("rho", rho);
        config.put("momentum", momentum);
        config.put("epsilon", epsilon);
        config.put("centered", centered);
    }

    public static RMSprop fromConfig(Map<String, Object> config) {
        ConfigReader r = new ConfigReader("RMSprop", config);
        RMSprop o = new RMSprop().rho(r.getDouble("rho", 0.9)).momentum(r.getDouble("momentum", 0.0))
                .epsilon(r.getDouble("epsilon", 1e-7)).centered(r.getBoolean("centered", false));
        o.readBaseConfig(r);
        r.finish();
        return o;
    }

    @Override
    public RMSprop clipnorm(Double v) {
        super.clipnorm(v);
        return this;
    }

    @Override
    public RMSprop clipvalue(Double v) {
        super.clipvalue(v);
        return this;
    }

    @Override
    public RMSprop globalClipnorm(Double v) {
        super.globalClipnorm(v);
        return this;
    }

    @Override
    public RMSprop weightDecay(Double v) {
        super.weightDecay(v);
        return this;
    }

    @Override
    public RMSprop named(String name) {
        super.named(name);
        return this;
    }
}
