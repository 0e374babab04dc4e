package dev.lamina.optimizers;

import dev.lamina.tensor.Variable;

import java.util.Arrays;

/**
 * The optimizer state of one variable: one {@code float[]} per slot (Keras slot names such as {@code momentum},
 * {@code velocity}), each as long as the variable, allocated once when the optimizer first sees the variable.
 * Subclasses read them by index in the order their {@link Optimizer#slotNames()} lists them.
 */
public final class Slots {
    private final Variable variable;
    private final String[] names;
    private final float[][] arrays;
    private float[] clipBuffer; // clipped gradients are written here, never into the caller's tensors
    byte decay;                 // weight-decay decision cache: 0 unknown, 1 decay, 2 excluded

    Slots(Variable variable, String[] names, float[] initialValues) {
        this.variable = variable;
        this.names = names.clone();
        this.arrays = new float[names.length][];
        for (int i = 0; i < names.length; i++) {
            arrays[i] = new float[variable.size()];
            if (initialValues[i] != 0f) Arrays.fill(arrays[i], initialValues[i]);
        }
    }

    public Variable variable() {
        return variable;
    }

    /** Number of elements of the variable (and of every slot). */
    public int size() {
        return variable.size();
    }

    public int count() {
        return names.length;
    }

    public String name(int i) {
        return names[i];
    }

    /** The live slot array (written in place by the optimizer). */
    public float[] get(int i) {
        return arrays[i];
    }

    /** The live slot array with this Keras slot name. */
    public float[] get(String name) {
        int i = indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("Slots of '" + variable.name() + "': expected one of " + Arrays.toString(names)
                    + ", received slot name '" + name + "'");
        }
        return arrays[i];
    }

    int indexOf(String name) {
        for (int i = 0; i < names.length; i++) if (names[i].equals(name)) return i;
        return -1;
    }

    float[] clipBuffer() {
        if (clipBuffer == null) clipBuffer = new float[variable.size()];
        return clipBuffer;
    }
}
