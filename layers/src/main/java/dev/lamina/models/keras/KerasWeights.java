package dev.lamina.models.keras;

import dev.lamina.layers.BaseRnn;
import dev.lamina.layers.InputLayer;
import dev.lamina.layers.Layer;
import dev.lamina.layers.Normalization;
import dev.lamina.models.Model;
import dev.lamina.models.Sequential;
import dev.lamina.optimizers.Optimizer;
import dev.lamina.optimizers.OptimizerState;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.Variable;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Keras 3's {@code saving_lib._save_state} puts into {@code model.weights.h5} for a model: each layer's
 * variables at {@code layers/<class snake name>[_k]/vars/<i>} (nested models under their own {@code layers/}, RNN
 * weights at {@code .../cell/vars}), and the optimizer's at {@code optimizer/vars/<i>}: {@code iteration} (int64),
 * {@code learning_rate} (when constant), then its slots in Keras' order. Groups without variables are left out: Keras
 * reads a missing group as an empty one (and jHDF cannot write empty groups).
 */
final class KerasWeights {
    /** One {@code vars} group: its Keras {@code name} attribute and its values in order (Tensor, or Long for int64 scalars). */
    record Vars(String name, List<Object> values) {
    }

    private KerasWeights() {
    }

    /** The groups by path ({@code layers/dense/vars}), in Keras' save order. */
    static Map<String, Vars> of(Model m) {
        KerasLayers.className(m);      // refuses model subclasses, whose Keras layout would differ
        Map<String, Vars> out = new LinkedHashMap<>();
        addModel(m, "", out);
        if (m.isCompiled()) addOptimizer(m, out);
        return out;
    }

    private static void addModel(Model m, String prefix, Map<String, Vars> out) {
        KerasNames names = new KerasNames();
        for (Layer l : m.layers()) {
            if (m instanceof Sequential && l instanceof InputLayer) continue;     // Sequential.layers omits it
            String className = KerasLayers.className(l);
            String path = prefix + "layers/" + names.next(className);
            if (l instanceof Model) {
                addModel((Model) l, path + "/", out);
            } else if (l instanceof BaseRnn) {
                put(out, path + "/cell/vars", KerasNames.toSnakeCase(className) + "_cell", values(l));
            } else {
                put(out, path + "/vars", l.name(), values(l));
            }
        }
    }

    /** Keras' {@code trainable + non_trainable} variables in creation order, as Lamina creates them. */
    private static List<Object> values(Layer l) {
        List<Object> v = new ArrayList<>();
        for (Variable w : l.weights()) {
            // Keras' Normalization keeps its adapt count as an int.
            if (l instanceof Normalization && w.name().endsWith("/count")) v.add((long) Math.rint(w.value().item()));
            else v.add(w.value());
        }
        return v;
    }

    private static void put(Map<String, Vars> out, String path, String name, List<Object> values) {
        if (!values.isEmpty()) out.put(path, new Vars(name, values));
    }

    private static void addOptimizer(Model m, Map<String, Vars> out) {
        Optimizer o = m.getOptimizer();
        KerasOptimizers.check(o);
        OptimizerState s = o.exportState();
        List<Object> v = new ArrayList<>();
        v.add(s.iterations());
        Double lr = s.scalars().get("learning_rate");
        if (lr != null) v.add(Tensor.scalar(lr.floatValue()));
        List<Variable> trainable = m.trainableWeights();
        if (!s.slotKeys().isEmpty()) {
            // An optimizer Keras would have built: every slot of every trainable variable, in Keras' order.
            Set<String> present = new HashSet<>();
            for (String k : s.slotKeys()) present.add(k.substring(k.lastIndexOf('/') + 1));
            for (List<String> group : KerasOptimizers.slotGroups(o, present)) {
                for (Variable w : trainable) {
                    for (String slot : group) {
                        Tensor t = s.slot(w.name(), slot);
                        v.add(t != null ? t : Tensor.zeros(w.shape()));
                    }
                }
            }
            for (String scalar : KerasOptimizers.trailingScalars(o)) v.add(Tensor.scalar(s.scalars().get(scalar).floatValue()));
        }
        out.put("optimizer/vars", new Vars(o.name(), v));
    }
}
