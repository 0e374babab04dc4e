package dev.lamina.optimizers.schedules;

import dev.lamina.tensor.io.ConfigReader;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code initial_learning_rate * decay_rate ^ (step / decay_steps)}; with staircase the exponent is floored. */
public final class ExponentialDecay implements LearningRateSchedule {
    private final double initialLearningRate;
    private final long decaySteps;
    private final double decayRate;
    private final boolean staircase;
    private final String name;

    public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate, boolean staircase) {
        this(initialLearningRate, decaySteps, decayRate, staircase, "ExponentialDecay");
    }

    public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate) {
        this(initialLearningRate, decaySteps, decayRate, false);
    }

    private ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate, boolean staircase, String name) {
        this.initialLearningRate = Schedules.finite("ExponentialDecay", "initial_learning_rate", initialLearningRate);
        this.decaySteps = Schedules.positiveSteps("ExponentialDecay", "decay_steps", decaySteps);
        this.decayRate = Schedules.finite("ExponentialDecay", "decay_rate", decayRate);
        this.staircase = staircase;
        this.name = name;
    }

    @Override
    public double at(long step) {
        double p = (double) step / decaySteps;
        if (staircase) p = Math.floor(p);
        return initialLearningRate * Math.pow(decayRate, p);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initialLearningRate);
        c.put("decay_steps", decaySteps);
        c.put("decay_rate", decayRate);
        c.put("staircase", staircase);
        c.put("name", name);
        return c;
    }

    public static ExponentialDecay fromConfig(Map<String, Object> config) {
        ConfigReader r = new ConfigReader("ExponentialDecay", config);
        ExponentialDecay s = new ExponentialDecay(r.requireDouble("initial_learning_rate"), r.requireLong("decay_steps"),
                r.requireDouble("decay_rate"), r.getBoolean("staircase", false), r.getString("name", "ExponentialDecay"));
        r.finish();
        return s;
    }

    @Override
    public String toString() {
        return "ExponentialDecay" + getConfig();
    }
}
