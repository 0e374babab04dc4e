package dev.lamina.models.keras;

import dev.lamina.losses.Losses;
import dev.lamina.metrics.Metrics;
import dev.lamina.optimizers.Optimizer;
import dev.lamina.optimizers.OptimizerState;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.Variable;
import dev.lamina.training.CompileOptions;
import io.jhdf.api.Group;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras' {@code compile_config} (Keras 3 {@code config.json}) or {@code training_config} (legacy {@code .h5}) as
 * Lamina compile options, and the optimizer's variables ({@code optimizer/vars/<i>}) as its state, so a loaded model
 * evaluates and trains on where Python stopped. Optimizer, losses and metrics go through their registries by Keras'
 * names; an unknown one fails naming the key.
 */
public final class KerasCompileConfig {
    private KerasCompileConfig() {
    }

    /** The compile options of a {@code compile_config}; null when the model was saved uncompiled ({@code {}} or null). */
    public static CompileOptions compileOptions(Object config) {
        if (config == null) return null;
        Map<String, Object> c = KerasConfigReader.map(config, "compile_config");
        if (c.isEmpty()) return null;
        Object opt = c.containsKey("optimizer") ? c.get("optimizer") : c.get("optimizer_config");
        Object optimizer;
        if (opt instanceof String) optimizer = opt;
        else optimizer = Optimizers.deserialize(envelope(KerasConfigReader.map(opt, "compile_config.optimizer"), "compile_config.optimizer"));
        CompileOptions o = CompileOptions.of(optimizer, objects(c.get("loss"), "loss"));
        Object metrics = objects(c.get("metrics"), "metrics");
        if (metrics != null) o.metrics(metrics instanceof List || metrics instanceof Map ? new Object[]{metrics} : new Object[]{List.of(metrics)});
        Object weighted = objects(c.get("weighted_metrics"), "weighted_metrics");
        if (weighted != null) o.weightedMetrics(weighted instanceof List || weighted instanceof Map ? new Object[]{weighted} : new Object[]{List.of(weighted)});
        if (c.get("loss_weights") != null) o.lossWeights(c.get("loss_weights"));
        return o;
    }

    /** Strings stay Keras identifiers; envelopes become Loss / Metric objects; lists and dicts keep their shape. */
    private static Object objects(Object v, String key) {
        if (v == null || v instanceof String) return v;
        if (v instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object o : (List<?>) v) out.add(objects(o, key));
            return out;
        }
        Map<String, Object> m = KerasConfigReader.map(v, "compile_config." + key);
        if (m.containsKey("class_name")) {
            Map<String, Object> env = envelope(m, "compile_config." + key);
            return key.equals("loss") ? Losses.deserialize(env) : Metrics.deserialize(env);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) out.put(e.getKey(), objects(e.getValue(), key));
        return out;
    }

    /** A built-in Keras object's {@code {"class_name", "config"}}; custom objects must be registered under their registered_name. */
    private static Map<String, Object> envelope(Map<String, Object> m, String key) {
        KerasConfigReader.refuseCode(m, key);
        Map<String, Object> out = new LinkedHashMap<>(m);
        Object reg = m.get("registered_name");
        if (reg == null || reg.equals(m.get("class_name"))) out.remove("registered_name");
        out.remove("module");
        if (!(out.get("config") instanceof Map)) out.put("config", new LinkedHashMap<>());
        return out;
    }

    /**
     * The optimizer's state from Keras 3's {@code optimizer/vars}: 0 the iteration count, 1 the learning rate (when
     * it is a number), then the slots over the model's trainable variables in Keras' order (Adam and AdamW
     * interleave momentum and velocity per variable; SGD and RMSprop store one block per slot). Returns null, as
     * Keras skips the optimizer with a warning, when the file's variables do not fit this optimizer.
     */
    public static OptimizerState optimizerState(KerasH5Reader h5, Group vars, Optimizer o, List<Variable> trainable, Map<String, Object> optConfig) {
        List<String> slots = slotNames(o.className(), optConfig);
        if (slots == null) return null;
        int n = h5.members(vars).size();
        boolean lrVar = true;
        int expected = 2 + slots.size() * trainable.size();
        if (n == expected - 1) lrVar = false;                    // a schedule: no learning_rate variable
        else if (n != expected) return null;
        long iterations = h5.scalarLong(h5.dataset(vars, "0", "the optimizer's iteration count"), "the optimizer's iteration count");
        if (iterations < 0) throw h5.bad("the optimizer's iteration count is " + iterations + ", expected >= 0");
        Map<String, Double> scalars = new LinkedHashMap<>();
        if (lrVar) {
            Tensor lr = h5.tensor(h5.dataset(vars, "1", "the learning rate"), dev.lamina.tensor.Shape.scalar(), "the learning rate");
            if (o.getSchedule() == null) scalars.put("learning_rate", (double) lr.item());
        }
        int first = lrVar ? 2 : 1;
        boolean interleaved = o.className().equals("Adam") || o.className().equals("AdamW");
        Map<String, Tensor> state = new LinkedHashMap<>();
        int t = trainable.size();
        for (int s = 0; s < slots.size(); s++) {
            for (int v = 0; v < t; v++) {
                int index = interleaved && s < 2 ? first + 2 * v + s : first + s * t + v;
                Variable var = trainable.get(v);
                String what = "optimizer slot '" + slots.get(s) + "' of '" + var.name() + "'";
                state.put(var.name() + "/" + slots.get(s), h5.tensor(h5.dataset(vars, Integer.toString(index), what), var.shape(), what));
            }
        }
        return new OptimizerState(iterations, scalars, state);
    }

    /** The slots Keras 3 creates per variable for this optimizer, in storage order; null for one whose layout is not mapped. */
    private static List<String> slotNames(String cls, Map<String, Object> c) {
        switch (cls) {
            case "Adam":
            case "AdamW":
                return Boolean.TRUE.equals(c.get("amsgrad")) ? List.of("momentum", "velocity", "velocity_hat") : List.of("momentum", "velocity");
            case "SGD":
                return number(c.get("momentum")) != 0 ? List.of("momentum") : List.of();
            case "RMSprop": {
                List<String> s = new ArrayList<>(List.of("velocity"));
                if (number(c.get("momentum")) > 0) s.add("momentum");
                if (Boolean.TRUE.equals(c.get("centered"))) s.add("average_gradient");
                return s;
            }
            default:
                return null;
        }
    }

    private static double number(Object o) {
        return o instanceof Number ? ((Number) o).doubleValue() : 0;
    }
}
