package dev.lamina.models.keras;

import dev.lamina.layers.Dense;
import dev.lamina.layers.InputLayer;
import dev.lamina.layers.Layer;
import dev.lamina.models.Model;
import dev.lamina.models.Sequential;
import dev.lamina.tensor.Shape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lamina layers as Keras 3 writes them in {@code config.json}: the layer classes both libraries have, and each
 * layer's {@code config} in Keras 3 form. Lamina's configs already use Keras' keys; this adds the dtype policy
 * object, turns {@code {"class_name", "config"}} initializers, regularizers and constraints into Keras 3 envelopes
 * ({@code module}, {@code registered_name}) and writes unknown dimensions as {@code null}.
 */
final class KerasLayers {
    /** The layer classes of {@code dev.lamina.layers} that {@code keras.layers} has under the same name and config. */
    static final Set<String> SHARED = Set.of(
            "Activation", "Add", "Average", "AveragePooling1D", "AveragePooling2D", "BatchNormalization", "Concatenate",
            "Conv1D", "Conv2D", "Conv2DTranspose", "Cropping2D", "Dense", "DepthwiseConv2D", "Dot", "Dropout", "ELU",
            "Embedding", "Flatten", "GRU", "GaussianNoise", "GlobalAveragePooling1D", "GlobalAveragePooling2D",
            "GlobalMaxPooling1D", "GlobalMaxPooling2D", "InputLayer", "LSTM", "LayerNormalization", "LeakyReLU",
            "MaxPooling1D", "MaxPooling2D", "Maximum", "Minimum", "Multiply", "Normalization", "PReLU", "ReLU",
            "Rescaling", "Reshape", "SeparableConv2D", "SimpleRNN", "Softmax", "SpatialDropout1D", "SpatialDropout2D",
            "Subtract", "UpSampling2D", "ZeroPadding2D");

    /** Keras classes whose constructor takes no {@code trainable} (and whose own get_config leaves it out). */
    private static final Set<String> NO_TRAINABLE = Set.of("SpatialDropout1D", "SpatialDropout2D");

    /**
     * Keras classes without a {@code build} of their own are built at construction and write no
     * {@code build_config} (checked against Keras 3.15.1; Flatten, though, writes one).
     */
    static final Set<String> NO_BUILD_CONFIG = Set.of(
            "Activation", "AveragePooling1D", "AveragePooling2D", "Cropping2D", "Dropout", "ELU", "GaussianNoise",
            "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "InputLayer", "LeakyReLU",
            "MaxPooling1D", "MaxPooling2D", "ReLU", "Rescaling", "Reshape", "Softmax", "SpatialDropout1D", "SpatialDropout2D",
            "UpSampling2D", "ZeroPadding2D");

    private KerasLayers() {
    }

    /** Keras' class name: {@code Functional} for a plain functional model, {@code Sequential}, or the layer's class name. */
    static String className(Layer l) {
        if (l.getClass() == Model.class) return "Functional";
        if (l.getClass() == Sequential.class) return "Sequential";
        String c = l.className();
        if (l.getClass().getPackage() != Dense.class.getPackage() || !SHARED.contains(c)) {
            throw new IllegalArgumentException("Model.save: layer '" + l.name() + "' (" + l.getClass().getName() + ") has no Keras 3"
                    + " counterpart, so a .keras file cannot hold it; Keras layers Lamina writes: " + new TreeSet<>(SHARED)
                    + " (save the model as .lamina to keep it)");
        }
        return c;
    }

