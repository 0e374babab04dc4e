package dev.lamina.training;

import java.util.Arrays;
import java.util.List;

/**
 * The arguments of Keras' {@code compile}: {@code CompileOptions.of("rmsprop", losses).metrics(...)
 * .lossWeights(Map.of("score_output", 2.0, "class_output", 1.0))}. The optimizer is an Optimizer or its string id;
 * a loss is a Loss, a string id, a list by output position (null = no loss) or a map by output name (a missing
 * name = no loss); metrics are strings/Metric objects for every output, a list of such lists by position, or a
 * map by output name; loss weights a list by position or a map by name.
 */
public final class CompileOptions {
    private final Object optimizer;
    private final Object loss;
    private Object metrics = List.of();
    private Object weightedMetrics = List.of();
    private Object lossWeights;
    private boolean checkFinite = true;

    private CompileOptions(Object optimizer, Object loss) {
        this.optimizer = optimizer == null ? "rmsprop" : optimizer;
        this.loss = loss;
    }

    public static CompileOptions of(Object optimizer, Object loss) {
        return new CompileOptions(optimizer, loss);
    }

    /** Metrics as varargs: {@code metrics("accuracy")}, or one list/map argument for per-output metrics. */
    public CompileOptions metrics(Object... m) {
        metrics = unwrap(m);
        return this;
    }

    public CompileOptions weightedMetrics(Object... m) {
        weightedMetrics = unwrap(m);
        return this;
    }

    public CompileOptions lossWeights(Object w) {
        lossWeights = w;
        return this;
    }

    /**
     * Whether fit, evaluate and the batch forms reject NaN and infinities in x, y and sample weights, once per call on
     * the whole arrays (default true). Turn it off for data that uses NaN on purpose, e.g. targets a custom loss masks.
     */
    public CompileOptions checkFinite(boolean v) {
        checkFinite = v;
        return this;
    }

    private static Object unwrap(Object[] m) {
        if (m.length == 1 && (m[0] instanceof List || m[0] instanceof java.util.Map)) return m[0];
        return Arrays.asList(m);
    }

    public Object optimizer() {
        return optimizer;
    }

    public Object loss() {
        return loss;
    }

    public Object metrics() {
        return metrics;
    }

    public Object weightedMetrics() {
        return weightedMetrics;
    }

    public Object lossWeights() {
        return lossWeights;
    }

    public boolean checkFinite() {
        return checkFinite;
    }
}
