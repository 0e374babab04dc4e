package dev.lamina.models;

import dev.lamina.layers.InputLayer;
import dev.lamina.layers.Layer;
import dev.lamina.layers.LayerNode;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.tensor.Variable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code model.summary()} in tf.keras 2.x's layout ({@code tensorflow/python/keras/utils/layer_utils.py}
 * print_summary): a chain prints Layer/Output Shape/Param # at 45%/85%/100% of 65 columns; any other graph adds
 * "Connected to", at 33%/55%/67%/100% of 98 columns. Rows are cut to their column, as tf.keras does.
 */
final class ModelSummary {
    private static final double[] CHAIN = {.45, .85, 1.};
    private static final double[] GRAPH = {.33, .55, .67, 1.};

    private ModelSummary() {
    }

    /** The summary text, one {@code \n}-terminated line per printed line; {@code lineLength <= 0} picks the default. */
    static String render(Model model, int lineLength) {
        boolean chain = model instanceof Sequential || model.isSequentialGraph();
        int width = lineLength > 0 ? lineLength : chain ? 65 : 98;
        double[] rel = chain ? CHAIN : GRAPH;
        int[] pos = new int[rel.length];
        for (int i = 0; i < rel.length; i++) pos[i] = (int) (width * rel[i]);
        StringBuilder out = new StringBuilder();
        line(out, "Model: \"" + model.name() + "\"");
        line(out, "_".repeat(width));
        row(out, pos, chain ? List.of("Layer (type)", "Output Shape", "Param #")
                : List.of("Layer (type)", "Output Shape", "Param #", "Connected to"));
        line(out, "=".repeat(width));
        // Keras' Sequential.layers leaves out the InputLayer.
        List<Layer> layers = model instanceof Sequential ? ((Sequential) model).stackedLayers() : model.layers();
        Set<LayerNode> own = Collections.newSetFromMap(new IdentityHashMap<>());
        own.addAll(model.nodes());
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            String first = l.name() + " (" + ModelConfig.className(l) + ")";
            String shape = outputShape(l);
            String params = Long.toString(l.countParams());
            if (chain) {
                row(out, pos, List.of(first, shape, params));
            } else {
                List<String> conn = connections(l, own);
                row(out, pos, List.of(first, shape, params, conn.isEmpty() ? "" : conn.get(0)));
                for (int k = 1; k < conn.size(); k++) row(out, pos, List.of("", "", "", conn.get(k)));
            }
            line(out, (i == layers.size() - 1 ? "=" : "_").repeat(width));
        }
        if (layers.isEmpty()) line(out, "=".repeat(width));
        long trainable = count(model.trainableWeights());
        long frozen = count(model.nonTrainableWeights());
        line(out, "Total params: " + grouped(trainable + frozen));
        line(out, "Trainable params: " + grouped(trainable));
        line(out, "Non-trainable params: " + grouped(frozen));
        line(out, "_".repeat(width));
        return out.toString();
    }

    /** tf.keras' print_row: each field overwrites the previous column's last character and is cut at its end. */
    private static void row(StringBuilder out, int[] pos, List<String> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0 && line.length() > 0) line.setLength(line.length() - 1);
            if (i > 0) line.append(' ');
            line.append(fields.get(i));
            if (line.length() > pos[i]) line.setLength(Math.max(0, pos[i]));
            while (line.length() < pos[i]) line.append(' ');
        }
        line(out, line.toString());
    }

    private static void line(StringBuilder out, String s) {
        out.append(s).append('\n');
    }

    /**
     * tf.keras' {@code layer.output_shape}: the shapes of the layer's calls if they all agree, else "multiple".
     * An InputLayer shows a list ({@code [(None, 32)]}), as tf.keras 2.x prints it; a model counts the call made
     * at its construction.
     */
    private static String outputShape(Layer l) {
        if (l instanceof InputLayer) return "[" + ((InputLayer) l).shape() + "]";
        Set<String> shapes = new LinkedHashSet<>();
        if (l instanceof Model) shapes.add(format(((Model) l).outputs()));
        for (LayerNode n : l.inboundNodes()) shapes.add(format(n.outputs()));
        return shapes.size() == 1 ? shapes.iterator().next() : "multiple";
    }

    private static String format(List<SymbolicTensor> outs) {
        if (outs.size() == 1) return outs.get(0).shape().toString();
        List<String> s = new ArrayList<>();
        for (SymbolicTensor t : outs) s.add(t.shape().toString());
        return "[" + String.join(", ", s) + "]";
    }

    /** {@code producer[node][tensor]} for every input of the layer's calls in this model. */
    private static List<String> connections(Layer l, Set<LayerNode> own) {
        List<String> out = new ArrayList<>();
        for (LayerNode n : l.inboundNodes()) {
            if (!own.contains(n)) continue;
            for (SymbolicTensor t : n.inputs()) out.add(t.name() + "[" + rawNodeIndex(t) + "][" + t.index() + "]");
        }
        return out;
    }

    /** The index among all the producer's calls; a model's own construction is its call 0 in tf.keras. */
    private static int rawNodeIndex(SymbolicTensor t) {
        Layer p = t.layer();
        if (p instanceof InputLayer) return 0;
        int k = p.inboundNodes().indexOf(t.node());
        return p instanceof Model ? k + 1 : k;
    }

    private static long count(List<Variable> vs) {
        long n = 0;
        for (Variable v : vs) n += v.size();
        return n;
    }

    private static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
