package dev.lamina.serving;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.io.ProtoWriter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ONNX graph being written for a {@link FlatGraph}: its nodes and initializers, unique names, and each value's
 * names in the two layouts. Lamina's tensors are channels-last; ONNX's Conv, pooling and BatchNormalization are
 * channels-first, so a value can have a name in either layout, and a Transpose is written only when a node needs
 * the layout the value does not have yet (a chain of convolutions and pooling stays channels-first).
 */
final class OnnxGraph {
    final FlatGraph flat;
    private final String[] last;
    private final String[] first;
    private final Set<String> names = new HashSet<>();
    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();

    OnnxGraph(FlatGraph flat) {
        this.flat = flat;
        last = new String[flat.shapes.size()];
        first = new String[flat.shapes.size()];
        names.addAll(flat.inputNames);
        names.addAll(flat.outputNames);
        for (int i = 0; i < flat.inputs.length; i++) last[flat.inputs[i]] = flat.inputNames.get(i);
    }

    /** Value {@code v}'s rank with the batch dimension. */
    int rank(int v) {
        return flat.shapes.get(v).rank() + 1;
    }

    Shape sample(int v) {
        return flat.shapes.get(v);
    }

    /** A name not used yet, from {@code base}. */
    String fresh(String base) {
        String n = base;
        for (int k = 1; !names.add(n); k++) n = base + "_" + k;
        return n;
    }

    /** Value {@code v} channels-last (the model's own layout), transposing from channels-first if need be. */
    String last(int v) {
        if (last[v] == null) last[v] = transpose(first[v], toLast(rank(v)), first[v] + "_nhwc");
        return last[v];
    }

    /** Value {@code v} channels-first ({@code [N, C, spatial...]}), transposing from channels-last if need be. */
    String first(int v) {
        if (first[v] == null) first[v] = transpose(last(v), toFirst(rank(v)), last[v] + "_nchw");
        return first[v];
    }

    /** True when value {@code v} is already channels-first (so elementwise ops can stay there). */
    boolean hasFirst(int v) {
        return first[v] != null;
    }

    void setLast(int v, String name) {
        last[v] = name;
    }

    void setFirst(int v, String name) {
        first[v] = name;
    }

    /** Value {@code to} is value {@code from} in both layouts (removed or reshaping-free layers). */
    void alias(int from, int to) {
        last[to] = last[from];
        first[to] = first[from];
    }

    /** Writes a node with one output named from {@code base}; returns that name. */
    String node(String op, String base, String[] inputs, ProtoWriter... attributes) {
        String out = fresh(base);
        nodes.add(OnnxProto.node(op, out, inputs, new String[]{out}, attributes));
        return out;
    }

    /** A node whose output has a name chosen by the caller (the graph's outputs). */
    void nodeNamed(String op, String out, String[] inputs) {
        nodes.add(OnnxProto.node(op, out, inputs, new String[]{out}));
    }

    String floats(String base, int[] dims, float[] values) {
        String n = fresh(base);
        initializers.add(OnnxProto.floatTensor(n, dims, values));
        return n;
    }

    String int64s(String base, long... values) {
        String n = fresh(base);
        initializers.add(OnnxProto.int64Tensor(n, values));
        return n;
    }

    private String transpose(String from, long[] perm, String base) {
        return node("Transpose", base, new String[]{from}, OnnxProto.attrInts("perm", perm));
    }

    static long[] toFirst(int rank) {
        long[] p = new long[rank];
        p[1] = rank - 1;
        for (int i = 2; i < rank; i++) p[i] = i - 1;
        return p;
    }

    static long[] toLast(int rank) {
        long[] p = new long[rank];
        for (int i = 1; i < rank - 1; i++) p[i] = i + 1;
        p[rank - 1] = 1;
        return p;
    }

    /** The GraphProto: nodes (1), name (2), initializers (5), inputs (11), outputs (12). */
    ProtoWriter graph(String name) {
        ProtoWriter g = new ProtoWriter();
        for (ProtoWriter n : nodes) g.message(1, n);
        g.string(2, name);
        for (ProtoWriter t : initializers) g.message(5, t);
        for (int i = 0; i < flat.inputs.length; i++) g.message(11, OnnxProto.valueInfo(flat.inputNames.get(i), sample(flat.inputs[i])));
        for (int o = 0; o < flat.outputs.length; o++) g.message(12, OnnxProto.valueInfo(flat.outputNames.get(o), sample(flat.outputs[o])));
        return g;
    }
}
