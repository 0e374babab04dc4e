package dev.lamina.callbacks;

import dev.lamina.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of a {@link dev.lamina.training.StatefulCallback} state map after a JSON round trip (integers come
 * back as Long, NaN and the infinities as Double); a missing or mistyped key fails naming the callback and key.
 */
final class CallbackState {
    private final String owner;
    private final Map<String, Object> state;

    CallbackState(String owner, Map<String, Object> state) {
        if (state == null) throw new IllegalArgumentException(owner + ".restoreState: expected a state map, received null");
        this.owner = owner;
        this.state = state;
    }

    private Object get(String key) {
        if (!state.containsKey(key)) {
            throw new IllegalArgumentException(owner + ".restoreState: expected key '" + key + "', received keys " + state.keySet());
        }
        return state.get(key);
    }

    private IllegalArgumentException bad(String key, String expected, Object v) {
        return new IllegalArgumentException(owner + ".restoreState: expected '" + key + "' to be " + expected + ", received "
                + (v == null ? "null" : v + " (" + v.getClass().getSimpleName() + ")"));
    }

    int integer(String key) {
        Object v = get(key);
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() != ((Number) v).intValue()) throw bad(key, "an int", v);
        return ((Number) v).intValue();
    }

    long longValue(String key) {
        Object v = get(key);
        if (!(v instanceof Integer || v instanceof Long)) throw bad(key, "an integer", v);
        return ((Number) v).longValue();
    }

    double number(String key) {
        Object v = get(key);
        if (!(v instanceof Number)) throw bad(key, "a number", v);
        return ((Number) v).doubleValue();
    }

    boolean bool(String key) {
        Object v = get(key);
        if (!(v instanceof Boolean)) throw bad(key, "a boolean", v);
        return (Boolean) v;
    }

    /** A list of strings, or null. */
    List<String> strings(String key) {
        Object v = get(key);
        if (v == null) return null;
        if (!(v instanceof List)) throw bad(key, "a list of strings", v);
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) v) {
            if (!(o instanceof String)) throw bad(key, "a list of strings", v);
            out.add((String) o);
        }
        return out;
    }

    /** A list of tensors, or null. */
    List<Tensor> tensors(String key) {
        Object v = get(key);
        if (v == null) return null;
        if (!(v instanceof List)) throw bad(key, "a list of tensors", v);
        List<Tensor> out = new ArrayList<>();
        for (Object o : (List<?>) v) {
            if (!(o instanceof Tensor)) throw bad(key, "a list of tensors", v);
            out.add((Tensor) o);
        }
        return out;
    }
}
