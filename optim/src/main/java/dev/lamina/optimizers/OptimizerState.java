package dev.lamina.optimizers;

import dev.lamina.tensor.Tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A snapshot of an optimizer's state: the iteration count, its scalar state ({@code learning_rate} when constant,
 * {@code u_product} for Nadam) and every slot array, keyed {@code "<variable name>/<slot name>"} (for example
 * {@code "dense_1/kernel/momentum"}). All arrays are copies, so the snapshot does not change as training continues.
 */
public final class OptimizerState {
    private final long iterations;
    private final Map<String, Double> scalars;
    private final Map<String, Tensor> slots;

    /** Builds a state (for example from a checkpoint file); the tensors are copied. */
    public OptimizerState(long iterations, Map<String, Double> scalars, Map<String, Tensor> slots) {
        if (iterations < 0) throw new IllegalArgumentException("OptimizerState: expected iterations >= 0, received iterations=" + iterations);
        this.iterations = iterations;
        this.scalars = Collections.unmodifiableMap(new LinkedHashMap<>(scalars));
        LinkedHashMap<String, Tensor> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : slots.entrySet()) {
            String key = e.getKey();
            int cut = key.lastIndexOf('/');
            if (cut <= 0 || cut == key.length() - 1) {
                throw new IllegalArgumentException("OptimizerState: expected slot keys '<variable name>/<slot name>', received '" + key + "'");
            }
            copy.put(key, e.getValue().copy());
        }
        this.slots = Collections.unmodifiableMap(copy);
    }

    public long iterations() {
        return iterations;
    }

    /** Scalar state by name, e.g. {@code learning_rate} (the float32 value widened) or {@code u_product}. */
    public Map<String, Double> scalars() {
        return scalars;
    }

    /** Slot keys in the order the optimizer created them. */
    public Set<String> slotKeys() {
        return slots.keySet();
    }

    /** A copy of the slot stored under {@code "<variable name>/<slot name>"}, or null. */
    public Tensor slot(String key) {
        Tensor t = slots.get(key);
        return t == null ? null : t.copy();
    }

    public Tensor slot(String variableName, String slotName) {
        return slot(variableName + "/" + slotName);
    }

    /** The stored tensors themselves (read-only use). */
    Map<String, Tensor> slotMap() {
        return slots;
    }

    static String variableOf(String key) {
        return key.substring(0, key.lastIndexOf('/'));
    }

    static String slotOf(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    @Override
    public String toString() {
        return "OptimizerState(iterations=" + iterations + ", scalars=" + scalars + ", slots=" + slots.keySet() + ")";
    }
}
