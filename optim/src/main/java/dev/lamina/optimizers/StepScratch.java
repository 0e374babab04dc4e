package dev.lamina.optimizers;

import dev.lamina.tensor.Variable;

/** {@link Optimizer#apply}'s per-step scratch, grown once and reused so that a step allocates nothing. */
final class StepScratch {
    Slots[] slots = new Slots[0];
    float[][] grads = new float[0][];
    int[] offsets = new int[0];

    void ensure(int n) {
        if (slots.length >= n) return;
        slots = new Slots[n];
        grads = new float[n][];
        offsets = new int[n];
    }

    /** Fresh slots for {@code v}, named and initialised as {@code o} declares. */
    static Slots newSlots(Optimizer o, Variable v) {
        String[] names = o.slotNames();
        float[] init = new float[names.length];
        for (int i = 0; i < names.length; i++) init[i] = o.slotInitialValue(i);
        return new Slots(v, names, init);
    }
}
