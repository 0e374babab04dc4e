package dev.lamina.metrics;

/**
 * Whether a larger metric value is better ({@link #UP}), worse ({@link #DOWN}), or neither is declared
 * ({@link #NONE}, e.g. KLDivergence and Poisson). Callbacks in {@code mode="auto"} use it before falling back to
 * the metric's name.
 */
public enum Direction {
    UP, DOWN, NONE
}
