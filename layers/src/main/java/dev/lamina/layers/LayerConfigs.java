package dev.lamina.layers;

import dev.lamina.initializers.Initializer;
import dev.lamina.initializers.Initializers;
import dev.lamina.regularizers.Regularizer;

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

    /** An int or a list of ints from a config ({@code 3} or {@code [3, 3]}) as an array of {@code n}. */
    @SuppressWarnings("unchecked")
    public static int[] ints(Object o, int n) {
        int[] out = new int[n];
        if (o instanceof Number) {
            java.util.Arrays.fill(out, ((Number) o).intValue());
        } else {
            List<Object> l = (List<Object>) o;
            for (int i = 0; i < n; i++) out[i] = ((Number) l.get(i)).intValue();
        }
        return out;
    }
}
