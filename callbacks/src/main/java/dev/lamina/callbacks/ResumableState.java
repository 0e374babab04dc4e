package dev.lamina.callbacks;

import dev.lamina.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The one implementation of a built-in callback's {@link dev.lamina.training.StatefulCallback state}: the callback
 * declares each saved field once (key, getter, setter) and delegates {@code state()} and {@code restoreState} here.
 * {@link #restore} checks every key at once, so a malformed map is rejected before anything changes; the values
 * take effect when the callback's {@code onTrainBegin} calls {@link #applyRestored} after resetting its fields.
 */
final class ResumableState {
    private final String owner;
    private final List<Field<?>> fields = new ArrayList<>();
    private List<Object> restored;

    ResumableState(String owner) {
        this.owner = owner;
    }

    private record Field<T>(String key, Supplier<Object> get, Function<CallbackState, T> read, Consumer<T> set) {
        @SuppressWarnings("unchecked")
        void apply(Object value) {
            set.accept((T) value);
        }
    }

    private <T> ResumableState field(String key, Supplier<Object> get, Function<CallbackState, T> read, Consumer<T> set) {
        for (Field<?> f : fields) {
            if (f.key().equals(key)) throw new IllegalStateException(owner + ": state key '" + key + "' is declared twice");
        }
        fields.add(new Field<>(key, get, read, set));
        return this;
    }

    ResumableState integer(String key, IntSupplier get, IntConsumer set) {
        return field(key, get::getAsInt, r -> r.integer(key), set::accept);
    }

    ResumableState longValue(String key, LongSupplier get, LongConsumer set) {
        return field(key, get::getAsLong, r -> r.longValue(key), set::accept);
    }

    ResumableState number(String key, DoubleSupplier get, DoubleConsumer set) {
        return field(key, get::getAsDouble, r -> r.number(key), set::accept);
    }

    ResumableState bool(String key, BooleanSupplier get, Consumer<Boolean> set) {
        return field(key, get::getAsBoolean, r -> r.bool(key), set);
    }

    /** A list of strings or null; saved and restored as copies. */
    ResumableState strings(String key, Supplier<List<String>> get, Consumer<List<String>> set) {
        return field(key, () -> copy(get.get()), r -> r.strings(key), set);
    }

    /** A list of tensors or null; the list is copied, the tensors are not (they must not change once saved). */
    ResumableState tensors(String key, Supplier<List<Tensor>> get, Consumer<List<Tensor>> set) {
        return field(key, () -> copy(get.get()), r -> r.tensors(key), set);
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? null : new ArrayList<>(list);
    }

    /** The fields' values now, in declaration order. */
    Map<String, Object> state() {
        Map<String, Object> s = new LinkedHashMap<>();
        for (Field<?> f : fields) s.put(f.key(), f.get().get());
        return s;
    }

    /** Checks every key of {@code state} and keeps the values for {@link #applyRestored}; null discards them. */
    void restore(Map<String, Object> state) {
        if (state == null) {
            restored = null;
            return;
        }
        CallbackState r = new CallbackState(owner, state);
        List<Object> values = new ArrayList<>();
        for (Field<?> f : fields) values.add(f.read().apply(r));
        restored = values;
    }

    /** Sets the fields to the restored values, once; false (and nothing changes) when there are none. */
    boolean applyRestored() {
        if (restored == null) return false;
        List<Object> values = restored;
        restored = null;
        for (int i = 0; i < fields.size(); i++) fields.get(i).apply(values.get(i));
        return true;
    }
}
