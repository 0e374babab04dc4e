package dev.lamina.serving;

import dev.lamina.layers.Layer;
import dev.lamina.models.Model;
import dev.lamina.tensor.Shape;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's graph with nested models inlined: numbered values (each with its sample shape, batch dimension left
 * out) and the layer calls between them in execution order. What the predictor and the ONNX export walk.
 */
final class FlatGraph {
    private static final int MAX_NESTING = 32;

    /** One layer call: the values it reads and writes. */
    record Node(Layer layer, int[] in, int[] out) {
    }

    final List<Shape> shapes = new ArrayList<>();
    final List<Node> nodes = new ArrayList<>();
    final int[] inputs;
    final int[] outputs;
    final List<String> inputNames;
    final List<String> outputNames;

    FlatGraph(Model model) {
        inputNames = List.copyOf(model.inputNames());
        outputNames = List.copyOf(model.outputNames());
        inputs = new int[model.inputs().size()];
        for (int i = 0; i < inputs.length; i++) inputs[i] = value(model.inputs().get(i).shape().dropFirst());
        outputs = flatten(model, inputs, 0);
    }

    private int value(Shape sample) {
        shapes.add(sample);
        return shapes.size() - 1;
    }

    /** Appends the model's calls to {@link #nodes}, its inputs bound to {@code in}; returns its outputs' values. */
    private int[] flatten(Model m, int[] in, int depth) {
        if (depth > MAX_NESTING) throw new IllegalArgumentException("models are nested more than " + MAX_NESTING + " deep");
        Map<Object, Integer> values = new IdentityHashMap<>();
        for (int i = 0; i < in.length; i++) values.put(m.inputs().get(i), in[i]);
        for (var node : m.nodes()) {
            int[] args = new int[node.inputs().size()];
            for (int k = 0; k < args.length; k++) args[k] = values.get(node.inputs().get(k));
            int[] outs;
            if (node.layer() instanceof Model) {
                outs = flatten((Model) node.layer(), args, depth + 1);
            } else {
                outs = new int[node.outputs().size()];
                for (int k = 0; k < outs.length; k++) outs[k] = value(node.outputs().get(k).shape().dropFirst());
                nodes.add(new Node(node.layer(), args, outs));
            }
            for (int k = 0; k < outs.length; k++) values.put(node.outputs().get(k), outs[k]);
        }
        int[] result = new int[m.outputs().size()];
        for (int k = 0; k < result.length; k++) result[k] = values.get(m.outputs().get(k));
        return result;
    }

    /** How many nodes read each value, plus one for each time it is a model output. */
    int[] uses() {
        int[] uses = new int[shapes.size()];
        for (Node n : nodes) for (int v : n.in) uses[v]++;
        for (int v : outputs) uses[v]++;
        return uses;
    }

    /** The node after {@code producer} reading {@code value} (its only use), when it is a {@code type}; else -1. */
    int nextUse(int producer, int value, Class<? extends Layer> type) {
        for (int j = producer + 1; j < nodes.size(); j++) {
            for (int v : nodes.get(j).in) if (v == value) return type.isInstance(nodes.get(j).layer) && nodes.get(j).in.length == 1 ? j : -1;
        }
        return -1;
    }
}
