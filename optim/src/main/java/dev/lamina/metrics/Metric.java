package dev.lamina.metrics;

import dev.lamina.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A streaming Keras metric: {@link #updateState} folds in a batch, {@link #result} reads the value over everything
 * seen since the last {@link #resetState}. Updates run on raw arrays, outside autodiff, and accumulate in double.
 * Subclasses write those three methods, declare their {@link #direction}, and add their options to
 * {@link #getConfig}.
 */
public abstract class Metric {
    private String name;

    protected Metric(String name) {
        this.name = checkName(name);
    }

    /** The metric name, used as its log key ({@code "accuracy"}, {@code "val_auc"} once prefixed). */
    public String name() {
        return name;
    }

    public Metric name(String name) {
        this.name = checkName(name);
        return this;
    }

    /** Folds in one batch; {@code sampleWeight} may be null. */
    public abstract void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight);

    public void updateState(Tensor yTrue, Tensor yPred) {
        updateState(yTrue, yPred, null);
    }

    public abstract double result();

    public abstract void resetState();

    /** Whether higher is better; {@link Direction#NONE} when the metric declares nothing. */
    public Direction direction() {
        return Direction.NONE;
    }

    /** Keras config keys: {@code name}, {@code dtype} and the subclass' own options. */
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("dtype", "float32");
        return c;
    }

    /** The Keras class name used in messages and serialization. */
    protected String className() {
        return getClass().getSimpleName();
    }

    private String checkName(String n) {
        if (n == null || n.isEmpty()) throw new IllegalArgumentException(getClass().getSimpleName() + ": expected a non-empty name, received " + (n == null ? "null" : "''"));
        return n;
    }

    @Override
    public String toString() {
        return className() + "(" + name + ") = " + result();
    }
}
