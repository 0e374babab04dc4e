package dev.lamina.layers;

import dev.lamina.activations.ActivationFunction;
import dev.lamina.activations.Activations;
import dev.lamina.initializers.Initializer;
import dev.lamina.initializers.Initializers;
import dev.lamina.regularizers.Regularizer;
import dev.lamina.tensor.io.ConfigReader;

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

    /** The reader of a layer's config; errors start with {@code <owner>.fromConfig}. */
    public static ConfigReader reader(String owner, Map<String, Object> config) {
        return new ConfigReader(owner + ".fromConfig", config);
    }

    /** An initializer entry: a Keras name ({@code "zeros"}) or {@code {"class_name", "config"}}; absent or null gives null. */
    public static Initializer initializer(ConfigReader r, String key) {
        Object o = r.raw(key, null);
        if (o == null) return null;
        if (o instanceof String) return Initializers.get((String) o);
        Map<String, Object> m = r.asMap(o, key);
        ConfigReader entry = new ConfigReader(key, m);
        return Initializers.fromConfig(entry.requireString("class_name"), entry.asMap(entry.raw("config", Map.of()), key + ".config"));
    }

    /** A regularizer entry: a Keras name ({@code "l2"}) or {@code {"class_name", "config"}}; absent or null gives null. */
    public static Regularizer regularizer(ConfigReader r, String key) {
        Object o = r.raw(key, null);
        if (o == null) return null;
        if (o instanceof String) return Regularizer.get((String) o);
        Map<String, Object> m = r.asMap(o, key);
        return Regularizer.fromConfig(r.asMap(m.getOrDefault("config", Map.of()), key + ".config"));
    }

    /** Restores the base-layer fields ({@code name}, {@code trainable}) of a layer rebuilt from its config. */
    public static <L extends Layer> L restoreBase(L layer, ConfigReader r) {
        String n = r.getString("name", null);
        if (n != null) layer.name(n);
        if (r.has("trainable")) layer.setTrainable(r.getBoolean("trainable", layer.isTrainable()));
        return layer;
    }

    /** The {@code activation} entry by its Keras name ({@code null} is linear). */
    public static ActivationFunction activation(ConfigReader r) {
        return Activations.get(r.getString("activation", null));
    }

    /** Ints as a list, the way Keras writes tuples into configs. */
    public static List<Integer> list(int[] values) {
        List<Integer> out = new ArrayList<>(values.length);
        for (int v : values) out.add(v);
        return out;
    }
}
