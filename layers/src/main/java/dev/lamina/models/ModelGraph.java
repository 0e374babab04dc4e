package dev.lamina.models;

import dev.lamina.layers.InputLayer;
import dev.lamina.layers.Layer;
import dev.lamina.layers.LayerNode;
import dev.lamina.layers.MaskedTensors;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The immutable structure of a functional model: its inputs, outputs, the layer calls in execution order, and the
 * layers in Keras' listing order (by depth from the outputs, inputs first). Internal to models.
 */
public final class ModelGraph {
    private final List<SymbolicTensor> inputs;
    private final List<SymbolicTensor> outputs;
    private final List<LayerNode> nodes;      // execution order, input nodes excluded
    private final List<Layer> layers;
    private final boolean chain;

    private ModelGraph(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs, List<LayerNode> nodes, List<Layer> layers, boolean chain) {
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.nodes = List.copyOf(nodes);
        this.layers = List.copyOf(layers);
        this.chain = chain;
    }

    /** Builds and validates the graph between {@code inputs} and {@code outputs} (iteratively, no recursion). */
    public static ModelGraph build(String owner, List<SymbolicTensor> inputs, List<SymbolicTensor> outputs) {
        if (inputs.isEmpty() || outputs.isEmpty()) {
            throw new IllegalArgumentException(owner + ": expected at least one input and one output, received " + inputs.size() + " and " + outputs.size());
        }
        Set<LayerNode> inputNodes = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (SymbolicTensor t : inputs) {
            if (!(t.layer() instanceof InputLayer)) {
                throw new IllegalArgumentException(owner + ": expected inputs made by Input.of(...), received a tensor produced by " + t.layer());
            }
            if (!inputNodes.add(t.node())) throw new IllegalArgumentException(owner + ": input '" + t.name() + "' is listed twice");
        }
        // Post-order DFS from the outputs gives an execution order.
        List<LayerNode> post = new ArrayList<>();
        Map<LayerNode, Integer> state = new IdentityHashMap<>();    // 1 = on stack, 2 = done
        for (SymbolicTensor out : outputs) {
            ArrayDeque<LayerNode> stack = new ArrayDeque<>();
            ArrayDeque<Integer> next = new ArrayDeque<>();
            if (state.containsKey(out.node())) continue;
            stack.push(out.node());
            next.push(0);
            state.put(out.node(), 1);
            while (!stack.isEmpty()) {
                LayerNode n = stack.peek();
                int i = next.pop();
                if (i < n.inputs().size() && !inputNodes.contains(n)) {
                    next.push(i + 1);
                    LayerNode in = n.inputs().get(i).node();
                    if (!state.containsKey(in)) {
                        state.put(in, 1);
                        stack.push(in);
                        next.push(0);
                    }
                    continue;
                }
                stack.pop();
                state.put(n, 2);
                if (n.layer() instanceof InputLayer && !inputNodes.contains(n)) {
                    throw new IllegalArgumentException(owner + ": graph disconnected: output depends on input '" + n.layer().name()
                            + "', which is not among the model's inputs " + names(inputs));
                }
                post.add(n);
            }
        }
        // Depth = longest distance to an output; Keras lists layers by decreasing depth.
        Map<LayerNode, Integer> depth = new IdentityHashMap<>();
        for (int k = post.size() - 1; k >= 0; k--) {
            LayerNode n = post.get(k);
            depth.putIfAbsent(n, 0);
            for (SymbolicTensor t : n.inputs()) {
                depth.merge(t.node(), depth.get(n) + 1, Math::max);
            }
        }
        List<LayerNode> ordered = new ArrayList<>(post);
        Map<LayerNode, Integer> postIndex = new IdentityHashMap<>();
        for (int k = 0; k < post.size(); k++) postIndex.put(post.get(k), k);
        ordered.sort(Comparator.<LayerNode>comparingInt(n -> -depth.get(n)).thenComparingInt(postIndex::get));
        List<Layer> layers = new ArrayList<>();
        for (SymbolicTensor t : inputs) layers.add(t.layer());
        Set<String> seen = new HashSet<>();
        for (Layer l : layers) seen.add(l.name());
        List<LayerNode> exec = new ArrayList<>();
        for (LayerNode n : post) if (!inputNodes.contains(n)) exec.add(n);
        for (LayerNode n : ordered) {
            if (inputNodes.contains(n) || layers.contains(n.layer())) continue;
            if (!seen.add(n.layer().name())) {
                throw new IllegalArgumentException(owner + ": the name '" + n.layer().name() + "' is used by two layers; layer names must be unique in a model");
            }
            layers.add(n.layer());
        }
        boolean chain = inputs.size() == 1 && outputs.size() == 1;
        for (LayerNode n : exec) chain &= n.inputs().size() == 1;
        chain &= exec.size() == layers.size() - 1;
        return new ModelGraph(inputs, outputs, exec, layers, chain);
    }

