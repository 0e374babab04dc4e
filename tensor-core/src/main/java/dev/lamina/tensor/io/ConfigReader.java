package dev.lamina.tensor.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one reader of Keras-style config maps (from {@code getConfig()} or parsed by {@link Json}, so integers may
 * come as {@code Long}, {@code Integer} or integral {@code Double}) and of saved states ({@link #ofState}). Every value
 * is type- and range-checked, and a failure names the owner (the class reading), the key, and the value received
 * with its type: {@code "Dense.fromConfig: expected units to be an int, received units=4294967360 (Long)"}, never a
 * truncated number or a raw {@code ClassCastException}. In a config, absent keys and JSON null both read as the
 * default. Reading marks a key read (a key may be read again); {@link #finish()} rejects keys nobody read, like
 * Keras' "Argument(s) not recognized", for owners that want that.
 */
public final class ConfigReader {
    private final String owner;
    private final Map<String, Object> config;
    private final Set<String> read = new HashSet<>();
    private final boolean state;
    private final String path;

    /** A reader of {@code config}; {@code owner} starts every error message. */
    public ConfigReader(String owner, Map<String, ?> config) {
        this(owner, config, false, "");
    }

    private ConfigReader(String owner, Map<String, ?> config, boolean state, String path) {
        if (config == null) throw new IllegalArgumentException(owner + ": expected a " + (state ? "state" : "config") + " map, received null");
        this.owner = owner;
        this.config = new LinkedHashMap<>(config);
        this.state = state;
        this.path = path;
    }

    /** A reader that treats a null config as an empty one (losses and metrics take {@code fromConfig(null)}). */
    public static ConfigReader of(String owner, Map<String, ?> config) {
        return new ConfigReader(owner, config == null ? Map.of() : config);
    }

    /**
     * A reader of a saved state (written by the program, so complete): every key read must be present, even where
     * its value may be null, and errors quote the key: {@code "EarlyStopping.restoreState: expected 'wait' to be an
     * int, received wait=\"x\" (String)"}.
     */
    public static ConfigReader ofState(String owner, Map<String, ?> state) {
        return new ConfigReader(owner, state, true, "");
    }

    /** The object at {@code key}, read the same way; its errors name the key as {@code key.inner}. */
    public ConfigReader nested(String key) {
        return new ConfigReader(owner, asMap(require(key), key), state, path + key + ".");
    }

    /** The keys of the map, in its order. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(config.keySet());
    }

    /** An error for a value that is well typed but wrong: {@code owner + ": " + what}. */
    public IllegalArgumentException error(String what) {
        return new IllegalArgumentException(owner + ": " + what);
    }

    /** A JSON object value as a config map; {@code what} names it in the error. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> asMap(Object o, String what) {
        if (!(o instanceof Map)) throw wrongType(what, "an object", o);
        for (Object k : ((Map<?, ?>) o).keySet()) if (!(k instanceof String)) throw wrongType(what, "an object with string keys", o);
        return (Map<String, Object>) o;
    }

    public boolean has(String key) {
        return config.containsKey(key);
    }

    /** The raw value (marked read), or {@code dflt} when absent; absent is an error in a state. */
    public Object raw(String key, Object dflt) {
        if (!config.containsKey(key)) {
            if (state) throw missing(key);
            return dflt;
        }
        read.add(key);
        return config.get(key);
    }

    /** A required value, which may not be null. */
    public Object require(String key) {
        Object v = raw(key, null);
        if (v == null) throw missing(key);
        return v;
    }

    private IllegalArgumentException missing(String key) {
        List<String> keys = new ArrayList<>(config.keySet());
        keys.remove(key);
        return error("expected " + (state ? "" : "config ") + "key '" + path + key + "', received keys " + keys);
    }

    public double requireDouble(String key) {
        return toDouble(key, require(key), "a number");
    }

    public long requireLong(String key) {
        return toLong(key, require(key), Long.MIN_VALUE, Long.MAX_VALUE, "an integer");
    }

    public int requireInt(String key) {
        return (int) toLong(key, require(key), Integer.MIN_VALUE, Integer.MAX_VALUE, "an int");
    }

    public String requireString(String key) {
        Object v = require(key);
        if (!(v instanceof String)) throw wrongType(key, "a string", v);
        return (String) v;
    }

    /** An int of at least {@code min}. */
    public int requireInt(String key, int min) {
        return (int) toLong(key, require(key), min, Integer.MAX_VALUE, "an int >= " + min);
    }

    public boolean requireBoolean(String key) {
        Object v = require(key);
        if (!(v instanceof Boolean)) throw wrongType(key, "a boolean", v);
        return (Boolean) v;
    }

    public double getDouble(String key, double dflt) {
        Object v = raw(key, null);
        return v == null ? dflt : toDouble(key, v, "a number");
    }

    /** A number or null (absent means {@code dflt}). */
    public Double getNullableDouble(String key, Double dflt) {
        if (!has(key) && !state) return dflt;
        Object v = raw(key, null);
        return v == null ? null : toDouble(key, v, "a number or null");
    }

    /** An integer; integral doubles (3.0) are accepted, as Python would accept them. */
    public long getLong(String key, long dflt) {
        Object v = raw(key, null);
        return v == null ? dflt : toLong(key, v, Long.MIN_VALUE, Long.MAX_VALUE, "an integer");
    }

    public int getInt(String key, int dflt) {
        Object v = raw(key, null);
        return v == null ? dflt : (int) toLong(key, v, Integer.MIN_VALUE, Integer.MAX_VALUE, "an int");
    }

    /** An int or null (absent or JSON null). */
    public Integer getNullableInt(String key) {
        Object v = raw(key, null);
        return v == null ? null : (int) toLong(key, v, Integer.MIN_VALUE, Integer.MAX_VALUE, "an int or null");
    }

    /** A long or null (absent or JSON null), e.g. a layer's {@code seed}. */
    public Long getNullableLong(String key) {
        Object v = raw(key, null);
        return v == null ? null : toLong(key, v, Long.MIN_VALUE, Long.MAX_VALUE, "an integer or null");
    }

    public boolean getBoolean(String key, boolean dflt) {
        Object v = raw(key, null);
        if (v == null) return dflt;
        if (!(v instanceof Boolean)) throw wrongType(key, "a boolean", v);
        return (Boolean) v;
    }

    public String getString(String key, String dflt) {
        Object v = raw(key, null);
        if (v == null) return dflt;
        if (!(v instanceof String)) throw wrongType(key, "a string", v);
        return (String) v;
    }

    public List<Number> getNumberList(String key) {
        require(key);
        return getList(key, Number.class, "numbers");
    }

    /** A list whose elements are all {@code type} (a copy), or null; {@code what} names them in the error. */
    public <T> List<T> getList(String key, Class<T> type, String what) {
        Object v = raw(key, null);
        if (v == null) return null;
        if (!(v instanceof List)) throw wrongType(key, "a list of " + what, v);
        List<T> out = new ArrayList<>();
        for (Object o : (List<?>) v) {
            if (!type.isInstance(o)) throw wrongType(key, "a list of " + what, v);
            out.add(type.cast(o));
        }
        return out;
    }

    /** Exactly {@code n} ints as a list (no bare number, no nulls: not Keras' int-or-tuple, see {@link #getInts}). */
    public int[] requireIntList(String key, int n) {
        List<Number> l = getNumberList(key);
        if (l.size() != n) throw wrongType(key, "a list of " + n + " ints", l);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = (int) toLong(key + "[" + i + "]", l.get(i), Integer.MIN_VALUE, Integer.MAX_VALUE, "an int");
        return out;
    }

    /** A number or a list of numbers as an array; absent or null gives null. */
    public double[] getDoubles(String key) {
        Object v = raw(key, null);
        if (v == null) return null;
        if (v instanceof Number) return new double[]{toDouble(key, v, "a number")};
        if (!(v instanceof List)) throw wrongType(key, "a number or a list of numbers", v);
        List<?> l = (List<?>) v;
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) out[i] = toDouble(key + "[" + i + "]", l.get(i), "a number");
        return out;
    }

    /**
     * Keras' int-or-tuple ({@code 3} or {@code [3, 3]}) as {@code n} ints ({@code n < 0}: a list of any length);
     * a null element is Keras' None and reads as -1. Absent or null gives null.
     */
    public int[] getInts(String key, int n) {
        Object v = raw(key, null);
        if (v == null) return null;
        if (v instanceof Number && n >= 0) {
            int[] out = new int[n];
            Arrays.fill(out, (int) toLong(key, v, Integer.MIN_VALUE, Integer.MAX_VALUE, "an int"));
            return out;
        }
        String expected = n < 0 ? "a list of ints" : "an int or a list of " + n + " ints";
        if (!(v instanceof List)) throw wrongType(key, expected, v);
        List<?> l = (List<?>) v;
        if (n >= 0 && l.size() != n) throw wrongType(key, expected, v);
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            Object o = l.get(i);
            out[i] = o == null ? -1 : (int) toLong(key + "[" + i + "]", o, Integer.MIN_VALUE, Integer.MAX_VALUE, "an int or null");
        }
        return out;
    }

    /** {@link #getInts}, required. */
    public int[] requireInts(String key, int n) {
        require(key);
        return getInts(key, n);
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
        List<String> unread = new ArrayList<>(config.keySet());
        unread.removeAll(read);
        if (!unread.isEmpty()) throw error("expected only known config keys, received unrecognized key(s) " + unread);
    }

    private double toDouble(String key, Object v, String expected) {
        if (!(v instanceof Number)) throw wrongType(key, expected, v);
        return ((Number) v).doubleValue();
    }

    private long toLong(String key, Object v, long min, long max, String expected) {
        long r;
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            r = ((Number) v).longValue();
        } else if (v instanceof Number && ((Number) v).doubleValue() == Math.rint(((Number) v).doubleValue())
                && Math.abs(((Number) v).doubleValue()) < 9.0e15) {
            r = (long) ((Number) v).doubleValue();
        } else {
            throw wrongType(key, expected, v);
        }
        if (r < min || r > max) throw wrongType(key, expected, v);
        return r;
    }

    private IllegalArgumentException wrongType(String key, String expected, Object v) {
        String name = path + key;
        return error("expected " + (state ? "'" + name + "'" : name) + " to be " + expected + ", received " + name + "=" + describe(v));
    }

    /** A value with its type, e.g. {@code 4294967360 (Long)}, {@code "x" (String)}. */
    private static String describe(Object v) {
        if (v == null) return "null";
        String text = v instanceof String ? "\"" + v + "\"" : String.valueOf(v);
        if (text.length() > 80) text = text.substring(0, 77) + "...";
        return text + " (" + (v instanceof Map ? "object" : v instanceof List ? "list" : v.getClass().getSimpleName()) + ")";
    }
}
