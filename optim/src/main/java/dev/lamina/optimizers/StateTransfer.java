package dev.lamina.optimizers;

import dev.lamina.tensor.ShapeMismatchException;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.Variable;

import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Export and all-or-nothing import of an optimizer's state (iterations, scalars, slots keyed by variable name). */
final class StateTransfer {
    private StateTransfer() {
    }

    static OptimizerState export(Optimizer o) {
        Map<String, Double> scalars = new LinkedHashMap<>();
        if (o.getSchedule() == null) scalars.put("learning_rate", o.getLearningRate());
        for (String s : o.scalarStateNames()) scalars.put(s, o.scalarState(s));
        Map<String, Tensor> slots = new LinkedHashMap<>();
        Map<String, Variable> seen = new HashMap<>();
        for (Slots s : o.slotsInOrder) {
            Variable v = s.variable();
            Variable other = seen.put(v.name(), v);
            if (other != null && other != v) {
                throw new IllegalStateException(o.className() + ".exportState: two variables share the name '" + v.name()
                        + "'; state keys need unique variable names");
            }
            for (int i = 0; i < s.count(); i++) slots.put(v.name() + "/" + s.name(i), Tensor.of(s.get(i), v.shape()));
        }
        return new OptimizerState(o.iterations, scalars, slots); // copies the arrays
    }

    static void restore(Optimizer o, OptimizerState state, List<Variable> vars) {
        String owner = o.className() + ".importState";
        Map<String, Variable> byName = new HashMap<>();
        for (Variable v : vars) {
            Variable prev = byName.put(v.name(), v);
            if (prev != null && prev != v) {
                throw new IllegalArgumentException(owner + ": expected unique variable names, received two variables named '" + v.name() + "'");
            }
        }
        String[] expected = o.slotNames();
        Map<Variable, float[][]> incoming = new IdentityHashMap<>();
        List<Variable> order = new java.util.ArrayList<>();
        for (Map.Entry<String, Tensor> e : state.slotMap().entrySet()) {
            String key = e.getKey();
            Variable v = byName.get(OptimizerState.variableOf(key));
            if (v == null) {
                throw new IllegalArgumentException(owner + ": expected slot keys for the given variables " + byName.keySet()
                        + ", received '" + key + "'");
            }
            int idx = Arrays.asList(expected).indexOf(OptimizerState.slotOf(key));
            if (idx < 0) {
                throw new IllegalArgumentException(owner + ": expected slot names " + Arrays.toString(expected) + " for this "
                        + o.className() + " configuration, received '" + key + "'");
            }
            if (!e.getValue().shape().equals(v.shape())) {
                throw new ShapeMismatchException(owner, "slot '" + key + "' to have its variable's shape", v.shape(), e.getValue().shape());
            }
            float[][] arrays = incoming.get(v);
            if (arrays == null) {
                incoming.put(v, arrays = new float[expected.length][]);
                order.add(v);
            }
            arrays[idx] = e.getValue().toFloatArray();
        }
        boolean fresh = state.iterations() == 0 && incoming.isEmpty();
        if (!fresh) {
            for (Variable v : vars) {
                if (v.trainable() && !incoming.containsKey(v)) {
                    if (expected.length > 0) throw missing(owner, v.name() + "/" + expected[0]);
                    order.add(v);
                    incoming.put(v, new float[0][]);
                }
            }
            for (Variable v : order) {
                float[][] arrays = incoming.get(v);
                for (int i = 0; i < expected.length; i++) if (arrays[i] == null) throw missing(owner, v.name() + "/" + expected[i]);
            }
            for (String s : o.scalarStateNames()) {
                if (!state.scalars().containsKey(s)) throw missing(owner, s);
            }
        }
        Double lr = state.scalars().get("learning_rate");
        if (lr != null && !(lr >= 0)) throw Checks.fail(owner, "learning_rate", ">= 0", lr);

        // Validated: now change the optimizer.
        o.iterations = state.iterations();
        if (lr != null) o.restoreLearningRate(lr.floatValue());
        o.resetScalarState();
        if (!fresh) for (String s : o.scalarStateNames()) o.setScalarState(s, state.scalars().get(s));
        Map<Variable, Slots> previous = new IdentityHashMap<>(o.slotsByVariable);
        o.slotsByVariable.clear();
        o.slotsInOrder.clear();
        for (Variable v : order) {
            Slots s = previous.get(v);
            if (s == null || s.count() != expected.length) s = o.newSlots(v); // else keep the same arrays
            float[][] arrays = incoming.get(v);
            for (int i = 0; i < expected.length; i++) System.arraycopy(arrays[i], 0, s.get(i), 0, arrays[i].length);
            o.slotsByVariable.put(v, s);
            o.slotsInOrder.add(s);
        }
    }

    private static IllegalArgumentException missing(String owner, String what) {
        return new IllegalArgumentException(owner + ": expected the state to hold '" + what + "', received a state without it");
    }
}
