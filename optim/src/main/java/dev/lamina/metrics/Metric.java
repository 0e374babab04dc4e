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

    /**
     * Folds in one batch of a masked output ({@code mask} 0/1 or null). As in Keras 3, only the mean metrics
     * ({@link Mean} and its wrappers: accuracies, errors) skip masked entries; the others (confusion counts, AUC)
     * ignore the mask, which is this default.
     */
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight, Tensor mask) {
        updateState(yTrue, yPred, sampleWeight);
    }

    public abstract double result();

    public abstract void resetState();

    /** Whether higher is better; {@link Direction#NONE} when the metric declares nothing. */
    public Direction direction() {
        return Direction.NONE;
    }

    /**
     * The accumulators behind {@link #result()} (Keras' metric variables, e.g. {@code total} and {@code count}) as
     * copies by name, or null when the metric cannot be checkpointed. With {@link #assignStateVariables} a
     * checkpoint can resume an epoch mid-way with the same streamed values.
     */
    public Map<String, double[]> stateVariables() {
        return null;
    }

    /** Restores {@link #stateVariables()}; other names or sizes are rejected before anything changes. */
    public void assignStateVariables(Map<String, double[]> values) {
        throw new UnsupportedOperationException(className() + " '" + name + "': this metric cannot restore its state");
    }

    /** An insertion-ordered name -> array map from alternating names and arrays. */
    protected static Map<String, double[]> state(Object... namesAndArrays) {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndArrays.length; i += 2) m.put((String) namesAndArrays[i], (double[]) namesAndArrays[i + 1]);
        return m;
    }

    /** Checks that {@code values} holds exactly {@code names}, each of {@code length} entries (-1: any), and returns copies. */
    protected final double[][] requireState(Map<String, double[]> values, int length, String... names) {
        String who = className() + " '" + name + "'.assignStateVariables";
        if (values == null || !values.keySet().equals(new java.util.HashSet<>(java.util.List.of(names)))) {
            throw new IllegalArgumentException(who + ": expected state variables " + java.util.List.of(names) + ", received "
                    + (values == null ? "null" : values.keySet()));
        }
        double[][] out = new double[names.length][];
        for (int i = 0; i < names.length; i++) {
            double[] v = values.get(names[i]);
            if (v == null || (length >= 0 && v.length != length)) {
                throw new IllegalArgumentException(who + ": expected '" + names[i] + "' with " + (length >= 0 ? length : "some") + " values, received "
                        + (v == null ? "null" : v.length));
            }
            out[i] = v.clone();
        }
        return out;
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
