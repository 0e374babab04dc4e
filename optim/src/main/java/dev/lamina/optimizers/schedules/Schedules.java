package dev.lamina.optimizers.schedules;

import dev.lamina.tensor.io.ConfigReader;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Registry of learning-rate schedules by Keras class name, and Keras-style (de)serialization. */
public final class Schedules {
    private static final Map<String, Function<Map<String, Object>, LearningRateSchedule>> FACTORIES = new ConcurrentHashMap<>();
    private static final Map<String, String> CANONICAL = new ConcurrentHashMap<>();

    static {
        register("ExponentialDecay", ExponentialDecay::fromConfig);
        register("PiecewiseConstantDecay", PiecewiseConstantDecay::fromConfig);
        register("InverseTimeDecay", InverseTimeDecay::fromConfig);
        register("PolynomialDecay", PolynomialDecay::fromConfig);
        register("CosineDecay", CosineDecay::fromConfig);
    }

    private Schedules() {
    }

    /** Registers a (custom) schedule class; its {@link LearningRateSchedule#className()} must be {@code className}. */
    public static void register(String className, Function<Map<String, Object>, LearningRateSchedule> fromConfig) {
        if (className == null || className.isEmpty() || fromConfig == null) {
            throw new IllegalArgumentException("Schedules.register: expected a class name and a factory, received " + className + ", " + fromConfig);
        }
        String key = className.toLowerCase(Locale.ROOT);
        CANONICAL.put(key, className);
        FACTORIES.put(key, fromConfig);
    }

    /** Rebuilds a schedule from its class name (case-insensitive) and config. */
    public static LearningRateSchedule fromConfig(String className, Map<String, Object> config) {
        Function<Map<String, Object>, LearningRateSchedule> f = className == null ? null : FACTORIES.get(className.toLowerCase(Locale.ROOT));
        if (f == null) {
            List<String> known = new ArrayList<>(CANONICAL.values());
            known.sort(null);
            throw new IllegalArgumentException("Schedules: expected one of " + known + ", received class_name=" + className);
        }
        return f.apply(config);
    }

    /** Keras' serialized form: {@code {"module", "class_name", "config", "registered_name"}}. */
    public static Map<String, Object> serialize(LearningRateSchedule s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("module", "keras.optimizers.schedules");
        m.put("class_name", s.className());
        m.put("config", s.getConfig());
        m.put("registered_name", null);
        return m;
    }

    /** Accepts {@link #serialize}'s output (module and registered_name are optional). */
    public static LearningRateSchedule deserialize(Map<String, Object> m) {
        if (m == null || !(m.get("class_name") instanceof String) || !(m.get("config") instanceof Map)) {
            throw new IllegalArgumentException("Schedules.deserialize: expected {\"class_name\": ..., \"config\": {...}}, received " + m);
        }
        return fromConfig((String) m.get("class_name"), new ConfigReader("Schedules.deserialize", m).asMap(m.get("config"), "config"));
    }

    static long positiveSteps(String owner, String arg, long v) {
        if (v <= 0) throw new IllegalArgumentException(owner + ": expected " + arg + " > 0, received " + arg + "=" + v);
        return v;
    }

    static double finite(String owner, String arg, double v) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException(owner + ": expected a finite " + arg + ", received " + arg + "=" + v);
        return v;
    }
}
