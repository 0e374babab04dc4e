package dev.lamina.models.keras;

import dev.lamina.layers.InputLayer;
import dev.lamina.layers.Layer;
import dev.lamina.models.Model;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.Variable;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a model's weights from Keras' HDF5 layouts, returning them in {@link Model#weights()} order for
 * {@code setWeights} (which checks and writes them all at once). Every dataset's shape is checked against the weight
 * it is for before its data is read.
 * <ul>
 * <li>Keras 3 ({@code .weights.h5}, {@code model.weights.h5} in a {@code .keras}): {@code layers/<p>/vars/<i>}, where
 * {@code <p>} is Keras' per-class automatic name ({@code dense}, {@code dense_1}, ...) counted over the container's
 * layers, {@code <i>} the layer's variable index; RNN layers keep theirs under {@code cell/vars}, nested models under
 * {@code layers/<p>/layers/...}. When the file names every layer (the {@code name} attribute Keras 3.6+ writes), the
 * layers are matched by that name instead.</li>
 * <li>tf.keras 2.x and Keras' legacy {@code .h5} ({@code save_weights}, or the {@code model_weights} group of a
 * whole-model file): matched by order as Keras' {@code load_weights} does: the i-th layer with weights takes the
 * i-th {@code layer_names} entry whose {@code weight_names} is not empty, its weights in that order (trainable
 * first).</li>
 * </ul>
 */
public final class KerasWeightsReader {
    private static final Set<String> RNN = Set.of("SimpleRNN", "LSTM", "GRU");

    private KerasWeightsReader() {
    }

    /** The weights of {@code m} from a Keras 3 weights file. */
    public static List<Tensor> keras3(Model m, KerasH5Reader h5) {
        Map<Variable, Tensor> values = new IdentityHashMap<>();
        Group layers = h5.group("layers");
        if (layers == null) {
            if (m.weights().isEmpty()) return List.of();
            throw h5.bad("no 'layers' group; expected a Keras 3 weights file (layers/<name>/vars/<i>)");
        }
        container(m, layers, h5, values);
        return ordered(m, values, h5);
    }

    private static void container(Model m, Group layers, KerasH5Reader h5, Map<Variable, Tensor> values) {
        Map<String, String> byName = namesInFile(layers, h5);
        Map<String, Integer> used = new HashMap<>();
        List<String> paths = new ArrayList<>();
        List<Layer> own = new ArrayList<>();
        for (Layer l : m.layers()) {
            if (l instanceof InputLayer) continue;
            own.add(l);
            paths.add(autoName(kerasClass(l), used));
        }
        boolean named = byName != null;
        for (Layer l : own) named = named && byName.containsKey(l.name());
        for (int i = 0; i < own.size(); i++) {
            Layer l = own.get(i);
            String p = named ? byName.get(l.name()) : paths.get(i);
            Node n = h5.child(layers, p);
            if (l instanceof Model) {
                if (l.weights().isEmpty()) continue;
                Group sub = n instanceof Group ? (Group) n : null;
                Node subLayers = sub == null ? null : h5.child(sub, "layers");
                if (!(subLayers instanceof Group)) throw missing(l, KerasH5Reader.path(layers, p) + "/layers", h5);
                container((Model) l, (Group) subLayers, h5, values);
                continue;
            }
            List<Variable> vars = l.weights();
            if (vars.isEmpty()) continue;
            if (!(n instanceof Group)) throw missing(l, KerasH5Reader.path(layers, p), h5);
            Node holder = RNN.contains(l.className()) ? h5.child((Group) n, "cell") : n;
            Node vg = holder instanceof Group ? h5.child((Group) holder, "vars") : null;
            if (!(vg instanceof Group)) throw missing(l, holder == null ? KerasH5Reader.path((Group) n, "cell") : KerasH5Reader.path((Group) holder, "vars"), h5);
            List<String> members = h5.members((Group) vg);
            if (members.size() != vars.size()) {
                throw h5.bad("layer '" + l.name() + "' (" + l.className() + ") has " + vars.size() + " weights " + shapes(vars) + ", '"
                        + vg.getPath() + "' holds " + members.size());
            }
            for (int j = 0; j < vars.size(); j++) {
                Dataset d = h5.dataset((Group) vg, Integer.toString(j), "weight " + j + " of layer '" + l.name() + "'");
                values.put(vars.get(j), h5.tensor(d, vars.get(j).shape(), "weight '" + vars.get(j).name() + "'"));
            }
        }
    }

    /** The file's layer groups by the {@code name} attribute on their {@code vars}, or null when some group has none. */
    private static Map<String, String> namesInFile(Group layers, KerasH5Reader h5) {
        Map<String, String> out = new HashMap<>();
        for (String member : h5.members(layers)) {
            Node g = h5.child(layers, member);
            Node vars = g instanceof Group ? h5.child((Group) g, "vars") : null;
            String name = vars == null ? null : h5.stringAttribute(vars, "name");
            if (name == null || out.put(name, member) != null) return null;
        }
        return out;
    }

