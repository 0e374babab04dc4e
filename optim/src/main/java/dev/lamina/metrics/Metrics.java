package dev.lamina.metrics;

import dev.lamina.losses.Loss;
import dev.lamina.tensor.Shape;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * String identifiers and (de)serialization of metrics, as {@code keras.metrics.get/serialize/deserialize} plus the
 * compile-time resolution of {@code "accuracy"} and {@code "crossentropy"}.
 *
 * <p>Naming follows compile: a metric requested by a function-style identifier ({@code "mae"}, {@code "auc"},
 * {@code "accuracy"}) takes that string as its name, so it is logged under the key the user wrote; a class name
 * ({@code "AUC"}, {@code "MeanAbsoluteError"}) gives the class' default name ({@code "auc"},
 * {@code "mean_absolute_error"}), as tf.keras does for metric objects.
 */
public final class Metrics {
    private static final Map<String, Function<Map<String, Object>, Metric>> CLASSES = new LinkedHashMap<>();
    private static final Map<String, String> IDS = new LinkedHashMap<>();   // identifier -> class name
    private static final Map<String, Function<Map<String, Object>, Metric>> CUSTOM = new LinkedHashMap<>();

    static {
        cls("Mean", Mean::fromConfig, "mean");
        cls("Sum", Sum::fromConfig, "sum");
        cls("Accuracy", Accuracy::fromConfig, "accuracy", "acc");
        cls("BinaryAccuracy", BinaryAccuracy::fromConfig, "binary_accuracy");
        cls("CategoricalAccuracy", CategoricalAccuracy::fromConfig, "categorical_accuracy");
        cls("SparseCategoricalAccuracy", SparseCategoricalAccuracy::fromConfig, "sparse_categorical_accuracy");
        cls("TopKCategoricalAccuracy", TopKCategoricalAccuracy::fromConfig, "top_k_categorical_accuracy");
        cls("SparseTopKCategoricalAccuracy", SparseTopKCategoricalAccuracy::fromConfig, "sparse_top_k_categorical_accuracy");
        cls("Precision", Precision::fromConfig, "precision");
        cls("Recall", Recall::fromConfig, "recall");
        cls("AUC", AUC::fromConfig, "auc");
        cls("TruePositives", TruePositives::fromConfig, "true_positives");
        cls("FalsePositives", FalsePositives::fromConfig, "false_positives");
        cls("TrueNegatives", TrueNegatives::fromConfig, "true_negatives");
        cls("FalseNegatives", FalseNegatives::fromConfig, "false_negatives");
        cls("MeanAbsoluteError", MeanAbsoluteError::fromConfig, "mean_absolute_error", "mae");
        cls("MeanSquaredError", MeanSquaredError::fromConfig, "mean_squared_error", "mse");
        cls("RootMeanSquaredError", RootMeanSquaredError::fromConfig, "root_mean_squared_error", "rmse");
        cls("MeanAbsolutePercentageError", MeanAbsolutePercentageError::fromConfig, "mean_absolute_percentage_error", "mape");
        cls("MeanSquaredLogarithmicError", MeanSquaredLogarithmicError::fromConfig, "mean_squared_logarithmic_error", "msle");
        cls("LogCoshError", LogCoshError::fromConfig, "logcosh", "log_cosh_error");
        cls("CosineSimilarity", CosineSimilarity::fromConfig, "cosine_similarity");
        cls("KLDivergence", KLDivergence::fromConfig, "kl_divergence", "kld", "kullback_leibler_divergence");
        cls("Poisson", Poisson::fromConfig, "poisson");
        cls("Hinge", Hinge::fromConfig, "hinge");
        cls("SquaredHinge", SquaredHinge::fromConfig, "squared_hinge");
        cls("CategoricalHinge", CategoricalHinge::fromConfig, "categorical_hinge");
        cls("BinaryCrossentropy", BinaryCrossentropy::fromConfig, "binary_crossentropy");
        cls("CategoricalCrossentropy", CategoricalCrossentropy::fromConfig, "categorical_crossentropy");
        cls("SparseCategoricalCrossentropy", SparseCategoricalCrossentropy::fromConfig, "sparse_categorical_crossentropy");
    }

    private Metrics() {
    }

    private static void cls(String className, Function<Map<String, Object>, Metric> fromConfig, String... ids) {
        CLASSES.put(className, fromConfig);
        IDS.put(className, className);
        for (String id : ids) IDS.put(id, className);
    }

    /**
     * A default-configured metric for an identifier ({@code "mae"}, {@code "auc"}, {@code "AUC"}, ...), named as
     * described in the class comment; an unknown identifier throws, listing the known ones. {@code "accuracy"}
     * here is the elementwise {@link Accuracy}: compile should use {@link #resolve}.
     */
    public static Metric get(String id) {
        String cn = id == null ? null : IDS.get(id);
        if (cn == null) {
            throw new IllegalArgumentException("Metrics.get: unknown metric identifier " + (id == null ? "null" : "'" + id + "'")
                    + "; known identifiers: " + String.join(", ", knownIds()));
        }
        Metric m = CLASSES.get(cn).apply(null);
        return cn.equals(id) ? m : m.name(id);
    }

    /** Every identifier {@link #get} accepts, sorted. */
    public static List<String> knownIds() {
        return Collections.unmodifiableList(new ArrayList<>(new TreeSet<>(IDS.keySet())));
    }

