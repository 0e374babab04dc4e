package dev.lamina.optimizers;

import dev.lamina.optimizers.schedules.LearningRateSchedule;
import dev.lamina.tensor.Concurrency;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Map;

/**
 * Adam (Keras defaults: learning_rate 1e-3, beta_1 0.9, beta_2 0.999, epsilon 1e-7, amsgrad false). With
 * {@code t = iterations + 1}: {@code alpha = lr*sqrt(1-beta_2^t)/(1-beta_1^t)}, {@code m += (g-m)(1-beta_1)},
 * {@code v += (g^2-v)(1-beta_2)}, amsgrad {@code vhat = max(vhat, v)} replaces v, then
 * {@code w -= alpha*m/(sqrt(v) + epsilon)} (epsilon outside the sqrt, after the bias correction is folded into alpha).
 * Slots: momentum, velocity (and velocity_hat with amsgrad).
 */
public class Adam extends AdamFamily<Adam> {
    /** Variables are split between threads in blocks of this many elements. */
    private static final int BLOCK = 4096;
    private boolean amsgrad;
    // Per-step float32 coefficients, computed once in prepareStep.
    private float alpha;
    private float oneMinusBeta1;
    private float oneMinusBeta2;
    private float eps;

    public Adam() {
        this(0.001);
    }

    public Adam(double learningRate) {
        super("adam", learningRate);
    }

    public Adam(LearningRateSchedule schedule) {
        super("adam", schedule);
    }

    protected Adam(String name, double learningRate) {
        super(name, learningRate);
    }

    protected Adam(String name, LearningRateSchedule schedule) {
        super(name, schedule);
    }

    /** AMSGrad adds the velocity_hat slot, so it is fixed once slots exist. */
    public Adam amsgrad(boolean v) {
        checkSlotLayoutFixed("amsgrad", v != amsgrad);
        amsgrad = v;
        return this;
    }

    public boolean amsgrad() {
        return amsgrad;
    }

    @Override
    protected String[] slotNames() {
        return amsgrad ? new String[] {"momentum", "velocity", "velocity_hat"} : new String[] {"momentum", "velocity"};
    }

    @Override
    protected void prepareStep(float lr, long step) {
        float b1Power = (float) Math.pow((float) beta1(), step);
        float b2Power = (float) Math.pow((float) beta2(), step);
        alpha = lr * (float) Math.sqrt(1f - b2Power) / (1f - b1Power);
        oneMinusBeta1 = (float) (1 - beta1());
        oneMinusBeta2 = (float) (1 - beta2());
        eps = (float) epsilon();
    }

    @Override
    protected void updateStep(float[] grad, int gOff, float[] var, Slots slots, float lr, long step) {
        float[] m = slots.get(0);
        float[] v = slots.get(1);
        int n = slots.size();
        float b1 = oneMinusBeta1, b2 = oneMinusBeta2, a = alpha, e = eps;
        if (amsgrad) {
            float[] vHat = slots.get(2);
            for (int i = 0; i < n; i++) {
                float g = grad[gOff + i];
                m[i] += (g - m[i]) * b1;
                v[i] += (g * g - v[i]) * b2;
                vHat[i] = Math.max(vHat[i], v[i]);
                var[i] -= (m[i] * a) / ((float) Math.sqrt(vHat[i]) + e);
            }
            return;
        }
        if (gOff == 0 && n <= BLOCK) {
            adam(grad, var, m, v, 0, n, b1, b2, a, e);
            return;
        }
        if (gOff == 0) {               // large variables are split between threads (elements are independent)
            Concurrency.parallelFor((n + BLOCK - 1) / BLOCK, BLOCK * 8L,
                    (b0, b1x) -> adam(grad, var, m, v, b0 * BLOCK, Math.min(n, b1x * BLOCK), b1, b2, a, e));
            return;
        }
        for (int i = 0; i < n; i++) {
            float g = grad[gOff + i];
            float mi = m[i] + (g - m[i]) * b1;
            float vi = v[i] + (g * g - v[i]) * b2;
            m[i] = mi;
            v[i] = vi;
            var[i] -= (mi * a) / ((float) Math.sqrt(vi) + e);
        }
    }

    /**
     * The common case, written so that the JIT vectorises it: no branch, coefficients in locals, and every array
     * read and written at the same index (an offset on one array blocks vectorisation, as the arrays might alias).
     */
    private static void adam(float[] grad, float[] var, float[] m, float[] v, int from, int to, float b1, float b2, float a, float e) {
        for (int i = from; i < to; i++) {
            float g = grad[i];
            float mi = m[i] + (g - m[i]) * b1;
            float vi = v[i] + (g * g - v[i]) * b2;
            m[i] = mi;
            v[i] = vi;
            var[i] -= (mi * a) / ((float) Math.sqrt(vi) + e);
        }
    }

    @Override
    protected void putConfig(Map<String, Object> config) {
        super.putConfig(config);
        config.put("amsgrad", amsgrad);
    }

    /** Reads Adam's own keys and the base keys. */
    protected final void readAdamConfig(ConfigReader r) {
        readBetas(r);
        amsgrad(r.getBoolean("amsgrad", amsgrad));
        readBaseConfig(r);
        r.finish();
    }

    public static Adam fromConfig(Map<String, Object> config) {
        Adam o = new Adam();
        o.readAdamConfig(new ConfigReader("Adam", config));
        return o;
    }

    @Override
    public Adam clipnorm(Double v) {
        super.clipnorm(v);
        return this;
    }

    @Override
    public Adam clipvalue(Double v) {
        super.clipvalue(v);
        return this;
    }

    @Override
    public Adam globalClipnorm(Double v) {
        super.globalClipnorm(v);
        return this;
    }

    @Override
    public Adam weightDecay(Double v) {
        super.weightDecay(v);
        return this;
    }

    @Override
    public Adam named(String name) {
        super.named(name);
        return this;
    }
}
