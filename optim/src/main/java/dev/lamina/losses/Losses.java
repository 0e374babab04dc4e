package dev.lamina.losses;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * String identifiers and (de)serialization of losses, as {@code keras.losses.get/serialize/deserialize}.
 * Serialized form: {@code {"module": "keras.losses", "class_name": "MeanSquaredError", "config": {...},
 * "registered_name": null}}; user classes registered with {@link #register} serialize with their registered name.
 */
public final class Losses {
    private static final Map<String, Supplier<Loss>> IDS = new LinkedHashMap<>();
    private static final Map<String, Function<Map<String, Object>, Loss>> CLASSES = new LinkedHashMap<>();
    private static final Map<String, Function<Map<String, Object>, Loss>> CUSTOM = new LinkedHashMap<>();

    static {
        cls("MeanSquaredError", MeanSquaredError::fromConfig, "mean_squared_error", "mse", "MSE");
        cls("MeanAbsoluteError", MeanAbsoluteError::fromConfig, "mean_absolute_error", "mae", "MAE");
        cls("MeanAbsolutePercentageError", MeanAbsolutePercentageError::fromConfig, "mean_absolute_percentage_error", "mape", "MAPE");
        cls("MeanSquaredLogarithmicError", MeanSquaredLogarithmicError::fromConfig, "mean_squared_logarithmic_error", "msle", "MSLE");
        cls("Huber", Huber::fromConfig, "huber", "huber_loss");
        cls("LogCosh", LogCosh::fromConfig, "log_cosh", "logcosh");
        cls("BinaryCrossentropy", BinaryCrossentropy::fromConfig, "binary_crossentropy", "bce", "BCE");
        cls("CategoricalCrossentropy", CategoricalCrossentropy::fromConfig, "categorical_crossentropy", "cce", "CCE");
        cls("SparseCategoricalCrossentropy", SparseCategoricalCrossentropy::fromConfig, "sparse_categorical_crossentropy");
        cls("KLDivergence", KLDivergence::fromConfig, "kl_divergence", "kld", "KLD", "kullback_leibler_divergence");
        cls("CosineSimilarity", CosineSimilarity::fromConfig, "cosine_similarity");
        cls("Hinge", Hinge::fromConfig, "hinge");
        cls("SquaredHinge", SquaredHinge::fromConfig, "squared_hinge");
        cls("CategoricalHinge", CategoricalHinge::fromConfig, "categorical_hinge");
        cls("Poisson", Poisson::fromConfig, "poisson");
    }

    private Losses() {
    }

    private static void cls(String className, Function<Map<String, Object>, Loss> fromConfig, String... ids) {
        CLASSES.put(className, fromConfig);
        Supplier<Loss> make = () -> fromConfig.apply(null);
        IDS.put(className, make);
        for (String id : ids) IDS.put(id, make);
    }

    /**
     * A default-configured loss for a Keras identifier ({@code "mse"}, {@code "mean_squared_error"},
     * {@code "MeanSquaredError"}, ...); an unknown one throws, listing the known identifiers.
     */
    public static Loss get(String id) {
        Supplier<Loss> s = id == null ? null : IDS.get(id);
        if (s == null) {
            throw new IllegalArgumentException("Losses.get: unknown loss identifier "
                    + (id == null ? "null" : "'" + id + "'") + "; known identifiers: " + String.join(", ", knownIds()));
        }
        return s.get();
    }

    /** Every identifier {@link #get} accepts, sorted. */
    public static List<String> knownIds() {
        return Collections.unmodifiableList(new ArrayList<>(new TreeSet<>(IDS.keySet())));
    }

    /** Registers a user loss class for {@link #deserialize}, under a name such as {@code "my_package>MyLoss"}. */
    public static void register(String registeredName, Function<Map<String, Object>, Loss> fromConfig) {
        if (registeredName == null || registeredName.isEmpty() || fromConfig == null) {
            throw new IllegalArgumentException("Losses.register: expected a non-empty name and a factory, received name=" + registeredName);
        }
        if (CLASSES.containsKey(registeredName)) {
            throw new IllegalArgumentException("Losses.register: '" + registeredName + "' is a built-in loss class");
        }
        synchronized (CUSTOM) {
            CUSTOM.put(registeredName, fromConfig);
        }
    }

    public static Map<String, Object> serialize(Loss loss) {
        String className = loss.className();
        boolean builtin = CLASSES.containsKey(className) && loss.getClass().getPackage() == Losses.class.getPackage();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("module", builtin ? "keras.losses" : loss.getClass().getPackageName());
        m.put("class_name", className);
        m.put("config", loss.getConfig());
        m.put("registered_name", builtin ? null : registeredNameOf(loss));
        return m;
    }

    private static String registeredNameOf(Loss loss) {
        synchronized (CUSTOM) {
            String simple = loss.className();
            for (String k : CUSTOM.keySet()) {
                if (k.equals(simple) || k.endsWith(">" + simple)) return k;
            }
        }
        return loss.className();
    }

    /** The loss described by a {@link #serialize} map (also accepts {@code registered_name} of a registered class). */
    @SuppressWarnings("unchecked")
    public static Loss deserialize(Map<String, Object> m) {
        if (m == null) throw new IllegalArgumentException("Losses.deserialize: expected a map with class_name and config, received null");
        Object cn = m.get("class_name");
        Object rn = m.get("registered_name");
        Object cfg = m.get("config");
        if (!(cn instanceof String)) throw new IllegalArgumentException("Losses.deserialize: expected a string class_name, received " + cn);
        if (cfg != null && !(cfg instanceof Map)) throw new IllegalArgumentException("Losses.deserialize: expected a config map, received " + cfg);
        Map<String, Object> config = (Map<String, Object>) cfg;
        Function<Map<String, Object>, Loss> f = CLASSES.get(cn);
        if (f == null) {
            synchronized (CUSTOM) {
                f = rn instanceof String ? CUSTOM.get(rn) : null;
                if (f == null) f = CUSTOM.get(cn);
            }
        }
        if (f == null) {
            throw new IllegalArgumentException("Losses.deserialize: unknown loss class '" + cn + "'; known classes: "
                    + String.join(", ", new TreeSet<>(CLASSES.keySet())) + " (register user classes with Losses.register)");
        }
        return f.apply(config);
    }
}
