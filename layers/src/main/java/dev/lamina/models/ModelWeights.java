package dev.lamina.models;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.Variable;
import dev.lamina.models.keras.KerasWriter;
import dev.lamina.tensor.io.AtomicFiles;
import dev.lamina.tensor.io.IoErrors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's weights as a list of tensors or a safetensors file keyed by variable name ({@code dense_1/kernel}).
 * Every setter checks all shapes before writing anything, so a failed load leaves the model as it was.
 */
final class ModelWeights {
    private ModelWeights() {
    }

    static List<Tensor> get(Model m) {
        List<Tensor> out = new ArrayList<>();
        for (Variable v : m.weights()) out.add(v.snapshot());
        return out;
    }

    static void set(Model m, List<Tensor> values) {
        List<Variable> vs = m.weights();
        String who = who(m, "setWeights");
        if (values == null || values.size() != vs.size()) {
            throw new IllegalArgumentException(who + ": expected " + vs.size() + " tensors (one per weight, in weights() order), received "
                    + (values == null ? "null" : values.size()));
        }
        for (int i = 0; i < vs.size(); i++) {
            Tensor t = values.get(i);
            if (t == null || !t.shape().equals(vs.get(i).shape())) {
                throw new IllegalArgumentException(who + ": expected shape " + vs.get(i).shape() + " for weight '" + vs.get(i).name()
                        + "' (index " + i + "), received " + (t == null ? "null" : t.shape()));
            }
        }
        for (int i = 0; i < vs.size(); i++) vs.get(i).assign(values.get(i));
    }

