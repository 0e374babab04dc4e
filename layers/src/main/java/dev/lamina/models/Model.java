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

    // ---------------------------------------------------------------- summary, weights and files (see ModelSummary, ModelWeights, ModelSaving)

    /** Prints tf.keras 2.x's summary table to System.out. */
    public void summary() {
        summary(System.out);
    }

    public void summary(java.io.PrintStream out) {
        out.print(summaryString());
        out.flush();
    }

    /** Prints the summary with lines {@code lineLength} characters wide. */
    public void summary(int lineLength) {
        System.out.print(ModelSummary.render(this, lineLength));
        System.out.flush();
    }

    public String summaryString() {
        return ModelSummary.render(this, 0);
    }

    /** Copies of the weights' values, in {@link #weights()} order. */
    public List<Tensor> getWeights() {
        return ModelWeights.get(this);
    }

    /** Sets every weight (in {@link #weights()} order); checks all shapes before writing any. */
    public void setWeights(List<Tensor> values) {
        ModelWeights.set(this, values);
    }

    /** Writes the weights as safetensors, keyed by variable name; the file is replaced atomically. */
    public void saveWeights(java.nio.file.Path path) {
        ModelWeights.save(this, path);
    }

    /** Reads weights written by {@link #saveWeights}; a file that does not match exactly changes nothing. */
    public void loadWeights(java.nio.file.Path path) {
        ModelWeights.load(this, path);
    }

    /** Writes config, metadata and weights as one zip file (like Keras' .keras), atomically. */
    public void save(java.nio.file.Path path) {
        ModelSaving.save(this, path);
    }

    /** Rebuilds a model written by {@link #save}; user layers must be registered with {@link LayerRegistry}. */
    public static Model load(java.nio.file.Path path) {
        return ModelSaving.load(path);
    }
}
