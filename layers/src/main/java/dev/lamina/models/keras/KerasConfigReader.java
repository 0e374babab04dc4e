package dev.lamina.models.keras;

import dev.lamina.models.LayerRegistry;
import dev.lamina.tensor.io.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Keras model config, as Keras 3 writes it into {@code config.json} (the {@code module} / {@code class_name}
 * / {@code config} / {@code registered_name} envelope, {@code inbound_nodes} as {@code {"args", "kwargs"}} with
 * {@code __keras_tensor__} references) or as tf.keras 2.x's {@code model.to_json()} and {@code .h5}
 * {@code model_config} do (list-form {@code inbound_nodes}, {@code batch_input_shape}), and gives the config in
 * Lamina's form ({@code {"class_name", "config"}} with list-form nodes), which {@code Model} rebuilds through its
 * layer registry. Every layer's options are checked here ({@link KerasLayerConfig}), so an unsupported class or value
 * fails before any weight is read. Code in a file is never run: {@code Lambda} layers and {@code __lambda__} payloads
 * are refused.
 */
public final class KerasConfigReader {
    private static final int MAX_NESTING = 32;
    private static final Set<String> MODELS = Set.of("Sequential", "Functional", "Model");
    /** Classes that hold Python code (marshalled bytecode or a TensorFlow op by name). */
    private static final Set<String> CODE = Set.of("Lambda", "TFOpLambda", "SlicingOpLambda", "__lambda__");
    /** Call arguments Lamina's graph ignores when they have these values. */
    private static final Set<String> INERT_KWARGS = Set.of("training", "mask");

    private KerasConfigReader() {
    }

    /** The Lamina config of a model config parsed from JSON ({@code {"class_name": "Sequential"|"Functional"|"Model", ...}}). */
    public static Map<String, Object> toLamina(Object root) {
        Map<String, Object> entry = map(root, "the Keras model config");
        String cls = className(entry);
        if (!MODELS.contains(cls)) {
            throw new IllegalArgumentException("Keras model config: expected class_name Sequential, Functional or Model, received '" + cls
                    + "' (subclassed models are not loaded from configs)");
        }
        return model(entry, 0);
    }

    /** {@link #toLamina(Object)} of JSON text. */
    public static Map<String, Object> toLamina(String json) {
        Object parsed;
        try {
            parsed = Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Keras model config is not valid JSON: " + e.getMessage(), e);
        }
        return toLamina(parsed);
    }

    private static Map<String, Object> model(Map<String, Object> entry, int depth) {
        if (depth > MAX_NESTING) throw new IllegalArgumentException("Keras model config: models nested more than " + MAX_NESTING + " deep");
        String cls = className(entry);
        Map<String, Object> config = map(entry.get("config"), "the config of a " + cls);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("class_name", cls.equals("Model") ? "Functional" : cls);
        out.put("config", cls.equals("Sequential") ? sequential(config, entry, depth) : functional(config, depth));
        return out;
    }

