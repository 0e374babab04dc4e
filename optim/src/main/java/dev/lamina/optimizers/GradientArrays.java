package dev.lamina.optimizers;

import dev.lamina.tensor.Variable;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** The gradient arrays {@link Optimizer#minimize} reuses from step to step: one per variable, as long as it. */
final class GradientArrays {
    private final Map<Variable, float[]> arrays = new IdentityHashMap<>();
    private float[][] list = new float[0][];

    /** One array per variable of {@code vars}, in order (the same arrays every call for the same variables). */
    float[][] arraysFor(List<Variable> vars) {
        if (list.length != vars.size()) list = new float[vars.size()][];
        for (int i = 0; i < vars.size(); i++) {
            Variable v = vars.get(i);
            float[] a = arrays.get(v);
            if (a == null || a.length != v.size()) {
                a = new float[v.size()];
                arrays.put(v, a);
            }
            list[i] = a;
        }
        return list;
    }
}