    /**
     * The metric compile builds for {@code id} (Keras 4.13 rule). {@code "accuracy"}/{@code "acc"}: BinaryAccuracy if
     * {@code y_pred}'s last dimension is 1; SparseCategoricalAccuracy if {@code y_true} has a lower rank than
     * {@code y_pred}, or a last dimension of 1 while {@code y_pred}'s is larger; else CategoricalAccuracy.
     * {@code "crossentropy"}/{@code "ce"} choose the matching cross-entropy the same way (tf.keras 2.x). The metric
     * keeps {@code id} as its name. When a shape is null the loss decides (binary, sparse or categorical
     * cross-entropy / hinge). Any other identifier is {@link #get}.
     */
    public static Metric resolve(String id, Shape yTrueShape, Shape yPredShape, Loss loss) {
        if (!isShapeDependent(id)) return get(id);
        boolean accuracy = id.toLowerCase(Locale.ROOT).startsWith("acc");
        Metric m;
        switch (targetKind(id, yTrueShape, yPredShape, loss)) {
            case 'b':
                m = accuracy ? new BinaryAccuracy() : new BinaryCrossentropy();
                break;
            case 's':
                m = accuracy ? new SparseCategoricalAccuracy() : new SparseCategoricalCrossentropy();
                break;
            default:
                m = accuracy ? new CategoricalAccuracy() : new CategoricalCrossentropy();
        }
        return m.name(id);
    }

    /** True when {@link #resolve} accepts {@code id}, so compile can reject a misspelt metric before any training. */
    public static boolean isKnown(String id) {
        return id != null && (IDS.containsKey(id) || isShapeDependent(id));
    }

    /** {@code "accuracy"}, {@code "acc"}, {@code "crossentropy"}, {@code "ce"} (any case): the class follows the shapes. */
    private static boolean isShapeDependent(String id) {
        String low = id == null ? "" : id.toLowerCase(Locale.ROOT);
        return low.equals("accuracy") || low.equals("acc") || low.equals("crossentropy") || low.equals("ce");
    }

    /** 'b'inary, 's'parse or 'c'ategorical targets. */
    private static char targetKind(String id, Shape yTrue, Shape yPred, Loss loss) {
        if (yTrue != null && yPred != null && yTrue.rank() > 0 && yPred.rank() > 0) {
            if (yPred.last() == 1) return 'b';
            if (yTrue.rank() < yPred.rank() || (yTrue.last() == 1 && yPred.last() > 1)) return 's';
            return 'c';
        }
        if (loss instanceof dev.lamina.losses.BinaryCrossentropy || loss instanceof dev.lamina.losses.Hinge
                || loss instanceof dev.lamina.losses.SquaredHinge) return 'b';
        if (loss instanceof dev.lamina.losses.SparseCategoricalCrossentropy) return 's';
        if (loss instanceof dev.lamina.losses.CategoricalCrossentropy || loss instanceof dev.lamina.losses.CategoricalHinge) return 'c';
        throw new IllegalArgumentException("Metrics.resolve: cannot choose the '" + id + "' metric without y_true/y_pred shapes"
                + " (received " + yTrue + " and " + yPred + ") or a cross-entropy loss (received " + (loss == null ? "null" : loss.name()) + ")");
    }

    /** Registers a user metric class for {@link #deserialize}, under a name such as {@code "my_package>MyMetric"}. */
    public static void register(String registeredName, Function<Map<String, Object>, Metric> fromConfig) {
        if (registeredName == null || registeredName.isEmpty() || fromConfig == null) {
            throw new IllegalArgumentException("Metrics.register: expected a non-empty name and a factory, received name=" + registeredName);
        }
        if (CLASSES.containsKey(registeredName)) throw new IllegalArgumentException("Metrics.register: '" + registeredName + "' is a built-in metric class");
        synchronized (CUSTOM) {
            CUSTOM.put(registeredName, fromConfig);
        }
    }

    /** {@code {"module", "class_name", "config", "registered_name"}}, as Keras 3 serializes a metric. */
    public static Map<String, Object> serialize(Metric metric) {
        String cn = metric.className();
        boolean builtin = CLASSES.containsKey(cn) && metric.getClass().getPackage() == Metrics.class.getPackage();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("module", builtin ? "keras.metrics" : metric.getClass().getPackageName());
        m.put("class_name", cn);
        m.put("config", metric.getConfig());
        m.put("registered_name", builtin ? null : registeredNameOf(cn));
        return m;
    }

    private static String registeredNameOf(String simple) {
        synchronized (CUSTOM) {
            for (String k : CUSTOM.keySet()) {
                if (k.equals(simple) || k.endsWith(">" + simple)) return k;
            }
        }
        return simple;
    }

    @SuppressWarnings("unchecked")
    public static Metric deserialize(Map<String, Object> m) {
        if (m == null) throw new IllegalArgumentException("Metrics.deserialize: expected a map with class_name and config, received null");
        Object cn = m.get("class_name"), rn = m.get("registered_name"), cfg = m.get("config");
        if (!(cn instanceof String)) throw new IllegalArgumentException("Metrics.deserialize: expected a string class_name, received " + cn);
        if (cfg != null && !(cfg instanceof Map)) throw new IllegalArgumentException("Metrics.deserialize: expected a config map, received " + cfg);
        Function<Map<String, Object>, Metric> f = CLASSES.get(cn);
        if (f == null) {
            synchronized (CUSTOM) {
                f = rn instanceof String ? CUSTOM.get(rn) : null;
                if (f == null) f = CUSTOM.get(cn);
            }
        }
        if (f == null) {
            throw new IllegalArgumentException("Metrics.deserialize: unknown metric class '" + cn + "'; known classes: "
                    + String.join(", ", new TreeSet<>(CLASSES.keySet())) + " (register user classes with Metrics.register)");
        }
        return f.apply((Map<String, Object>) cfg);
    }
}