    private static Map<String, Object> sequential(Map<String, Object> config, Map<String, Object> entry, int depth) {
        String name = config.get("name") instanceof String ? (String) config.get("name") : "sequential";
        List<Object> layers = new ArrayList<>();
        List<Object> given = list(config.get("layers"), "the layers of Sequential '" + name + "'");
        for (Object o : given) {
            Map<String, Object> e = map(o, "a layer of Sequential '" + name + "'");
            Map<String, Object> l = layer(e, depth);
            if (layers.isEmpty() && !"InputLayer".equals(className(e))) layers.add(inputFor(e, config, entry, name));
            layers.add(l);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        if (Boolean.FALSE.equals(config.get("trainable"))) out.put("trainable", false);
        out.put("layers", layers);
        return out;
    }

    /**
     * The InputLayer a Sequential without one implies: tf.keras 2.x puts {@code batch_input_shape} on the first layer
     * (named {@code <layer>_input}, as Keras does), Keras 3 the {@code build_input_shape}.
     */
    private static Map<String, Object> inputFor(Map<String, Object> first, Map<String, Object> config, Map<String, Object> entry, String model) {
        Map<String, Object> fc = first.get("config") instanceof Map ? map(first.get("config"), "a layer config") : Map.of();
        Object shape = fc.get("batch_input_shape");
        if (shape == null) shape = fc.get("batch_shape");
        if (shape == null) shape = config.get("build_input_shape");
        if (shape == null && entry.get("build_config") instanceof Map) shape = ((Map<?, ?>) entry.get("build_config")).get("input_shape");
        if (shape == null) {
            throw new IllegalArgumentException("Keras Sequential '" + model + "': neither an InputLayer nor a batch_input_shape on its first layer"
                    + " nor a build_input_shape, so its input shape is unknown");
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("batch_shape", shape);
        c.put("name", (fc.get("name") instanceof String ? fc.get("name") : model) + "_input");
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("class_name", "InputLayer");
        in.put("config", c);
        return in;
    }

    private static Map<String, Object> functional(Map<String, Object> config, int depth) {
        String name = config.get("name") instanceof String ? (String) config.get("name") : "functional";
        List<Object> layers = new ArrayList<>();
        for (Object o : list(config.get("layers"), "the layers of model '" + name + "'")) {
            Map<String, Object> e = map(o, "a layer of model '" + name + "'");
            Map<String, Object> l = layer(e, depth);
            Object layerName = e.get("name") instanceof String ? e.get("name") : ((Map<?, ?>) l.get("config")).get("name");
            l.put("name", layerName);
            List<Object> nodes = new ArrayList<>();
            for (Object n : list(e.getOrDefault("inbound_nodes", List.of()), "the inbound_nodes of layer '" + layerName + "'")) {
                nodes.add(node(n, String.valueOf(layerName)));
            }
            l.put("inbound_nodes", nodes);
            layers.add(l);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        if (Boolean.FALSE.equals(config.get("trainable"))) out.put("trainable", false);
        out.put("layers", layers);
        out.put("input_layers", endpoints(config.get("input_layers"), name, "input_layers"));
        out.put("output_layers", endpoints(config.get("output_layers"), name, "output_layers"));
        return out;
    }

    private static Object endpoints(Object refs, String model, String key) {
        if (refs instanceof Map) {
            throw new IllegalArgumentException("Keras model '" + model + "': " + key + " given as a dict; Lamina models take inputs and outputs as lists");
        }
        return list(refs, "the " + key + " of model '" + model + "'");
    }

    /** One layer entry; nested models recursively. */
    private static Map<String, Object> layer(Map<String, Object> entry, int depth) {
        refuseCode(entry, "a Keras layer");
        String cls = className(entry);
        if (MODELS.contains(cls)) return model(entry, depth + 1);
        Map<String, Object> config = map(entry.get("config"), "the config of a " + cls + " layer");
        Object name = entry.get("name") instanceof String ? entry.get("name") : config.get("name");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("class_name", cls);
        Object reg = entry.get("registered_name");
        if (reg != null && !reg.equals(cls)) {
            if (!(reg instanceof String) || !LayerRegistry.isRegistered((String) reg)) {
                throw new IllegalArgumentException("Keras layer '" + name + "' (" + cls + "): registered_name " + brief(reg)
                        + " is a custom class that is not registered; register a factory with LayerRegistry.register(\"" + reg + "\", ...)");
            }
            out.put("registered_name", reg);
        }
        out.put("config", KerasLayerConfig.toLamina(cls, String.valueOf(name), config));
        return out;
    }

    /** A call, as list-form references {@code [[layer, node, tensor, {}], ...]}. */
    private static List<Object> node(Object node, String layer) {
        List<Object> refs = new ArrayList<>();
        if (node instanceof Map) {                                   // Keras 3: {"args": [...], "kwargs": {...}}
            Map<String, Object> n = map(node, "a call of layer '" + layer + "'");
            tensors(n.get("args"), refs, layer);
            if (n.get("kwargs") instanceof Map) kwargs(map(n.get("kwargs"), "kwargs"), layer);
        } else {                                                     // tf.keras 2.x: [[name, node, tensor, kwargs], ...]
            for (Object r : list(node, "a call of layer '" + layer + "'")) {
                List<Object> ref = list(r, "a tensor reference of layer '" + layer + "'");
                if (ref.size() < 3) throw new IllegalArgumentException("Keras layer '" + layer + "': expected an inbound reference [layer, node, tensor, kwargs], received " + brief(ref));
                if (ref.size() > 3 && ref.get(3) instanceof Map) kwargs(map(ref.get(3), "kwargs"), layer);
                refs.add(List.of(ref.get(0), ref.get(1), ref.get(2)));
            }
        }
        return refs;
    }

    /** Collects the {@code __keras_tensor__} references in call arguments, in order; other positional values are refused. */
    private static void tensors(Object args, List<Object> refs, String layer) {
        if (args instanceof List) {
            for (Object a : (List<?>) args) tensors(a, refs, layer);
        } else if (args instanceof Map && "__keras_tensor__".equals(((Map<?, ?>) args).get("class_name"))) {
            Map<String, Object> cfg = map(((Map<?, ?>) args).get("config"), "a __keras_tensor__");
            List<Object> h = list(cfg.get("keras_history"), "keras_history");
            if (h.size() != 3) throw new IllegalArgumentException("Keras layer '" + layer + "': expected keras_history [layer, node, tensor], received " + brief(h));
            refs.add(List.of(h.get(0), h.get(1), h.get(2)));
        } else {
            throw new IllegalArgumentException("Keras layer '" + layer + "': a call argument that is not a tensor (" + brief(args)
                    + "); Lamina's layers take tensors only");
        }
    }

    private static void kwargs(Map<String, Object> kwargs, String layer) {
        for (Map.Entry<String, Object> e : kwargs.entrySet()) {
            Object v = e.getValue();
            boolean inert = v == null || INERT_KWARGS.contains(e.getKey()) && Boolean.FALSE.equals(v);
            if (!inert) {
                throw new IllegalArgumentException("Keras layer '" + layer + "': call argument '" + e.getKey() + "' = " + brief(v)
                        + " is not supported (Lamina's graph passes tensors only)");
            }
        }
    }

    /** Refuses Python code anywhere in {@code value}: a Lambda-like class or a {@code __lambda__} / bytecode payload. */
    static void refuseCode(Object value, String where) {
        refuseCode(value, where, 0);
    }

    private static void refuseCode(Object value, String where, int depth) {
        if (depth > MAX_NESTING * 4) return;                       // Json bounds depth; deeper values are plain data here
        if (value instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) value;
            Object cls = m.get("class_name");
            if (cls instanceof String && CODE.contains(cls)) {
                Object cfg = m.get("config");
                Object n = cfg instanceof Map ? ((Map<?, ?>) cfg).get("name") : null;
                throw new IllegalArgumentException(where + ": " + (n == null ? "" : "layer '" + n + "' ") + "is a " + cls
                        + ", which holds Python code; Lamina never runs code from a file (rebuild it from Lamina layers or register a layer class)");
            }
            for (Object v : m.values()) if (v instanceof Map || v instanceof List) refuseCode(v, where, depth + 1);
        } else if (value instanceof List) {
            for (Object v : (List<?>) value) if (v instanceof Map || v instanceof List) refuseCode(v, where, depth + 1);
        }
    }

    private static String className(Map<String, Object> entry) {
        Object c = entry.get("class_name");
        if (!(c instanceof String)) throw new IllegalArgumentException("Keras config: expected a string class_name, received " + brief(c) + " in " + brief(entry));
        return (String) c;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String what) {
        if (!(o instanceof Map)) throw new IllegalArgumentException("Keras config: expected a JSON object for " + what + ", received " + brief(o));
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o, String what) {
        if (!(o instanceof List)) throw new IllegalArgumentException("Keras config: expected a JSON list for " + what + ", received " + brief(o));
        return (List<Object>) o;
    }

    static String brief(Object o) {
        String s = o instanceof String ? "'" + o + "'" : String.valueOf(o);
        return s.length() > 100 ? s.substring(0, 97) + "..." : s;
    }
}