    /** The weights by unique name, in weights() order. */
    static Map<String, Tensor> named(Model m, String op) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Variable v : m.weights()) {
            if (out.put(v.name(), v.value()) != null) {
                throw new IllegalArgumentException(who(m, op) + ": two weights are named '" + v.name()
                        + "'; weight names must be unique in a model (give the layers distinct names)");
            }
        }
        return out;
    }

    static byte[] encode(Model m, String op) {
        return SafeTensors.write(named(m, op), Map.of("format", "lamina"));
    }

    static void save(Model m, Path path) {
        String file = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (file.endsWith(".weights.h5")) {
            AtomicFiles.write(path, KerasWriter.weights(m));
            return;
        }
        if (file.endsWith(".h5") || file.endsWith(".hdf5") || file.endsWith(".keras")) {
            throw new IllegalArgumentException(who(m, "saveWeights") + ": " + path + ": expected a .weights.h5 name (Keras 3's weights"
                    + " file) or another name for safetensors; legacy .h5 weights and .keras models are not weights files");
        }
        byte[] bytes = encode(m, "saveWeights");
        AtomicFiles.write(path, bytes);
    }

    static void load(Model m, Path path) {
        if (KerasLoading.isHdf5(path)) {
            KerasLoading.loadWeights(m, path);     // Keras' .weights.h5 / .h5
            return;
        }
        Map<String, Tensor> file;
        try {
            file = SafeTensors.read(path, readLimit(m));
        } catch (IOException e) {
            throw new UncheckedIOException(who(m, "loadWeights") + ": cannot read " + path + ": " + IoErrors.reason(e), e);
        }
        assign(m, file, path.toString(), "loadWeights");
    }

    /** The most tensor data a weights file for {@code m} may declare before any of it is read; see {@link #readLimit(long)}. */
    static long readLimit(Model m) {
        long bytes = 0;
        for (Variable v : m.weights()) bytes += 4L * v.shape().size();
        return readLimit(bytes);
    }

    /**
     * Twice {@code bytes} and 1 MiB: generous enough that a file a little off still gets its weight-by-weight error
     * (and holds its header), tight enough that a file claiming far more than the model needs is never read. Used
     * both ways: a file's data against a model, and a model rebuilt from a config against its weights entry.
     */
    static long readLimit(long bytes) {
        return 2 * bytes + (1 << 20);
    }

    /**
     * Checks that {@code file} holds the model's weights, then copies them all in. Keras matches by structure, so
     * the same architecture built twice in one JVM (other automatic names) loads: when the file's names are not
     * exactly the model's, its weights are matched by position, the layers with weights in order and each layer's
     * weights in order, with the weight names within a layer and every shape checked. Nothing changes on failure.
     */
    static void assign(Model m, Map<String, Tensor> file, String source, String op) {
        List<Variable> vars = m.weights();
        List<Tensor> values = sameNames(vars, file) ? byName(m, vars, file, source, op) : byStructure(m, vars, file, source, op);
        for (int i = 0; i < vars.size(); i++) vars.get(i).assign(values.get(i));
    }

    private static boolean sameNames(List<Variable> vars, Map<String, Tensor> file) {
        if (vars.size() != file.size()) return false;
        for (Variable v : vars) if (!file.containsKey(v.name())) return false;
        return true;
    }

    private static List<Tensor> byName(Model m, List<Variable> vars, Map<String, Tensor> file, String source, String op) {
        List<Tensor> out = new ArrayList<>();
        for (Variable v : vars) {
            Tensor t = file.get(v.name());
            if (!t.shape().equals(v.shape())) {
                throw new IllegalArgumentException(who(m, op) + ": weight '" + v.name() + "' expected shape " + v.shape()
                        + ", received " + t.shape() + " in " + source);
            }
            out.add(t);
        }
        return out;
    }

    private static List<Tensor> byStructure(Model m, List<Variable> vars, Map<String, Tensor> file, String source, String op) {
        Map<String, List<String>> own = new LinkedHashMap<>();        // layer -> its weights' names, in order
        Map<String, Shape> ownShapes = new LinkedHashMap<>();
        for (Variable v : vars) {
            own.computeIfAbsent(layerOf(v.name()), k -> new ArrayList<>()).add(v.name());
            ownShapes.put(v.name(), v.shape());
        }
        Map<String, List<String>> theirs = new LinkedHashMap<>();
        Map<String, Shape> theirShapes = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : file.entrySet()) {
            theirs.computeIfAbsent(layerOf(e.getKey()), k -> new ArrayList<>()).add(e.getKey());
            theirShapes.put(e.getKey(), e.getValue().shape());
        }
        String why = " (the names differ, so weights are matched by structure: the layers with weights in order, each layer's weights in order)";
        if (own.size() != theirs.size()) {
            throw new IllegalArgumentException(who(m, op) + ": expected " + own.size() + " layers with weights " + describe(own, ownShapes)
                    + ", received " + theirs.size() + " in " + source + ": " + describe(theirs, theirShapes) + why);
        }
        List<List<String>> mine = new ArrayList<>(own.values()), other = new ArrayList<>(theirs.values());
        List<String> mineLayers = new ArrayList<>(own.keySet()), otherLayers = new ArrayList<>(theirs.keySet());
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < mine.size(); i++) {
            List<String> a = mine.get(i), b = other.get(i);
            boolean ok = a.size() == b.size();
            for (int j = 0; ok && j < a.size(); j++) {
                ok = suffix(a.get(j)).equals(suffix(b.get(j))) && ownShapes.get(a.get(j)).equals(theirShapes.get(b.get(j)));
            }
            if (!ok) {
                String layer = mineLayers.get(i), theirLayer = otherLayers.get(i);
                throw new IllegalArgumentException(who(m, op) + ": layer '" + layer + "' (layer with weights " + (i + 1) + " of " + mine.size()
                        + ") expected " + weights(a, ownShapes) + ", received " + weights(b, theirShapes) + " from "
                        + (layer.equals(theirLayer) ? "its namesake" : "layer '" + theirLayer + "'") + " in " + source + why);
            }
            for (String name : b) out.add(file.get(name));
        }
        return out;
    }

    private static String layerOf(String weightName) {
        int cut = weightName.lastIndexOf('/');
        return cut < 0 ? "" : weightName.substring(0, cut);
    }

    private static String suffix(String weightName) {
        return weightName.substring(weightName.lastIndexOf('/') + 1);
    }

    private static String describe(Map<String, List<String>> layers, Map<String, Shape> shapes) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : layers.entrySet()) parts.add(e.getKey() + " " + weights(e.getValue(), shapes));
        return preview(parts);
    }

    private static String weights(List<String> names, Map<String, Shape> shapes) {
        List<String> parts = new ArrayList<>();
        for (String n : names) parts.add(suffix(n) + " " + shapes.get(n));
        return "[" + String.join(", ", parts) + "]";
    }

    private static String preview(java.util.Collection<String> names) {
        List<String> l = new ArrayList<>(names);
        return l.size() <= 8 ? l.toString() : l.subList(0, 8) + " and " + (l.size() - 8) + " more";
    }

    private static String who(Model m, String op) {
        return ModelConfig.className(m) + " '" + m.name() + "'." + op;
    }
}
