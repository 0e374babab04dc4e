package dev.lamina.optimizers;

import dev.lamina.optimizers.schedules.LearningRateSchedule;
import dev.lamina.tensor.io.ConfigReader;

import java.util.List;
import java.util.Map;

/**
 * Nadam, Adam with Nesterov momentum and Dozat's momentum schedule (Keras defaults: learning_rate 1e-3, beta_1
 * 0.9, beta_2 0.999, epsilon 1e-7). With {@code t = iterations + 1}, {@code u_t = beta_1(1 - 0.5*0.96^t)} and the
 * running product {@code P_t = u_1...u_t} (optimizer state {@code u_product}, updated once per step):
 * {@code mhat = u_{t+1} m/(1 - P_t u_{t+1}) + (1-u_t) g/(1 - P_t)}, {@code vhat = v/(1-beta_2^t)},
 * {@code w -= lr*mhat/(sqrt(vhat) + eps)}. Slots: momentum, velocity.
 */
public class Nadam extends AdamFamily<Nadam> {
    private float uProduct = 1f; // Keras' float32 _u_product variable
    // Per-step float32 coefficients, computed once in prepareStep.
    private float gradCoef;
    private float momentumCoef;
    private float vCorrection;

    public Nadam() {
        this(0.001);
    }

    public Nadam(double learningRate) {
        super("nadam", learningRate);
    }

    public Nadam(LearningRateSchedule schedule) {
        super("nadam", schedule);
    }

    @Override
    protected String[] slotNames() {
        return new String[] {"momentum", "velocity"};
    }

    @Override
    protected void prepareStep(float lr, long step) {
        float b1 = (float) beta1();
        float decay = 0.96f;
        float uT = b1 * (1f - 0.5f * (float) Math.pow(decay, step));
        float uT1 = b1 * (1f - 0.5f * (float) Math.pow(decay, step + 1));
        uProduct = uProduct * uT;                  // P_t, as Keras updates it before the variable updates
        momentumCoef = uT1 / (1f - uProduct * uT1);
        gradCoef = (1f - uT) / (1f - uProduct);
        vCorrection = 1f - (float) Math.pow((float) beta2(), step);
    }

    @Override
    protected void updateStep(float[] grad, int gOff, float[] var, Slots slots, float lr, long step) {
        float[] m = slots.get(0);
        float[] v = slots.get(1);
        float oneMinusBeta1 = (float) (1 - beta1());
        float oneMinusBeta2 = (float) (1 - beta2());
        float eps = (float) epsilon();
        for (int i = 0, n = slots.size(); i < n; i++) {
            float g = grad[gOff + i];
            m[i] += (g - m[i]) * oneMinusBeta1;
            v[i] += (g * g - v[i]) * oneMinusBeta2;
            float mHat = momentumCoef * m[i] + gradCoef * g;
            float vHat = v[i] / vCorrection;
            var[i] -= mHat * lr / ((float) Math.sqrt(vHat) + eps);
        }
    }

    @Override
    protected List<String> scalarStateNames() {
        return List.of("u_product");
    }

    @Override
    protected double scalarState(String name) {
        if (!name.equals("u_product")) return super.scalarState(name);
        return uProduct;
    }

    @Override
    protected void setScalarState(String name, double value) {
        if (!name.equals("u_product")) super.setScalarState(name, value);
        uProduct = (float) value;
    }

    @Override
    protected void resetScalarState() {
        uProduct = 1f;
    }

    public static Nadam fromConfig(Map<String, Object> config) {
        ConfigReader r = new ConfigReader("Nadam", config);
        Nadam o = new Nadam();
        o.readBetas(r);
        o.readBaseConfig(r);
        r.finish();
        return o;
    }

    @Override
    public Nadam clipnorm(Double v) {
        super.clipnorm(v);
        return this;
    }

    @Override
    public Nadam clipvalue(Double v) {
        super.clipvalue(v);
        return this;
    }

    @Override
    public Nadam globalClipnorm(Double v) {
        super.globalClipnorm(v);
        return this;
    }

    @Override
    public Nadam weightDecay(Double v) {
        super.weightDecay(v);
        return this;
    }

    @Override
    public Nadam named(String name) {
        super.named(name);
        return this;
    }
}
