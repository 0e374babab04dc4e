package dev.lamina.models;

import dev.lamina.layers.InputLayer;
import dev.lamina.layers.Layer;
import dev.lamina.layers.SymbolicTensor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds a model from its Keras-style config ({@code {"class_name", "config"}}): creates every layer through
 * {@link LayerRegistry} (nested models recursively), then replays the recorded calls. Nothing outside the new
 * objects changes, so a config that fails halfway leaves no trace.
 */
final class ModelLoader {
    private static final int MAX_NESTING = 32;

    private ModelLoader() {
    }

    /** A model from {@code {"class_name": "Functional"|"Sequential"|..., "config": {...}}}. */
    static Model fromConfig(Object root) {
        Map<String, Object> entry = map(root, "the model config");
        Layer l = layer(entry, 0);
        if (!(l instanceof Model)) {
            throw new IllegalArgumentException("expected a model config, received class_name '" + entry.get("class_name") + "'");
        }
        return (Model) l;
    }

    private static Layer layer(Map<String, Object> entry, int depth) {
        if (depth > MAX_NESTING) throw new IllegalArgumentException("models are nested more than " + MAX_NESTING + " deep");
        String className = string(entry.get("class_name"), "class_name");
        Map<String, Object> config = map(entry.get("config"), "config of '" + className + "'");
        Layer l;
        if (className.equals("Sequential")) {
            l = sequential(config, depth);
        } else if (className.equals("Functional") || className.equals("Model")) {
            l = functional(config, depth);
        } else {
            Object reg = entry.get("registered_name");
            l = LayerRegistry.create(className, reg instanceof String ? (String) reg : null, config);
        }
        Object name = entry.containsKey("name") ? entry.get("name") : config.get("name");
        if (name instanceof String && !l.isBuilt() && !l.name().equals(name)) l.name((String) name);
        if (Boolean.FALSE.equals(config.get("trainable")) && l.isTrainable()) l.setTrainable(false);
        return l;
    }

    private static Sequential sequential(Map<String, Object> config, int depth) {
        Sequential s = new Sequential();
        if (config.get("name") instanceof String) s.name((String) config.get("name"));
        List<Layer> layers = new ArrayList<>();
        for (Object e : list(config.get("layers"), "Sequential layers")) layers.add(layer(map(e, "a Sequential layer"), depth + 1));
        if (layers.isEmpty() || !(layers.get(0) instanceof InputLayer)) {
            throw new IllegalArgumentException("Sequential '" + s.name() + "' does not start with an InputLayer, so its weights cannot be built");
        }
        for (Layer l : layers) s.add(l);
        return s;
    }

    private static Model functional(Map<String, Object> config, int depth) {
        List<Object> entries = list(config.get("layers"), "layers");
        List<Layer> layers = new ArrayList<>();
        List<List<Object>> inbound = new ArrayList<>();
        Map<String, Layer> byName = new HashMap<>();
        Map<String, List<List<SymbolicTensor>>> made = new HashMap<>();   // layer name -> outputs of each call
        for (Object o : entries) {
            Map<String, Object> e = map(o, "a layer entry");
            Layer l = layer(e, depth + 1);
            if (byName.put(l.name(), l) != null) throw new IllegalArgumentException("two layers are named '" + l.name() + "'");
            layers.add(l);
            made.put(l.name(), new ArrayList<>());
            if (l instanceof InputLayer) made.get(l.name()).add(List.of(((InputLayer) l).output()));
            inbound.add(l instanceof InputLayer ? List.of() : list(e.getOrDefault("inbound_nodes", List.of()), "inbound_nodes of '" + l.name() + "'"));
        }
        // Replay the calls; a call waits until its inputs exist, and each layer's calls run in their recorded order.
        int[] next = new int[layers.size()];
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int i = 0; i < layers.size(); i++) {
                while (next[i] < inbound.get(i).size()) {
                    List<SymbolicTensor> args = resolve(list(inbound.get(i).get(next[i]), "a call of '" + layers.get(i).name() + "'"), made);
                    if (args == null) break;
                    made.get(layers.get(i).name()).add(layers.get(i).applyAll(args));
                    next[i]++;
                    progress = true;
                }
            }
        }
        for (int i = 0; i < layers.size(); i++) {
            if (next[i] < inbound.get(i).size()) {
                throw new IllegalArgumentException("cannot connect layer '" + layers.get(i).name() + "': call " + next[i]
                        + " needs " + inbound.get(i).get(next[i]) + ", which no layer produces");
            }
        }
        Model m = Model.of(tensors(config.get("input_layers"), made, "input_layers"), tensors(config.get("output_layers"), made, "output_layers"));
        if (config.get("name") instanceof String) m.name((String) config.get("name"));
        return m;
    }

    /** The tensors named by refs {@code [layer, call, output(, kwargs)]}, or null while some are not made yet. */
    private static List<SymbolicTensor> resolve(List<Object> refs, Map<String, List<List<SymbolicTensor>>> made) {
        if (!refs.isEmpty() && refs.get(0) instanceof String) refs = List.of(refs);   // a single bare ref
        List<SymbolicTensor> out = new ArrayList<>();
        for (Object r : refs) {
            List<Object> ref = list(r, "a tensor reference");
            if (ref.size() < 3) throw new IllegalArgumentException("expected a reference [layer, node, tensor], received " + ref);
            String name = string(ref.get(0), "a referenced layer name");
            int node = integer(ref.get(1), "node index"), index = integer(ref.get(2), "tensor index");
            List<List<SymbolicTensor>> calls = made.get(name);
            if (calls == null) throw new IllegalArgumentException("a reference names layer '" + name + "', which the config does not define");
            if (node >= calls.size()) return null;
            if (index < 0 || index >= calls.get(node).size()) {
                throw new IllegalArgumentException("layer '" + name + "' has no output " + index + " in call " + node);
            }
            out.add(calls.get(node).get(index));
        }
        return out;
    }

    private static List<SymbolicTensor> tensors(Object refs, Map<String, List<List<SymbolicTensor>>> made, String what) {
        List<SymbolicTensor> t = resolve(list(refs, what), made);
        if (t == null) throw new IllegalArgumentException("" + what + " " + refs + " names a call that the config does not make");
        return t;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String what) {
        if (!(o instanceof Map)) throw new IllegalArgumentException("expected a JSON object for " + what + ", received " + brief(o));
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o, String what) {
        if (!(o instanceof List)) throw new IllegalArgumentException("expected a JSON list for " + what + ", received " + brief(o));
        return (List<Object>) o;
    }

    private static String string(Object o, String what) {
        if (!(o instanceof String)) throw new IllegalArgumentException("expected a string for " + what + ", received " + brief(o));
        return (String) o;
    }

    private static int integer(Object o, String what) {
        if (!(o instanceof Long) || (Long) o < 0 || (Long) o > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("expected a non-negative integer for " + what + ", received " + brief(o));
        }
        return (int) (long) (Long) o;
    }

    private static String brief(Object o) {
        String s = String.valueOf(o);
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
