package dev.lamina.models;

import dev.lamina.tensor.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whole-model files of subclassed models: the class provides its arguments ({@code getConfig}) and is registered
 * ({@link LayerRegistry#register}), as Keras asks ({@code get_config}/{@code from_config} and
 * {@code register_keras_serializable}); the file records the input shapes it was built for ({@code build_config}),
 * so loading builds it before its weights are read. Loading never instantiates a class that is not registered.
 */
final class SubclassedModels {
    static final String BUILD_CONFIG = "build_config";
    private static final int MAX_INPUTS = 64;
    private static final int MAX_RANK = 8;
    private static final long MAX_SAMPLE_ELEMENTS = 1L << 26;     // what one probe sample may hold

    private SubclassedModels() {
    }

    /** Keras' {@code build_config}: {@code {"input_shape": [[null, 32], ...]}}; the model must be built and registered. */
    static Map<String, Object> buildConfig(Model m) {
        if (!LayerRegistry.isRegistered(m.className())) {
            throw new IllegalArgumentException("Model.save: " + m.className() + " '" + m.name() + "' is a subclassed model whose class is not registered:"
                    + " give it getConfig() with its constructor arguments and register a factory with LayerRegistry.register(\""
                    + m.className() + "\", config -> new " + m.className() + "(...)), or save its weights with saveWeights");
        }
        if (!m.isGraphBuilt()) {
            throw new IllegalStateException("Model.save: " + m.className() + " '" + m.name() + "' is not built yet: fit, evaluate or predict it first");
        }
        List<Object> shapes = new ArrayList<>();
        for (Shape s : m.builtInputShapes()) {
            List<Object> dims = new ArrayList<>();
            for (int i = 0; i < s.rank(); i++) dims.add(s.dim(i) == Shape.UNKNOWN ? null : s.dim(i));
            shapes.add(dims);
        }
        return Map.of("input_shape", shapes);
    }

    /** Builds a loaded subclassed model for the shapes its file records; other models are returned as they are. */
    static Model built(Model m, Object root) {
        if (!m.isSubclassed()) return m;
        Object bc = root instanceof Map ? ((Map<?, ?>) root).get(BUILD_CONFIG) : null;
        Object shapes = bc instanceof Map ? ((Map<?, ?>) bc).get("input_shape") : null;
        if (!(shapes instanceof List) || ((List<?>) shapes).isEmpty() || ((List<?>) shapes).size() > MAX_INPUTS) {
            throw new IllegalArgumentException("the subclassed model " + m.className() + " needs a build_config with 1 to " + MAX_INPUTS
                    + " input shapes, received " + bc);
        }
        List<Shape> in = new ArrayList<>();
        for (Object o : (List<?>) shapes) in.add(shape(o, m));
        m.buildFromData(in);
        return m;
    }

    private static Shape shape(Object o, Model m) {
        if (!(o instanceof List) || ((List<?>) o).isEmpty() || ((List<?>) o).size() > MAX_RANK) {
            throw new IllegalArgumentException("build_config of " + m.className() + ": expected an input shape of rank 1 to " + MAX_RANK + ", received " + o);
        }
        List<?> l = (List<?>) o;
        int[] dims = new int[l.size()];
        long elements = 1;
        dims[0] = 1;
        for (int i = 1; i < dims.length; i++) {
            Object d = l.get(i);
            if (!(d instanceof Number) || ((Number) d).doubleValue() != ((Number) d).intValue() || ((Number) d).intValue() < 1) {
                throw new IllegalArgumentException("build_config of " + m.className() + ": expected positive integer dimensions after the batch, received " + o);
            }
            dims[i] = ((Number) d).intValue();
            elements *= dims[i];
            if (elements > MAX_SAMPLE_ELEMENTS) {
                throw new IllegalArgumentException("build_config of " + m.className() + ": input shape " + o + " holds more than " + MAX_SAMPLE_ELEMENTS + " values per sample");
            }
        }
        return Shape.of(dims);
    }
}
