package dev.lamina.optimizers.schedules;

import dev.lamina.tensor.io.ConfigReader;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code initial_learning_rate / (1 + decay_rate * step / decay_steps)}; with staircase the ratio is floored. */
public final class InverseTimeDecay implements LearningRateSchedule {
    private final double initialLearningRate;
    private final long decaySteps;
    private final double decayRate;
    private final boolean staircase;
    private final String name;

    public InverseTimeDecay(double initialLearningRate, long decaySteps, double decayRate, boolean staircase) {
        this(initialLearningRate, decaySteps, decayRate, staircase, "InverseTimeDecay");
    }

    public InverseTimeDecay(double initialLearningRate, long decaySteps, double decayRate) {
        this(initialLearningRate, decaySteps, decayRate, false);
    }

    private InverseTimeDecay(double initialLearningRate, long decaySteps, double decayRate, boolean staircase, String name) {
        this.initialLearningRate = Schedules.finite("InverseTimeDecay", "initial_learning_rate", initialLearningRate);
        this.decaySteps = Schedules.positiveSteps("InverseTimeDecay", "decay_steps", decaySteps);
        this.decayRate = Schedules.finite("InverseTimeDecay", "decay_rate", decayRate);
        this.staircase = staircase;
        this.name = name;
    }

    @Override
    public double at(long step) {
        double p = (double) step / decaySteps;
        if (staircase) p = Math.floor(p);
        return initialLearningRate / (1 + decayRate * p);
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

    public static InverseTimeDecay fromConfig(Map<String, Object> config) {
        ConfigReader r = new ConfigReader("InverseTimeDecay", config);
        InverseTimeDecay s = new InverseTimeDecay(r.requireDouble("initial_learning_rate"), r.requireLong("decay_steps"),
                r.requireDouble("decay_rate"), r.getBoolean("staircase", false), r.getString("name", "InverseTimeDecay"));
        r.finish();
        return s;
    }

    @Override
    public String toString() {
        return "InverseTimeDecay" + getConfig();
    }
}
