package dev.lamina.optimizers;

import dev.lamina.optimizers.schedules.LearningRateSchedule;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Map;

/**
 * Adadelta (Keras defaults: learning_rate 1e-3, rho 0.95, epsilon 1e-7): {@code Eg <- rho*Eg + (1-rho)*g^2};
 * {@code d = -sqrt(Ed + eps)*g/sqrt(Eg + eps)}; {@code Ed <- rho*Ed + (1-rho)*d^2}; {@code w <- w + lr*d}.
 * Slots: accumulated_grad (Eg), accumulated_delta_var (Ed).
 */
public class Adadelta extends Optimizer {
    private double rho = 0.95;
    private double epsilon = 1e-7;

    public Adadelta() {
        this(0.001);
    }

    public Adadelta(double learningRate) {
        super("adadelta", learningRate);
    }

    public Adadelta(LearningRateSchedule schedule) {
        super("adadelta", schedule);
    }

    public Adadelta rho(double v) {
        rho = Checks.unitClosed(className(), "rho", v);
        return this;
    }

    public Adadelta epsilon(double v) {
        epsilon = Checks.nonNegative(className(), "epsilon", v);
        return this;
    }

    public double rho() {
        return rho;
    }

    public double epsilon() {
        return epsilon;
    }

    @Override
    protected String[] slotNames() {
        return new String[] {"accumulated_grad", "accumulated_delta_var"};
    }

    @Override
    protected void updateStep(float[] grad, int gOff, float[] var, Slots slots, float lr, long step) {
        float[] eg = slots.get(0);
        float[] ed = slots.get(1);
        float r = (float) rho;
        float oneMinusRho = (float) (1 - rho);
        float eps = (float) epsilon;
        for (int i = 0, n = slots.size(); i < n; i++) {
            float g = grad[gOff + i];
            eg[i] = r * eg[i] + oneMinusRho * (g * g);
            float d = -((float) Math.sqrt(ed[i] + eps) * g / (float) Math.sqrt(eg[i] + eps));
            ed[i] = r * ed[i] + oneMinusRho * (d * d);
            var[i] += lr * d;
        }
    }

    @Override
    protected void putConfig(Map<String, Object> config) {
        config.put("rho", rho);
        config.put("epsilon", epsilon);
    }

    public static Adadelta fromConfig(Map<String, Object> config) {
        ConfigReader r = new ConfigReader("Adadelta", config);
        Adadelta o = new Adadelta().rho(r.getDouble("rho", 0.95)).epsilon(r.getDouble("epsilon", 1e-7));
        o.readBaseConfig(r);
        r.finish();
        return o;
    }

    @Override
    public Adadelta clipnorm(Double v) {
        super.clipnorm(v);
        return this;
    }

    @Override
    public Adadelta clipvalue(Double v) {
        super.clipvalue(v);
        return this;
    }

    @Override
    public Adadelta globalClipnorm(Double v) {
        super.globalClipnorm(v);
        return this;
    }

    @Override
    public Adadelta weightDecay(Double v) {
        super.weightDecay(v);
        return this;
    }

    @Override
    public Adadelta named(String name) {
        super.named(name);
        return this;
    }
}
