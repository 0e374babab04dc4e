package dev.lamina.layers;

import dev.lamina.models.LayerRegistry;
import dev.lamina.tensor.io.ConfigReader;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code {"class_name", "config"}} form of a wrapped layer in a wrapper's config (Bidirectional, TimeDistributed). */
final class Wrappers {
    private Wrappers() {
    }

    static Map<String, Object> serialize(Layer l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", l.className());
        m.put("config", l.getConfig());
        return m;
    }

    /** The layer under {@code key}, by class name through {@link LayerRegistry} (built-in or registered only). */
    static Layer deserialize(ConfigReader r, String key) {
        Map<String, Object> m = r.asMap(r.require(key), key);
        ConfigReader entry = new ConfigReader(key, m);
        String reg = entry.getString("registered_name", null);
        return LayerRegistry.create(entry.requireString("class_name"), reg, entry.asMap(entry.require("config"), key + ".config"));
    }
}