    /** The weights of {@code m} from a legacy HDF5 group with {@code layer_names} (the root, or {@code model_weights}). */
    public static List<Tensor> legacy(Model m, KerasH5Reader h5, Group g) {
        List<String> names = h5.strings(g, "layer_names");
        if (names == null) throw h5.bad("'" + g.getPath() + "' has no layer_names attribute; expected Keras' save_weights layout");
        List<String> fileLayers = new ArrayList<>();
        List<List<String>> fileWeights = new ArrayList<>();
        for (String name : names) {
            Node n = h5.child(g, name);
            if (!(n instanceof Group)) throw h5.bad("layer_names lists '" + name + "', which is not a group in '" + g.getPath() + "'");
            List<String> w = h5.strings(n, "weight_names");
            if (w == null) throw h5.bad("layer group '" + n.getPath() + "' has no weight_names attribute");
            if (w.isEmpty()) continue;
            fileLayers.add(name);
            fileWeights.add(w);
        }
        List<Layer> own = new ArrayList<>();
        for (Layer l : m.layers()) if (!l.weights().isEmpty()) own.add(l);
        if (own.size() != fileLayers.size()) {
            List<String> mine = new ArrayList<>();
            for (Layer l : own) mine.add(l.name());
            throw h5.bad("the model has " + own.size() + " layers with weights " + preview(mine) + ", the file " + fileLayers.size() + " "
                    + preview(fileLayers) + " (legacy weights are matched by order, as Keras' load_weights does)");
        }
        Map<Variable, Tensor> values = new IdentityHashMap<>();
        for (int i = 0; i < own.size(); i++) {
            Layer l = own.get(i);
            List<Variable> vars = trainableFirst(l.weights());
            List<String> w = fileWeights.get(i);
            Group lg = (Group) h5.child(g, fileLayers.get(i));
            if (vars.size() != w.size()) {
                throw h5.bad("layer '" + l.name() + "' (layer with weights " + (i + 1) + " of " + own.size() + ") has " + vars.size() + " weights "
                        + shapes(vars) + ", the file's layer '" + fileLayers.get(i) + "' " + w.size() + " " + w);
            }
            for (int j = 0; j < vars.size(); j++) {
                values.put(vars.get(j), h5.tensor(datasetAt(h5, lg, w.get(j)), vars.get(j).shape(), "weight '" + vars.get(j).name()
                        + "' (from '" + w.get(j) + "')"));
            }
        }
        return ordered(m, values, h5);
    }

    private static Dataset datasetAt(KerasH5Reader h5, Group g, String path) {
        String[] parts = path.split("/");
        Group at = g;
        for (int i = 0; i < parts.length - 1; i++) {
            Node n = h5.child(at, parts[i]);
            if (!(n instanceof Group)) throw h5.bad("no group '" + parts[i] + "' in '" + at.getPath() + "' for weight '" + path + "'");
            at = (Group) n;
        }
        return h5.dataset(at, parts[parts.length - 1], "weight '" + path + "'");
    }

    /** Keras' {@code layer.weights}: trainable weights, then the others, each in creation order. */
    private static List<Variable> trainableFirst(List<Variable> vars) {
        List<Variable> out = new ArrayList<>();
        for (Variable v : vars) if (v.trainable()) out.add(v);
        for (Variable v : vars) if (!v.trainable()) out.add(v);
        return out;
    }

    private static List<Tensor> ordered(Model m, Map<Variable, Tensor> values, KerasH5Reader h5) {
        List<Tensor> out = new ArrayList<>();
        for (Variable v : m.weights()) {
            Tensor t = values.get(v);
            if (t == null) throw h5.bad("no value for weight '" + v.name() + "'");
            out.add(t);
        }
        return out;
    }

    /** Keras' class name for a Lamina layer (a plain functional model is {@code Functional}). */
    static String kerasClass(Layer l) {
        return l.getClass() == Model.class ? "Functional" : l.className();
    }

    /** Keras' {@code naming.to_snake_case} of the class, with {@code _1}, {@code _2}, ... for repeats in one container. */
    static String autoName(String className, Map<String, Integer> used) {
        String s = className.replaceAll("\\W+", "").replaceAll("(.)([A-Z][a-z]+)", "$1_$2").replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
        int k = used.merge(s, 1, Integer::sum) - 1;
        return k == 0 ? s : s + "_" + k;
    }

    private static IllegalArgumentException missing(Layer l, String path, KerasH5Reader h5) {
        return h5.bad("no weights for layer '" + l.name() + "' (" + l.className() + ") at '" + path + "'");
    }

    private static String shapes(List<Variable> vars) {
        List<String> s = new ArrayList<>();
        for (Variable v : vars) s.add(v.name().substring(v.name().lastIndexOf('/') + 1) + " " + v.shape());
        return s.toString();
    }

    private static String preview(List<String> l) {
        return l.size() <= 8 ? l.toString() : l.subList(0, 8) + " and " + (l.size() - 8) + " more";
    }
}
