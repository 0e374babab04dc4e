package dev.lamina.models;

import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.Variable;
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
 * Every setter checks all names and shapes before writing anything, so a failed load leaves the model as it was.
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
        byte[] bytes = encode(m, "saveWeights");
        AtomicFiles.write(path, bytes);
    }

    static void load(Model m, Path path) {
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

    /** Checks that {@code file} holds exactly the model's weights with their shapes, then copies them all in. */
    static void assign(Model m, Map<String, Tensor> file, String source, String op) {
        String who = who(m, op);
        Map<String, Tensor> own = named(m, op);
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor t = file.get(e.getKey());
            if (t == null) {
                throw new IllegalArgumentException(who + ": weight '" + e.getKey() + "' of shape " + e.getValue().shape()
                        + " is missing from " + source + ", which has " + preview(file.keySet()));
            }
            if (!t.shape().equals(e.getValue().shape())) {
                throw new IllegalArgumentException(who + ": weight '" + e.getKey() + "' expected shape " + e.getValue().shape()
                        + ", received " + t.shape() + " in " + source);
            }
        }
        for (String name : file.keySet()) {
            if (!own.containsKey(name)) {
                throw new IllegalArgumentException(who + ": " + source + " has weight '" + name + "', which the model does not have; the model has " + preview(own.keySet()));
            }
        }
        for (Variable v : m.weights()) v.assign(file.get(v.name()));
    }

    private static String preview(java.util.Set<String> names) {
        List<String> l = new ArrayList<>(names);
        return l.size() <= 8 ? l.toString() : l.subList(0, 8) + " and " + (l.size() - 8) + " more";
    }

    private static String who(Model m, String op) {
        return ModelConfig.className(m) + " '" + m.name() + "'." + op;
    }
}