    /** The dtype policy object Keras 3.4+ writes on every layer. */
    static Map<String, Object> dtypePolicy() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", "float32");
        return envelope("keras", "DTypePolicy", c);
    }

    static Map<String, Object> envelope(String module, String className, Object config) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("module", module);
        m.put("class_name", className);
        m.put("config", config);
        m.put("registered_name", null);
        return m;
    }

    /** The layer's Keras 3 {@code config}. */
    static Map<String, Object> config(Layer l) {
        Map<String, Object> lamina = l.getConfig();
        if (l instanceof InputLayer) return inputConfig((InputLayer) l, lamina);
        Map<String, Object> c = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : lamina.entrySet()) {
            if (e.getKey().equals("trainable") && NO_TRAINABLE.contains(l.className())) continue;
            c.put(e.getKey(), value(e.getKey(), e.getValue()));
            if (e.getKey().equals("trainable") || e.getKey().equals("name") && NO_TRAINABLE.contains(l.className())) c.put("dtype", dtypePolicy());
        }
        return c;
    }

    private static Map<String, Object> inputConfig(InputLayer l, Map<String, Object> lamina) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("batch_shape", shape(l.output().shape()));
        c.put("dtype", "float32");
        c.put("sparse", false);
        c.put("ragged", false);
        c.put("name", lamina.get("name"));
        c.put("optional", false);
        return c;
    }

    @SuppressWarnings("unchecked")
    private static Object value(String key, Object v) {
        if (v instanceof Map && isObjectKey(key)) {
            Map<String, Object> m = (Map<String, Object>) v;
            if (!m.containsKey("module") && m.get("class_name") instanceof String) {
                String cls = (String) m.get("class_name");
                Map<String, Object> config = (Map<String, Object>) m.getOrDefault("config", Map.of());
                return envelope(moduleOf(key), cls, key.endsWith("_initializer") ? initializerConfig(cls, config) : config);
            }
        }
        if (v instanceof int[]) return ints((int[]) v);
        return v;
    }

    /**
     * An initializer's config with exactly the keys Keras 3's class takes (its {@code from_config} is {@code cls(**config)}):
     * Lamina's Glorot/He/Lecun carry their variance-scaling parameters, which Keras' named classes do not accept.
     */
    private static Map<String, Object> initializerConfig(String cls, Map<String, Object> lamina) {
        List<String> keys = INITIALIZER_KEYS.get(cls);
        if (keys == null) {
            throw new IllegalArgumentException("Model.save: initializer " + cls + " has no Keras 3 counterpart; expected one of "
                    + new TreeSet<>(INITIALIZER_KEYS.keySet()));
        }
        Map<String, Object> c = new LinkedHashMap<>();
        for (String k : keys) c.put(k, lamina.get(k));       // seed: Lamina's initializers draw from the layer's seed
        return c;
    }

    private static final Map<String, List<String>> INITIALIZER_KEYS = Map.ofEntries(
            Map.entry("GlorotUniform", List.of("seed")), Map.entry("GlorotNormal", List.of("seed")),
            Map.entry("HeNormal", List.of("seed")), Map.entry("HeUniform", List.of("seed")),
            Map.entry("LecunNormal", List.of("seed")), Map.entry("LecunUniform", List.of("seed")),
            Map.entry("VarianceScaling", List.of("scale", "mode", "distribution", "seed")),
            Map.entry("RandomNormal", List.of("mean", "stddev", "seed")), Map.entry("TruncatedNormal", List.of("mean", "stddev", "seed")),
            Map.entry("RandomUniform", List.of("minval", "maxval", "seed")), Map.entry("Orthogonal", List.of("gain", "seed")),
            Map.entry("Constant", List.of("value")), Map.entry("Zeros", List.of()), Map.entry("Ones", List.of()));

    private static boolean isObjectKey(String key) {
        return key.endsWith("_initializer") || key.endsWith("_regularizer") || key.endsWith("_constraint");
    }

    private static String moduleOf(String key) {
        if (key.endsWith("_initializer")) return "keras.initializers";
        if (key.endsWith("_regularizer")) return "keras.regularizers";
        return "keras.constraints";
    }

    /** A shape with the unknown dimensions (the batch) as {@code null}. */
    static List<Object> shape(Shape s) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < s.rank(); i++) out.add(s.dim(i) == Shape.UNKNOWN ? null : s.dim(i));
        return out;
    }

    private static List<Object> ints(int[] a) {
        List<Object> out = new ArrayList<>();
        for (int v : a) out.add(v);
        return out;
    }
}
