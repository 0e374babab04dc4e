package dev.lamina.models.keras;

import dev.lamina.activations.Activations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One Keras layer config (Keras 3 or tf.keras 2.x) turned into the config the Lamina layer's {@code fromConfig}
 * reads: dtype policies checked and dropped, object envelopes reduced to {@code {"class_name", "config"}},
 * single-axis lists made ints where Lamina takes an int, 2.x key names mapped. Options Lamina does not implement are
 * accepted only at the value that means "off"; anything else is one error naming the layer, the key and the value.
 */
final class KerasLayerConfig {
    /** Keys whose every value but these changes what the layer computes, and which Lamina does not implement. */
    private static final Map<String, List<Object>> INERT = inert();

    private KerasLayerConfig() {
    }

    private static Map<String, List<Object>> inert() {
        Map<String, List<Object>> m = new LinkedHashMap<>();
        m.put("activity_regularizer", nulls());
        m.put("sparse", List.of(false));
        m.put("ragged", List.of(false));
        m.put("optional", List.of(false));
        m.put("groups", List.of(1L));
        m.put("renorm", List.of(false));
        m.put("virtual_batch_size", nulls());
        m.put("adjustment", nulls());
        m.put("time_major", List.of(false));
        m.put("stateful", List.of(false));
        m.put("lora_rank", nulls());
        m.put("quantization_config", nulls());
        m.put("invert", List.of(false));
        return m;
    }

    private static List<Object> nulls() {
        List<Object> l = new ArrayList<>();
        l.add(null);
        return l;
    }

    /** The Lamina config of the layer {@code className} called {@code name} (for messages). */
    static Map<String, Object> toLamina(String className, String name, Map<String, Object> keras) {
        String who = who(className, name);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : keras.entrySet()) {
            String key = e.getKey();
            Object v = e.getValue();
            if (key.equals("dtype")) {
                dtype(who, v);
            } else if (INERT.containsKey(key) || key.endsWith("_constraint")) {
                List<Object> ok = INERT.getOrDefault(key, nulls());
                if (!contains(ok, v)) throw error(who, key, "expected " + describe(ok) + " (Lamina does not implement other values)", v);
            } else if (key.equals("data_format")) {
                if (v != null && !"channels_last".equals(v)) throw error(who, key, "expected 'channels_last' (Lamina's only layout)", v);
            } else if (key.equals("activation") || key.equals("recurrent_activation")) {
                out.put(key, activation(who, key, v));
            } else if (!className.equals("InputLayer") && (key.equals("batch_input_shape") || key.equals("batch_shape"))) {
                // Only the first layer of a Sequential uses it (KerasConfigReader); Keras ignores it elsewhere.
            } else if (v instanceof Map && ((Map<?, ?>) v).containsKey("class_name")) {
                out.put(key, object(who, key, KerasConfigReader.map(v, who + " key '" + key + "'")));
            } else {
                out.put(key, v);
            }
        }
        byClass(className, who, out);
        return out;
    }

    /** Renames and reshapes that one layer class needs. */
    private static void byClass(String className, String who, Map<String, Object> c) {
        switch (className) {
            case "InputLayer":
                if (!c.containsKey("batch_shape")) {
                    if (c.get("batch_input_shape") != null) {
                        c.put("batch_shape", c.remove("batch_input_shape"));
                    } else if (c.get("shape") instanceof List) {     // Keras 3 InputLayer(shape=..., batch_size=...)
                        List<Object> b = new ArrayList<>();
                        b.add(c.get("batch_size"));
                        b.addAll((List<?>) c.get("shape"));
                        c.put("batch_shape", b);
                    }
                }
                c.remove("batch_input_shape");
                c.remove("shape");
                c.remove("batch_size");
                c.remove("input_tensor");
                break;
            case "BatchNormalization":
                c.put("axis", singleAxis(who, c.get("axis")));
                c.remove("fused");
                c.remove("synchronized");
                break;
            case "LayerNormalization":
                if (c.get("axis") instanceof List && ((List<?>) c.get("axis")).size() == 1) c.put("axis", ((List<?>) c.get("axis")).get(0));
                break;
            default:
                break;
        }
    }

    /** Keras writes BatchNormalization's axis as {@code [3]}; Lamina normalizes over one axis. */
    private static Object singleAxis(String who, Object axis) {
        if (axis == null) return -1L;
        if (axis instanceof List) {
            List<?> l = (List<?>) axis;
            if (l.size() != 1 || !(l.get(0) instanceof Long)) throw error(who, "axis", "expected one axis (an int or a one-element list)", axis);
            return l.get(0);
        }
        return axis;
    }

    /** Only float32 layers: a dtype string or Keras 3's {@code DTypePolicy} object. */
    private static void dtype(String who, Object v) {
        Object name = v;
        if (v instanceof Map) {
            Map<String, Object> m = KerasConfigReader.map(v, who + " key 'dtype'");
            Object cls = m.get("class_name");
            if (!"DTypePolicy".equals(cls) && !"FloatDTypePolicy".equals(cls) && !"Policy".equals(cls)) {
                throw error(who, "dtype", "expected a DTypePolicy", cls);
            }
            Object cfg = m.get("config");
            name = cfg instanceof Map ? ((Map<?, ?>) cfg).get("name") : null;
        }
        if (name != null && !"float32".equals(name)) throw error(who, "dtype", "expected 'float32' (Lamina computes in float32)", name);
    }

    private static String activation(String who, String key, Object v) {
        if (v == null) return null;
        if (!(v instanceof String)) throw error(who, key, "expected the name of a built-in activation (custom activations cannot be loaded)", v);
        try {
            Activations.get((String) v);
        } catch (IllegalArgumentException e) {
            throw error(who, key, "expected an activation Lamina has (" + e.getMessage() + ")", v);
        }
        return (String) v;
    }

    /** An initializer or regularizer envelope as Lamina reads it: its class name and config, built-ins only. */
    private static Map<String, Object> object(String who, String key, Map<String, Object> env) {
        Object reg = env.get("registered_name");
        Object cls = env.get("class_name");
        if (reg != null && !Objects.equals(reg, cls)) {
            throw error(who, key, "expected a built-in Keras object (custom objects are not loaded)", "registered_name '" + reg + "'");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("class_name", cls);
        out.put("config", env.getOrDefault("config", Map.of()));
        return out;
    }

    private static boolean contains(List<Object> ok, Object v) {
        for (Object o : ok) {
            if (Objects.equals(o, v)) return true;
            if (o instanceof Long && v instanceof Number && ((Number) v).doubleValue() == (Long) o) return true;
        }
        return false;
    }

    private static String describe(List<Object> ok) {
        return ok.size() == 1 ? String.valueOf(ok.get(0)) : ok.toString();
    }

    static String who(String className, String name) {
        return "Keras layer '" + name + "' (" + className + ")";
    }

    static IllegalArgumentException error(String who, String key, String expected, Object received) {
        return new IllegalArgumentException(who + ": key '" + key + "': " + expected + ", received " + KerasConfigReader.brief(received));
    }
}
