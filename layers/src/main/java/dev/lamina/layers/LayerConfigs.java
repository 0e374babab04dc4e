package dev.lamina.layers;

import dev.lamina.activations.ActivationFunction;
import dev.lamina.activations.Activations;
import dev.lamina.initializers.Initializer;
import dev.lamina.initializers.Initializers;
import dev.lamina.regularizers.Regularizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Helpers for reading and writing the Keras-style {@code {"class_name", "config"}} parts of layer configs. */
public final class LayerConfigs {
    private LayerConfigs() {
    }

    public static Map<String, Object> serialize(Initializer i) {
        if (i == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", i.className());
        m.put("config", i.getConfig());
        return m;
    }

    public static Map<String, Object> serialize(Regularizer r) {
        if (r == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", r.className());
        m.put("config", r.getConfig());
        return m;
    }

    @SuppressWarnings("unchecked")
    public static Initializer initializer(Object o) {
        if (o == null) return null;
        if (o instanceof String) return Initializers.get((String) o);
        Map<String, Object> m = (Map<String, Object>) o;
        return Initializers.fromConfig((String) m.get("class_name"), (Map<String, Object>) m.getOrDefault("config", Map.of()));
    }

    @SuppressWarnings("unchecked")
    public static Regularizer regularizer(Object o) {
        if (o == null) return null;
        if (o instanceof String) return Regularizer.get((String) o);
        Map<String, Object> m = (Map<String, Object>) o;
        return Regularizer.fromConfig((Map<String, Object>) m.getOrDefault("config", Map.of()));
    }

    /** An int or a list of ints from a config ({@code 3} or {@code [3, 3]}) as an array of {@code n}; null is None (-1). */
    @SuppressWarnings("unchecked")
    public static int[] ints(Object o, int n) {
        int[] out = new int[n];
        if (o instanceof Number) {
            java.util.Arrays.fill(out, ((Number) o).intValue());
        } else {
            List<Object> l = (List<Object>) o;
            if (l.size() != n) throw new IllegalArgumentException("LayerConfigs: expected " + n + " integers, received " + l);
            for (int i = 0; i < n; i++) out[i] = l.get(i) == null ? -1 : ((Number) l.get(i)).intValue();   // None -> -1
        }
        return out;
    }

    /** Restores the base-layer fields ({@code name}, {@code trainable}) of a layer rebuilt from its config. */
    public static <L extends Layer> L restoreBase(L layer, Map<String, Object> config) {
        Object n = config.get("name");
        if (n != null) layer.name((String) n);
        Object t = config.get("trainable");
        if (t != null) layer.setTrainable((Boolean) t);
        return layer;
    }

    /** A required integer entry; {@code owner} names the class in the error. */
    public static int intValue(String owner, Map<String, Object> config, String key) {
        Object v = required(owner, config, key);
        if (!(v instanceof Number)) {
            throw new IllegalArgumentException(owner + ".fromConfig: expected a number for '" + key + "', received " + v);
        }
        return ((Number) v).intValue();
    }

    public static double doubleValue(Map<String, Object> config, String key, double dflt) {
        Object v = config.get(key);
        if (v != null && !(v instanceof Number)) throw new IllegalArgumentException("fromConfig: expected a number for '" + key + "', received " + v);
        return v == null ? dflt : ((Number) v).doubleValue();
    }

    public static boolean boolValue(Map<String, Object> config, String key, boolean dflt) {
        Object v = config.get(key);
        if (v != null && !(v instanceof Boolean)) throw new IllegalArgumentException("fromConfig: expected true or false for '" + key + "', received " + v);
        return v == null ? dflt : (Boolean) v;
    }

    public static String stringValue(Map<String, Object> config, String key, String dflt) {
        Object v = config.get(key);
        return v == null ? dflt : (String) v;
    }

    /** An activation by its Keras name ({@code null} is linear). */
    public static ActivationFunction activation(Object o) {
        return Activations.get((String) o);
    }

    /** A required entry; throws naming the class and the key when it is missing. */
    public static Object required(String owner, Map<String, Object> config, String key) {
        Object v = config.get(key);
        if (v == null) throw new IllegalArgumentException(owner + ".fromConfig: expected a '" + key + "' entry, received config keys " + config.keySet());
        return v;
    }

    /** Ints as a list, the way Keras writes tuples into configs. */
    public static List<Integer> list(int[] values) {
        List<Integer> out = new ArrayList<>(values.length);
        for (int v : values) out.add(v);
        return out;
    }
}
