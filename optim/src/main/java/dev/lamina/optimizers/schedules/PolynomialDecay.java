package dev.lamina.optimizers.schedules;

import dev.lamina.tensor.io.ConfigReader;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code (initial - end) * (1 - s / decay_steps)^power + end} with {@code s = min(step, decay_steps)}; with
 * {@code cycle}, decay_steps is multiplied by {@code ceil(step / decay_steps)} (1 at step 0) instead.
 */
public final class PolynomialDecay implements LearningRateSchedule {
    private final double initialLearningRate;
    private final long decaySteps;
    private final double endLearningRate;
    private final double power;
    private final boolean cycle;
    private final String name;

    /** Keras defaults: end_learning_rate 1e-4, power 1, no cycle. */
    public PolynomialDecay(double initialLearningRate, long decaySteps) {
        this(initialLearningRate, decaySteps, 0.0001, 1.0, false);
    }

    public PolynomialDecay(double initialLearningRate, long decaySteps, double endLearningRate, double power, boolean cycle) {
        this(initialLearningRate, decaySteps, endLearningRate, power, cycle, "PolynomialDecay");
    }

    private PolynomialDecay(double initialLearningRate, long decaySteps, double endLearningRate, double power, boolean cycle, String name) {
        this.initialLearningRate = Schedules.finite("PolynomialDecay", "initial_learning_rate", initialLearningRate);
        this.decaySteps = Schedules.positiveSteps("PolynomialDecay", "decay_steps", decaySteps);
        this.endLearningRate = Schedules.finite("PolynomialDecay", "end_learning_rate", endLearningRate);
        this.power = Schedules.finite("PolynomialDecay", "power", power);
        this.cycle = cycle;
        this.name = name;
    }

    @Override
    public double at(long step) {
        double s = step;
        double steps = decaySteps;
        if (cycle) {
            steps *= step == 0 ? 1.0 : Math.ceil(s / steps);
        } else {
            s = Math.min(s, steps);
        }
        return (initialLearningRate - endLearningRate) * Math.pow(1 - s / steps, power) + endLearningRate;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initialLearningRate);
        c.put("decay_steps", decaySteps);
        c.put("end_learning_rate", endLearningRate);
        c.put("power", power);
        c.put("cycle", cycle);
        c.put("name", name);
        return c;
    }

    public static PolynomialDecay fromConfig(Map<String, Object> config) {
        ConfigReader r = new ConfigReader("PolynomialDecay", config);
        PolynomialDecay s = new PolynomialDecay(r.requireDouble("initial_learning_rate"), r.requireLong("decay_steps"),
                r.getDouble("end_learning_rate", 0.0001), r.getDouble("power", 1.0), r.getBoolean("cycle", false),
                r.getString("name", "PolynomialDecay"));
        r.finish();
        return s;
    }

    @Override
    public String toString() {
        return "PolynomialDecay" + getConfig();
    }
}
