package dev.lamina.models;

import dev.lamina.layers.InputLayer;
import dev.lamina.layers.Layer;
import dev.lamina.layers.LayerNode;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.Variable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A functional model: a DAG of layer calls from {@link dev.lamina.layers.Input}s to outputs, itself usable as a
 * layer. Built with {@link #of(List, List)}; trained with {@code compile}/{@code fit}.
 */
public class Model extends Layer {
    private ModelGraph graph;

    protected Model() {
        super("functional");
    }

    protected Model(String baseName) {
        super(baseName);
    }

    /** A single-input, single-output model. */
    public static Model of(SymbolicTensor input, SymbolicTensor output) {
        return of(List.of(input), List.of(output));
    }

    /** A model from its inputs to its outputs; both orders are kept (lists by position follow them). */
    public static Model of(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs) {
        Model m = new Model();
        m.setGraph(ModelGraph.build("Model", inputs, outputs));
        return m;
    }

    @Override
    public Model name(String n) {
        super.name(n);
        return this;
    }

    protected final void setGraph(ModelGraph g) {
        graph = g;
    }

    /** The graph; subclasses that build lazily (Sequential) override to build it first. */
    protected ModelGraph graph() {
        if (graph == null) throw new IllegalStateException(className() + " '" + name() + "' has no inputs yet: add an InputLayer or call it on data first");
        return graph;
    }

    protected final boolean hasGraph() {
        return graph != null;
    }

    // ---------------------------------------------------------------- structure

    /** The layers in Keras' order (inputs first, then by depth), each once. */
    public List<Layer> layers() {
        return graph().layers();
    }

    /** The layer called {@code name}; throws listing the names when there is none. */
    public Layer getLayer(String layerName) {
        for (Layer l : layers()) if (l.name().equals(layerName)) return l;
        List<String> names = new ArrayList<>();
        for (Layer l : layers()) names.add(l.name());
        throw new IllegalArgumentException(className() + " '" + name() + "': no layer named '" + layerName + "'; layers: " + names);
    }

    public Layer getLayer(int index) {
        return layers().get(index);
    }

    public List<SymbolicTensor> inputs() {
        return graph().inputs();
    }

    public List<SymbolicTensor> outputs() {
        return graph().outputs();
    }

    /** Input names (the InputLayers' names), by position. */
    public List<String> inputNames() {
        List<String> n = new ArrayList<>();
        for (SymbolicTensor t : inputs()) n.add(t.name());
        return n;
    }

    /** Output names (the producing layers' names), by position. */
    public List<String> outputNames() {
        List<String> n = new ArrayList<>();
        for (SymbolicTensor t : outputs()) n.add(t.name());
        return n;
    }

    /** The nodes in execution order (without the input nodes). */
    public List<LayerNode> nodes() {
        return graph().nodes();
    }

    /** True when the graph is a plain chain (summary() then omits "Connected to"). */
    public boolean isSequentialGraph() {
        return graph().isChain();
    }

    // ---------------------------------------------------------------- as a layer

    @Override
    protected void build(List<Shape> inputShapes) {
        // Built at construction; nothing to create.
    }

    @Override
    protected void checkInputs(List<Shape> received) {
        graph().checkInputs(this, received);
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> inputShapes) {
        List<Shape> out = new ArrayList<>();
        for (SymbolicTensor t : outputs()) out.add(t.shape());
        return out;
    }

    @Override
    protected List<Tensor> callAll(List<Tensor> inputs, boolean training) {
        return graph().run(inputs, training);
    }

    /** Runs the model on concrete inputs (by position) and returns the outputs (by position). */
    public List<Tensor> forwardAll(List<Tensor> inputs, boolean training) {
        return forward(inputs, training);
    }

    @Override
    public List<Variable> weights() {
        List<Variable> out = new ArrayList<>();
        for (Layer l : layers()) {
            for (Variable v : l.weights()) if (!out.contains(v)) out.add(v);
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public void setTrainable(boolean value) {
        super.setTrainable(value);
        for (Layer l : layers()) l.setTrainable(value);
    }

    @Override
    public List<Tensor> regularizationLosses() {
        List<Tensor> out = new ArrayList<>();
        for (Layer l : layers()) out.addAll(l.regularizationLosses());
        return out;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.putAll(ModelConfig.graphConfig(this));
        return c;
    }

    /** True for the input layers of this model. */
    public boolean isInputLayer(Layer l) {
        return l instanceof InputLayer && layers().contains(l) && inputs().stream().anyMatch(t -> t.layer() == l);
    }
}
