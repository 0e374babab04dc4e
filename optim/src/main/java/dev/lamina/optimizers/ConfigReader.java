package dev.lamina.optimizers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Keras-style config map (as produced by {@code getConfig()} or parsed from JSON, so numbers may be
 * {@code Long} or {@code Double}) and fails with a message naming the owner and the key. {@link #finish()} rejects
 * keys nobody read, like Keras' "Argument(s) not recognized".
 */
public final class ConfigReader {
    private final String owner;
    private final Map<String, Object> remaining;

    public ConfigReader(String owner, Map<String, ?> config) {
        if (config == null) throw new IllegalArgumentException(owner + ": expected a config map, received null");
        this.owner = owner;
        this.remaining = new LinkedHashMap<>(config);
    }

    /** A JSON object value as a config map. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    public boolean has(String key) {
        return remaining.containsKey(key);
    }

    /** The raw value (removed from the unread set), or {@code dflt} when absent. */
    public Object raw(String key, Object dflt) {
        return remaining.containsKey(key) ? remaining.remove(key) : dflt;
    }

    /** A required number. */
    public double requireDouble(String key) {
        requirePresent(key);
        return getDouble(key, 0);
    }

    /** A required integer. */
    public long requireLong(String key) {
        requirePresent(key);
        return getLong(key, 0);
    }

    private void requirePresent(String key) {
        if (!remaining.containsKey(key)) {
            throw new IllegalArgumentException(owner + ": expected config key '" + key + "', received keys " + remaining.keySet());
        }
    }

    public double getDouble(String key, double dflt) {
        Object v = raw(key, dflt);
        if (!(v instanceof Number)) throw wrongType(key, "a number", v);
        return ((Number) v).doubleValue();
    }

    /** A number or null (absent means {@code dflt}). */
    public Double getNullableDouble(String key, Double dflt) {
        Object v = raw(key, dflt);
        if (v == null) return null;
        if (!(v instanceof Number)) throw wrongType(key, "a number or null", v);
        return ((Number) v).doubleValue();
    }

    /** An integer; integral doubles (3.0) are accepted, as Python would accept them. */
    public long getLong(String key, long dflt) {
        Object v = raw(key, dflt);
        return toLong(key, v);
    }

    public boolean getBoolean(String key, boolean dflt) {
        Object v = raw(key, dflt);
        if (!(v instanceof Boolean)) throw wrongType(key, "a boolean", v);
        return (Boolean) v;
    }

    public String getString(String key, String dflt) {
        Object v = raw(key, dflt);
        if (v != null && !(v instanceof String)) throw wrongType(key, "a string", v);
        return (String) v;
    }

    public List<Number> getNumberList(String key) {
        requirePresent(key);
        Object v = remaining.remove(key);
        if (!(v instanceof List)) throw wrongType(key, "a list of numbers", v);
        List<Number> out = new ArrayList<>();
        for (Object o : (List<?>) v) {
            if (!(o instanceof Number)) throw wrongType(key, "a list of numbers", v);
            out.add((Number) o);
        }
        return out;
    }

    /** Consumes a Keras key Lamina does not implement; accepted only at its inert value. */
    public void requireInert(String key, Object inert) {
        Object v = raw(key, inert);
        boolean same = inert == null ? v == null
                : inert instanceof Number ? v instanceof Number && ((Number) v).doubleValue() == ((Number) inert).doubleValue()
                : inert.equals(v);
        if (!same) {
            throw new IllegalArgumentException(owner + ": config key '" + key + "' is not supported; expected " + key + "="
                    + inert + ", received " + key + "=" + v);
        }
    }

    /** Fails if any key was not read. */
    public void finish() {
        if (!remaining.isEmpty()) {
            throw new IllegalArgumentException(owner + ": expected only known config keys, received unrecognized key(s) " + remaining.keySet());
        }
    }

    private long toLong(String key, Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short) return ((Number) v).longValue();
        if (v instanceof Number) {
            double d = ((Number) v).doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 9.0e15) return (long) d;
        }
        throw wrongType(key, "an integer", v);
    }

    private IllegalArgumentException wrongType(String key, String expected, Object v) {
        return new IllegalArgumentException(owner + ": expected " + key + " to be " + expected + ", received " + key + "=" + v);
    }
}
