package dev.lamina.optimizers.schedules;

import java.util.Map;

/**
 * Keras' {@code LearningRateSchedule}: the learning rate as a function of the optimizer's iteration count (0 for
 * the first step). Implement {@link #at}, {@link #getConfig} and, for serialization, register a factory with
 * {@link Schedules#register}.
 */
public interface LearningRateSchedule {
    /** The learning rate for the step taken when the optimizer has done {@code step} iterations. */
    double at(long step);

    /** Keras argument names to values; {@link Schedules#fromConfig} rebuilds the schedule from it. */
    Map<String, Object> getConfig();

    /** Keras class name, e.g. {@code "ExponentialDecay"}. */
    default String className() {
        return getClass().getSimpleName();
    }
}
