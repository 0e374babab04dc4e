package dev.lamina.training;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An immutable, insertion-ordered map from Keras log keys ({@code loss}, {@code accuracy}, {@code val_loss},
 * {@code learning_rate}, ...) to values. Callbacks receive it and cannot change what later callbacks see.
 */
public final class Logs {
    private static final Logs EMPTY = new Logs(new LinkedHashMap<>());
    private final Map<String, Double> values;

    private Logs(LinkedHashMap<String, Double> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static Logs empty() {
        return EMPTY;
    }

    /** A copy of {@code values}, in their iteration order. */
    public static Logs of(Map<String, ? extends Number> values) {
        LinkedHashMap<String, Double> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, v == null ? null : v.doubleValue()));
        return new Logs(m);
    }

    /** Alternating keys and values: {@code Logs.of("loss", 0.5, "accuracy", 0.9)}. */
    public static Logs of(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) throw new IllegalArgumentException("Logs.of: expected key/value pairs, received " + keysAndValues.length + " items");
        LinkedHashMap<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], ((Number) keysAndValues[i + 1]).doubleValue());
        }
        return new Logs(m);
    }

    /** The value for {@code key}, or null when absent. */
    public Double get(String key) {
        return values.get(key);
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public Set<String> keys() {
        return values.keySet();
    }

    public int size() {
        return values.size();
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** An unmodifiable view, in order. */
    public Map<String, Double> asMap() {
        return values;
    }

    /** A new Logs with {@code key} set (appended if new). */
    public Logs with(String key, double value) {
        LinkedHashMap<String, Double> m = new LinkedHashMap<>(values);
        m.put(key, value);
        return new Logs(m);
    }

    /** A new Logs with every entry of {@code other} appended or replaced. */
    public Logs withAll(Logs other) {
        LinkedHashMap<String, Double> m = new LinkedHashMap<>(values);
        m.putAll(other.values);
        return new Logs(m);
    }

    /** A new Logs with every key prefixed (e.g. {@code val_}). */
    public Logs prefixed(String prefix) {
        LinkedHashMap<String, Double> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(prefix + k, v));
        return new Logs(m);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Logs && values.equals(((Logs) o).values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
