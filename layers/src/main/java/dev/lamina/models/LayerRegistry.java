package dev.lamina.models;

import dev.lamina.layers.Layer;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Turns a config's {@code class_name} back into a layer when a model is loaded. Built-in layers come from a fixed
 * allowlist of classes in {@code dev.lamina.layers}, each rebuilt by its {@code public static fromConfig(Map)};
 * a class name read from a file is never resolved outside that list. User layers are registered with a factory,
 * under Keras' {@code "package>Name"} convention (a file's {@code class_name} {@code Name} finds it when only one
 * package registers that name).
 */
public final class LayerRegistry {
    private static final String PACKAGE = "dev.lamina.layers.";
    private static final Set<String> BUILT_IN = Set.of("Dense", "InputLayer", "Conv1D", "Conv2D", "MaxPooling1D",
            "Conv2DTranspose", "Cropping2D", "DepthwiseConv2D", "Dot", "ELU", "GaussianNoise", "LeakyReLU", "Normalization",
            "PReLU", "ReLU", "Rescaling", "SeparableConv2D", "Softmax", "SpatialDropout1D", "SpatialDropout2D", "UpSampling2D",
            "ZeroPadding2D",
            "MaxPooling2D", "AveragePooling1D", "AveragePooling2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D",
            "GlobalAveragePooling1D", "GlobalAveragePooling2D", "Flatten", "Reshape", "Concatenate", "Add", "Subtract",
            "Multiply", "Average", "Maximum", "Minimum", "Dropout", "Activation", "BatchNormalization",
            "LayerNormalization", "Embedding", "SimpleRNN", "LSTM", "GRU", "MultiHeadAttention", "Attention", "AdditiveAttention",
            "Masking", "Bidirectional", "TimeDistributed", "RepeatVector", "Permute");
    /** Model classes, which the loader rebuilds itself. */
    static final Set<String> MODELS = Set.of("Functional", "Model", "Sequential");
    private static final Map<String, Function<Map<String, Object>, ? extends Layer>> USER = new ConcurrentHashMap<>();
    private static final Map<String, Method> RESOLVED = new ConcurrentHashMap<>();

    private LayerRegistry() {
    }

    /**
     * Registers a factory for a user layer under {@code registeredName} (e.g. {@code "my_pkg>Scale"}); the layer's
     * {@code className()} should be that name or its part after '>'. Registering a name again replaces its factory.
     */
    public static void register(String registeredName, Function<Map<String, Object>, ? extends Layer> factory) {
        if (registeredName == null || registeredName.isBlank() || factory == null) {
            throw new IllegalArgumentException("LayerRegistry.register: expected a non-empty name and a factory, received name="
                    + registeredName + ", factory=" + factory);
        }
        if (BUILT_IN.contains(registeredName) || MODELS.contains(registeredName)) {
            throw new IllegalArgumentException("LayerRegistry.register: '" + registeredName + "' is a built-in class name; register user layers as 'package>Name'");
        }
        USER.put(registeredName, factory);
    }

    /** Removes a user registration; returns whether there was one. */
    public static boolean unregister(String registeredName) {
        return USER.remove(registeredName) != null;
    }

    /** True when a user factory is registered for {@code className} (its full registered name or its part after '>'). */
    public static boolean isRegistered(String className) {
        return className != null && (USER.containsKey(className) || bySimpleName(className) != null);
    }

    public static boolean isBuiltIn(String className) {
        return BUILT_IN.contains(className);
    }

    /** The built-in class names, sorted. */
    public static Set<String> builtInNames() {
        return new TreeSet<>(BUILT_IN);
    }

    /** Creates the layer for {@code className} from its config; throws for names neither built in nor registered. */
    public static Layer create(String className, Map<String, Object> config) {
        return create(className, null, config);
    }

    /** As {@link #create(String, Map)}, preferring {@code registeredName} (Keras 3 writes one) when it is registered. */
    public static Layer create(String className, String registeredName, Map<String, Object> config) {
        Function<Map<String, Object>, ? extends Layer> user = registeredName == null ? null : USER.get(registeredName);
        if (user == null && className != null) user = USER.get(className);
        if (user == null && className != null && !BUILT_IN.contains(className)) user = bySimpleName(className);
        if (user != null) return check(className, user.apply(config));
        if (className != null && BUILT_IN.contains(className)) return builtIn(className, config);
        throw new IllegalArgumentException("LayerRegistry: unknown layer class_name '" + className + "'"
                + (registeredName == null ? "" : " (registered_name '" + registeredName + "')")
                + "; expected a built-in layer " + builtInNames() + " or one registered with LayerRegistry.register, registered: "
                + new TreeSet<>(USER.keySet()));
    }

    private static Function<Map<String, Object>, ? extends Layer> bySimpleName(String className) {
        List<String> hits = new ArrayList<>();
        for (String k : USER.keySet()) if (k.endsWith(">" + className)) hits.add(k);
        if (hits.size() > 1) {
            throw new IllegalArgumentException("LayerRegistry: class_name '" + className + "' is ambiguous; registered as " + new TreeSet<>(hits));
        }
        return hits.isEmpty() ? null : USER.get(hits.get(0));
    }

    private static Layer builtIn(String className, Map<String, Object> config) {
        Method m = RESOLVED.computeIfAbsent(className, LayerRegistry::resolve);
        try {
            return check(className, (Layer) m.invoke(null, config));
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException) throw (RuntimeException) c;
            if (c instanceof Error) throw (Error) c;
            throw new IllegalArgumentException(className + ".fromConfig failed: " + c, c);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("LayerRegistry: cannot call " + PACKAGE + className + ".fromConfig: " + e.getMessage(), e);
        }
    }

    /** Looks up one allowlisted class (className was checked against BUILT_IN by the caller). */
    private static Method resolve(String className) {
        Class<?> cls;
        try {
            cls = Class.forName(PACKAGE + className, true, LayerRegistry.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("LayerRegistry: the built-in layer '" + className + "' is not available in this build (no class "
                    + PACKAGE + className + ")", e);
        }
        Method m;
        try {
            m = cls.getMethod("fromConfig", Map.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("LayerRegistry: " + cls.getName() + " has no public static fromConfig(Map<String, Object>)", e);
        }
        if (!Layer.class.isAssignableFrom(cls) || !Modifier.isStatic(m.getModifiers()) || !Layer.class.isAssignableFrom(m.getReturnType())) {
            throw new IllegalArgumentException("LayerRegistry: " + cls.getName() + ".fromConfig must be static and return a Layer");
        }
        return m;
    }

    private static Layer check(String className, Layer l) {
        if (l == null) throw new IllegalArgumentException("LayerRegistry: the factory for '" + className + "' returned null");
        return l;
    }
}
