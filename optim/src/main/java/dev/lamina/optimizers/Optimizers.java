package dev.lamina.optimizers;

import dev.lamina.tensor.io.ConfigReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Registry of optimizers: string ids as {@code compile("adam", ...)} takes them (Keras' {@code optimizers.get}),
 * and Keras-style (de)serialization by class name. Custom optimizers join with {@link #register}.
 */
public final class Optimizers {
    private static final Map<String, Supplier<Optimizer>> IDS = new ConcurrentHashMap<>();
    private static final Map<String, Function<Map<String, Object>, Optimizer>> CLASSES = new ConcurrentHashMap<>();
    private static final Map<String, String> CANONICAL = new ConcurrentHashMap<>();

    static {
        builtIn("sgd", "SGD", SGD::new, SGD::fromConfig);
        builtIn("rmsprop", "RMSprop", RMSprop::new, RMSprop::fromConfig);
        builtIn("adam", "Adam", Adam::new, Adam::fromConfig);
        builtIn("adamw", "AdamW", AdamW::new, AdamW::fromConfig);
        builtIn("adagrad", "Adagrad", Adagrad::new, Adagrad::fromConfig);
        builtIn("adadelta", "Adadelta", Adadelta::new, Adadelta::fromConfig);
        builtIn("adamax", "Adamax", Adamax::new, Adamax::fromConfig);
        builtIn("nadam", "Nadam", Nadam::new, Nadam::fromConfig);
    }

    private Optimizers() {
    }

    private static void builtIn(String id, String className, Supplier<Optimizer> dflt, Function<Map<String, Object>, Optimizer> fromConfig) {
        IDS.put(id, dflt);
        register(className, fromConfig);
    }

    /**
     * Registers a custom optimizer under its {@link Optimizer#className()}; it also becomes a string id (lowercased)
     * whose default instance is {@code fromConfig} of an empty config.
     */
    public static void register(String className, Function<Map<String, Object>, Optimizer> fromConfig) {
        if (className == null || className.isEmpty() || fromConfig == null) {
            throw new IllegalArgumentException("Optimizers.register: expected a class name and a factory, received " + className + ", " + fromConfig);
        }
        String key = className.toLowerCase(Locale.ROOT);
        CANONICAL.put(key, className);
        CLASSES.put(key, fromConfig);
    }

    /** A default-constructed optimizer for a Keras id ("sgd", "rmsprop", "adam", ...) or class name, case-insensitive. */
    public static Optimizer get(String id) {
        String key = id == null ? "" : id.toLowerCase(Locale.ROOT);
        Supplier<Optimizer> s = IDS.get(key);
        if (s != null) return s.get();
        Function<Map<String, Object>, Optimizer> f = CLASSES.get(key);
        if (f != null) return f.apply(new LinkedHashMap<>());
        throw new IllegalArgumentException("Optimizers.get: expected one of " + knownIds() + ", received '" + id + "'");
    }

    /** Rebuilds an optimizer from its class name (case-insensitive) and {@link Optimizer#getConfig()}. */
    public static Optimizer fromConfig(String className, Map<String, Object> config) {
        Function<Map<String, Object>, Optimizer> f = className == null ? null : CLASSES.get(className.toLowerCase(Locale.ROOT));
        if (f == null) {
            List<String> known = new ArrayList<>(CANONICAL.values());
            known.sort(null);
            throw new IllegalArgumentException("Optimizers.fromConfig: expected one of " + known + ", received class_name=" + className);
        }
        return f.apply(config);
    }

    /** Keras' serialized form: {@code {"module", "class_name", "config", "registered_name"}}. */
    public static Map<String, Object> serialize(Optimizer o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("module", "keras.optimizers");
        m.put("class_name", o.className());
        m.put("config", o.getConfig());
        m.put("registered_name", null);
        return m;
    }

    /** Accepts {@link #serialize}'s output (module and registered_name are optional). */
    public static Optimizer deserialize(Map<String, Object> m) {
        if (m == null || !(m.get("class_name") instanceof String) || !(m.get("config") instanceof Map)) {
            throw new IllegalArgumentException("Optimizers.deserialize: expected {\"class_name\": ..., \"config\": {...}}, received " + m);
        }
        return fromConfig((String) m.get("class_name"), new ConfigReader("Optimizers.deserialize", m).asMap(m.get("config"), "config"));
    }

    private static List<String> knownIds() {
        List<String> ids = new ArrayList<>(IDS.keySet());
        for (String k : CLASSES.keySet()) if (!ids.contains(k)) ids.add(k);
        ids.sort(null);
        return ids;
    }
}
