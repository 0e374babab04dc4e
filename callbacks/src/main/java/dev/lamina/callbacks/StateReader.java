package dev.lamina.callbacks;

import dev.lamina.tensor.Rng;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Typed reads of a backup's {@code state.json}; a missing or mistyped entry fails naming the file and the key. */
final class StateReader {
    private final Map<String, Object> json;
    private final Path file;

    StateReader(Map<String, Object> json, Path file) {
        this.json = json;
        this.file = file;
    }

    IllegalArgumentException bad(String what) {
        return new IllegalArgumentException("BackupAndRestore: " + file + " is not a usable backup: " + what);
    }

    private Object get(String key) {
        if (!json.containsKey(key)) throw bad("expected key '" + key + "', received keys " + json.keySet());
        return json.get(key);
    }

    int integer(String key) {
        long v = integer64(key);
        if (v < 0 || v > Integer.MAX_VALUE) throw bad("expected '" + key + "' to be a non-negative int, received " + v);
        return (int) v;
    }

    long integer64(String key) {
        Object v = get(key);
        if (!(v instanceof Long)) throw bad("expected '" + key + "' to be an integer, received " + v);
        return (Long) v;
    }

    double number(String key) {
        Object v = get(key);
        if (!(v instanceof Number)) throw bad("expected '" + key + "' to be a number, received " + v);
        return ((Number) v).doubleValue();
    }

    Map<?, ?> map(String key) {
        Object v = get(key);
        if (!(v instanceof Map)) throw bad("expected '" + key + "' to be an object, received " + v);
        return (Map<?, ?>) v;
    }

    /** A generator state checked by loading it into a scratch generator. */
    int[] rngState(String key, Object v) {
        if (!(v instanceof List) || ((List<?>) v).size() != Rng.STATE_SIZE) {
            throw bad("expected '" + key + "' to be a list of " + Rng.STATE_SIZE + " ints");
        }
        int[] a = new int[Rng.STATE_SIZE];
        for (int i = 0; i < a.length; i++) {
            Object o = ((List<?>) v).get(i);
            if (!(o instanceof Long) || (Long) o != ((Long) o).intValue()) throw bad("expected '" + key + "' to hold ints, received " + o + " at " + i);
            a[i] = ((Long) o).intValue();
        }
        try {
            new Rng(0).setState(a);
        } catch (IllegalArgumentException e) {
            throw bad("'" + key + "': " + e.getMessage());
        }
        return a;
    }

    /** {@code {tracker: {variable: [numbers]}}}. */
    Map<String, Map<String, double[]>> metrics(String key) {
        Map<String, Map<String, double[]>> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map(key).entrySet()) {
            if (!(e.getValue() instanceof Map)) throw bad("expected '" + key + "." + e.getKey() + "' to be an object");
            Map<String, double[]> vars = new LinkedHashMap<>();
            for (Map.Entry<?, ?> v : ((Map<?, ?>) e.getValue()).entrySet()) {
                if (!(v.getValue() instanceof List)) throw bad("expected '" + key + "." + e.getKey() + "." + v.getKey() + "' to be a list of numbers");
                List<?> l = (List<?>) v.getValue();
                double[] d = new double[l.size()];
                for (int i = 0; i < d.length; i++) {
                    if (!(l.get(i) instanceof Number)) throw bad("expected '" + key + "." + e.getKey() + "." + v.getKey() + "' to hold numbers");
                    d[i] = ((Number) l.get(i)).doubleValue();
                }
                vars.put(String.valueOf(v.getKey()), d);
            }
            out.put(String.valueOf(e.getKey()), vars);
        }
        return out;
    }
}