    private static List<String> names(List<SymbolicTensor> ts) {
        List<String> n = new ArrayList<>();
        for (SymbolicTensor t : ts) n.add(t.name());
        return n;
    }

    public List<SymbolicTensor> inputs() {
        return inputs;
    }

    public List<SymbolicTensor> outputs() {
        return outputs;
    }

    public List<LayerNode> nodes() {
        return nodes;
    }

    public List<Layer> layers() {
        return layers;
    }

    public boolean isChain() {
        return chain;
    }

    /** Checks concrete (or symbolic) input shapes against the model's inputs: same rank, equal known dimensions. */
    void checkInputs(Layer owner, List<Shape> received) {
        if (received.size() != inputs.size()) {
            throw new IllegalArgumentException(owner.className() + " '" + owner.name() + "': expected " + inputs.size()
                    + " input(s) " + names(inputs) + ", received " + received.size());
        }
        for (int i = 0; i < received.size(); i++) {
            Shape e = inputs.get(i).shape(), r = received.get(i);
            boolean ok = e.rank() == r.rank();
            for (int d = 1; ok && d < e.rank(); d++) ok = e.dim(d) == Shape.UNKNOWN || r.dim(d) == Shape.UNKNOWN || e.dim(d) == r.dim(d);
            if (!ok) {
                throw new IllegalArgumentException(owner.className() + " '" + owner.name() + "': input '" + inputs.get(i).name()
                        + "' expected shape " + e + ", received " + r);
            }
        }
    }

    /** Runs the graph on concrete inputs, by position. */
    List<Tensor> run(List<Tensor> in, boolean training) {
        return runWithMasks(in, null, training).values();
    }

    /**
     * Runs the graph on concrete inputs and their masks ({@code inMasks} null or one per input, null entries for
     * none), by position: every tensor carries its mask from the layer that made it to the layers it feeds
     * (Keras' {@code compute_mask}). Returns the outputs and their masks.
     */
    MaskedTensors runWithMasks(List<Tensor> in, List<Tensor> inMasks, boolean training) {
        Map<SymbolicTensor, Tensor> values = new IdentityHashMap<>();
        Map<SymbolicTensor, Tensor> masks = new IdentityHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            values.put(inputs.get(i), in.get(i));
            if (inMasks != null && inMasks.get(i) != null) masks.put(inputs.get(i), inMasks.get(i));
        }
        for (LayerNode n : nodes) {
            List<Tensor> args = new ArrayList<>(n.inputs().size());
            List<Tensor> argMasks = new ArrayList<>(n.inputs().size());
            for (SymbolicTensor t : n.inputs()) {
                args.add(values.get(t));
                argMasks.add(masks.get(t));
            }
            MaskedTensors outs = n.layer().forwardMasked(args, argMasks, training);
            for (int k = 0; k < outs.values().size(); k++) {
                values.put(n.outputs().get(k), outs.values().get(k));
                if (outs.masks().get(k) != null) masks.put(n.outputs().get(k), outs.masks().get(k));
            }
        }
        List<Tensor> result = new ArrayList<>(outputs.size());
        List<Tensor> resultMasks = new ArrayList<>(outputs.size());
        for (SymbolicTensor t : outputs) {
            result.add(values.get(t));
            resultMasks.add(masks.get(t));
        }
        return new MaskedTensors(result, resultMasks);
    }
}
