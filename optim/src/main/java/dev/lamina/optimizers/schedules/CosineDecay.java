package dev.lamina.optimizers.schedules;

import dev.lamina.tensor.io.ConfigReader;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cosine decay with optional linear warmup (Keras 3). Without warmup_target:
 * {@code initial * ((1 - alpha) * 0.5 * (1 + cos(pi * s / decay_steps)) + alpha)}, {@code s = min(step, decay_steps)}.
 * With warmup_target: a linear ramp from initial to warmup_target over warmup_steps, then the same cosine from
 * warmup_target over decay_steps.
 */
public final class CosineDecay implements LearningRateSchedule {
    private final double initialLearningRate;
    private final long decaySteps;
    private final double alpha;
    private final Double warmupTarget;
    private final long warmupSteps;
    private final String name;

    public CosineDecay(double initialLearningRate, long decaySteps) {
        this(initialLearningRate, decaySteps, 0.0);
    }

    public CosineDecay(double initialLearningRate, long decaySteps, double alpha) {
        this(initialLearningRate, decaySteps, alpha, null, 0);
    }

    public CosineDecay(double initialLearningRate, long decaySteps, double alpha, Double warmupTarget, long warmupSteps) {
        this(initialLearningRate, decaySteps, alpha, warmupTarget, warmupSteps, "CosineDecay");
    }

    private CosineDecay(double initialLearningRate, long decaySteps, double alpha, Double warmupTarget, long warmupSteps, String name) {
        this.initialLearningRate = Schedules.finite("CosineDecay", "initial_learning_rate", initialLearningRate);
        this.decaySteps = Schedules.positiveSteps("CosineDecay", "decay_steps", decaySteps);
        this.alpha = Schedules.finite("CosineDecay", "alpha", alpha);
        if (warmupTarget != null) Schedules.finite("CosineDecay", "warmup_target", warmupTarget);
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("CosineDecay: expected warmup_steps >= 0, received warmup_steps=" + warmupSteps);
        }
        this.warmupTarget = warmupTarget;
        this.warmupSteps = warmupSteps;
        this.name = name;
    }

    @Override
    public double at(long step) {
        if (warmupTarget == null) return decay(Math.min((double) step, decaySteps), initialLearningRate);
        double s = Math.min((double) step, (double) decaySteps + warmupSteps);
        if (s < warmupSteps) return (warmupTarget - initialLearningRate) * (s / warmupSteps) + initialLearningRate;
        return decay(s - warmupSteps, warmupTarget);
    }

    private double decay(double s, double from) {
        double cosine = 0.5 * (1.0 + Math.cos(Math.PI * (s / decaySteps)));
        return from * ((1 - alpha) * cosine + alpha);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initialLearningRate);
        c.put("decay_steps", decaySteps);
        c.put("alpha", alpha);
        c.put("name", name);
        c.put("warmup_target", warmupTarget);
        c.put("warmup_steps", warmupSteps);
        return c;
    }

    public static CosineDecay fromConfig(Map<String, Object> config) {
        ConfigReader r = new ConfigReader("CosineDecay", config);
        CosineDecay s = new CosineDecay(r.requireDouble("initial_learning_rate"), r.requireLong("decay_steps"),
                r.getDouble("alpha", 0.0), r.getNullableDouble("warmup_target", null), r.getLong("warmup_steps", 0),
                r.getString("name", "CosineDecay"));
        r.finish();
        return s;
    }

    @Override
    public String toString() {
        return "CosineDecay" + getConfig();
    }
}
