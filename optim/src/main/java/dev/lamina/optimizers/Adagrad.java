package dev.lamina.optimizers;

import dev.lamina.optimizers.schedules.LearningRateSchedule;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Map;

/**
 * Adagrad (Keras defaults: learning_rate 1e-3, initial_accumulator_value 0.1, epsilon 1e-7):
 * {@code acc <- acc + g^2; w <- w - lr*g/sqrt(acc + eps)}. Slot: accumulator, starting at initial_accumulator_value.
 */
public class Adagrad extends Optimizer {
    private double initialAccumulatorValue = 0.1;
    private double epsilon = 1e-7;

    public Adagrad() {
        this(0.001);
    }

    public Adagrad(double learningRate) {
        super("adagrad", learningRate);
    }

    public Adagrad(LearningRateSchedule schedule) {
        super("adagrad", schedule);
    }

    /** Used when slots are created (the first apply). */
    public Adagrad initialAccumulatorValue(double v) {
        initialAccumulatorValue = Checks.nonNegative(className(), "initial_accumulator_value", v);
        return this;
    }

    public Adagrad epsilon(double v) {
        epsilon = Checks.nonNegative(className(), "epsilon", v);
        return this;
    }

    public double initialAccumulatorValue() {
        return initialAccumulatorValue;
    }

    public double epsilon() {
        return epsilon;
    }

    @Override
    protected String[] slotNames() {
        return new String[] {"accumulator"};
    }

    @Override
    protected float slotInitialValue(int i) {
        return (float) initialAccumulatorValue;
    }

    @Override
    protected void updateStep(float[] grad, int gOff, float[] var, Slots slots, float lr, long step) {
        float[] acc = slots.get(0);
        float eps = (float) epsilon;
        for (int i = 0, n = slots.size(); i < n; i++) {
            float g = grad[gOff + i];
            acc[i] += g * g;
            var[i] -= lr * g / (float) Math.sqrt(acc[i] + eps);
        }
    }

    @Override
    protected void putConfig(Map<String, Object> config) {
        config.put("initial_accumulator_value", initialAccumulatorValue);
        config.put("epsilon", epsilon);
    }

    public static Adagrad fromConfig(Map<String, Object> config) {
        ConfigReader r = new ConfigReader("Adagrad", config);
        Adagrad o = new Adagrad().initialAccumulatorValue(r.getDouble("initial_accumulator_value", 0.1))
                .epsilon(r.getDouble("epsilon", 1e-7));
        o.readBaseConfig(r);
        r.finish();
        return o;
    }

    @Override
    public Adagrad clipnorm(Double v) {
        super.clipnorm(v);
        return this;
    }

    @Override
    public Adagrad clipvalue(Double v) {
        super.clipvalue(v);
        return this;
    }

    @Override
    public Adagrad globalClipnorm(Double v) {
        super.globalClipnorm(v);
        return this;
    }

    @Override
    public Adagrad weightDecay(Double v) {
        super.weightDecay(v);
        return this;
    }

    @Override
    public Adagrad named(String name) {
        super.named(name);
        return this;
    }
}
