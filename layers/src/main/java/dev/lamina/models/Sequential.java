package dev.lamina.models;

import dev.lamina.layers.InputLayer;
import dev.lamina.layers.Layer;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A plain stack of layers, each feeding the next. Start it with an {@link InputLayer} to build the graph as layers
 * are added, or let the first batch of data fix the input shape: without an InputLayer it can be compiled at once
 * and builds at its first {@code fit}, {@code evaluate}, {@code predict} or batch call ({@link #buildFromData}).
 */
public class Sequential extends Model {
    private final List<Layer> stack = new ArrayList<>();
    private InputLayer input;
    private SymbolicTensor last;          // output of the last applied layer
    private int applied;                  // how many stacked layers are in the graph

    public Sequential(Layer... layers) {
        super("sequential");
        for (Layer l : layers) add(l);
    }

    @Override
    public Sequential name(String n) {
        super.name(n);
        return this;
    }

    /** Appends a layer; the first may be an InputLayer, which fixes the input shape. */
    public Sequential add(Layer layer) {
        if (layer instanceof InputLayer) {
            if (input != null || !stack.isEmpty()) {
                throw new IllegalArgumentException("Sequential '" + name() + "': an InputLayer can only be the first layer");
            }
            input = (InputLayer) layer;
        } else {
            stack.add(layer);
        }
        if (input != null) rebuild();
        return this;
    }

    /** The added layers, without the input layer. */
    public List<Layer> stackedLayers() {
        return Collections.unmodifiableList(stack);
    }

    private void rebuild() {
        if (last == null) last = input.output();
        for (; applied < stack.size(); applied++) last = stack.get(applied).apply(last);
        setGraph(ModelGraph.build("Sequential '" + name() + "'", List.of(input.output()), List.of(last)));
    }

    @Override
    protected ModelGraph graph() {
        if (!hasGraph() && input != null) rebuild();
        return super.graph();
    }

    /** Builds the graph for samples of shape {@code sampleShape} (without batch) if no InputLayer was given. */
    public void buildFor(Shape sampleShape) {
        if (input != null) return;
        input = new InputLayer(null, sampleShape.toArray());
        rebuild();
    }

    /** Without an InputLayer, builds for the first data's samples; a built Sequential ignores the call. */
    @Override
    public synchronized void buildFromData(List<Shape> inputShapes) {     // two threads' first calls build once
        if (hasGraph() || input != null) return;
        if (inputShapes.size() != 1 || inputShapes.get(0).rank() < 1) {
            throw new IllegalArgumentException("Sequential '" + name() + "': expected one input with a batch dimension to build from, received shapes " + inputShapes);
        }
        if (stack.isEmpty()) throw new IllegalStateException("Sequential '" + name() + "' has no layers: add(...) some before using it");
        buildFor(inputShapes.get(0).dropFirst());
    }

    /** Before the build, the last layer's name (what the built output is called), so that compile can come first. */
    @Override
    public List<String> outputNames() {
        if (hasGraph() || input != null) return super.outputNames();
        if (stack.isEmpty()) throw new IllegalStateException("Sequential '" + name() + "' has no layers: add(...) some before compile or use");
        return List.of(stack.get(stack.size() - 1).name());
    }

    @Override
    protected List<Tensor> callAll(List<Tensor> inputs, boolean training) {
        if (!hasGraph() && inputs.size() == 1) buildFor(inputs.get(0).shape().dropFirst());
        return super.callAll(inputs, training);
    }

    @Override
    protected void checkInputs(List<Shape> received) {
        if (!hasGraph() && received.size() == 1) buildFor(received.get(0).dropFirst());
        super.checkInputs(received);
    }
}
