package dev.lamina.models;

import dev.lamina.layers.InputLayer;
import dev.lamina.layers.Layer;
import dev.lamina.layers.LayerNode;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.optimizers.Optimizer;
import dev.lamina.training.CompileOptions;
import dev.lamina.training.Compiled;
import dev.lamina.training.Dataset;
import dev.lamina.training.EvaluateOptions;
import dev.lamina.training.FitOptions;
import dev.lamina.training.History;
import dev.lamina.training.Trainer;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.Variable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A functional model: a DAG of layer calls from {@link dev.lamina.layers.Input}s to outputs, itself usable as a
 * layer. Built with {@link #of(List, List)}; trained with {@code compile}/{@code fit}.
 *
 * <p>Sharing a model between threads: {@code predict}, {@code evaluate}, {@code predictOnBatch} and
 * {@code testOnBatch} may be called from several threads at once, also while a fit runs; each evaluate keeps its
 * own metric state (its Metric objects are re-created from their config, so user metric classes must be
 * registered with {@code Metrics.register}), and each inference batch sees the weights either before or after a
 * training step, never halfway. One training call at a time: a second {@code fit} or {@code trainOnBatch} while
 * one runs, or {@code compile} during a fit, throws IllegalStateException at once. Changing weights directly
 * ({@code setWeights}, {@code loadWeights}) while other threads use the model is not guarded.
 */
public class Model extends Layer {
    private volatile ModelGraph graph;      // volatile: a model built from data on one thread is used on others

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

    /**
     * Builds a model that defers its build (a {@link Sequential} without an {@link InputLayer}) from the shapes of
     * its first data, batch dimension included; {@code fit}, {@code evaluate}, {@code predict} and the batch forms
     * call it before they read the data. A model that is built ignores the call; one that cannot build from data
     * says so.
     */
    public void buildFromData(List<Shape> inputShapes) {
        graph();
    }

    /** True once the model has its graph (and so its inputs and weights). */
    public boolean isGraphBuilt() {
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

    // ---------------------------------------------------------------- training (the loop is in Trainer)

    private Compiled compiled;
    private volatile boolean stopTraining;

    /** Keras' {@code compile(optimizer, loss, metrics)}: objects or string ids; see {@link CompileOptions}. */
    public void compile(Object optimizer, Object loss, Object... metrics) {
        compile(CompileOptions.of(optimizer, loss).metrics(metrics));
    }

    /** Compile with every option (loss weights, weighted metrics). Replaces any earlier compile. */
    public void compile(CompileOptions options) {
        compiled = Trainer.compile(this, options);
    }

    public boolean isCompiled() {
        return compiled != null;
    }

    /** The resolved compile configuration, or null before compile. */
    public Compiled compiled() {
        return compiled;
    }

    /** The compiled optimizer; callbacks read and change its learning rate. */
    public Optimizer getOptimizer() {
        if (compiled == null) throw new IllegalStateException("Model '" + name() + "' is not compiled: call compile(...) first");
        return compiled.optimizer();
    }

    /** Set by callbacks to end training after the current batch; reset at every fit. */
    public void setStopTraining(boolean stop) {
        stopTraining = stop;
    }

    public boolean isStopTraining() {
        return stopTraining;
    }

    /** Trains on one input and one target tensor. */
    public History fit(Tensor x, Tensor y, FitOptions options) {
        return Trainer.fit(this, x, y, options);
    }

    /** Trains on inputs and targets given by position. */
    public History fit(List<Tensor> x, List<Tensor> y, FitOptions options) {
        return Trainer.fit(this, x, y, options);
    }

    /** Trains on inputs and targets given by input and output name. */
    public History fit(Map<String, Tensor> x, Map<String, Tensor> y, FitOptions options) {
        return Trainer.fit(this, x, y, options);
    }

    /** Trains on a dataset of (x, y[, sample_weight]) batches. */
    public History fit(Dataset data, FitOptions options) {
        return Trainer.fit(this, data, options);
    }

    /** Loss and metrics on test data, by name in Keras' order. {@code x}/{@code y}: Tensor, List or Map. */
    public Map<String, Double> evaluate(Object x, Object y, EvaluateOptions options) {
        return Trainer.evaluate(this, x, y, options);
    }

    public Map<String, Double> evaluate(Object x, Object y, int batchSize) {
        return evaluate(x, y, EvaluateOptions.defaults().batchSize(batchSize));
    }

    public Map<String, Double> evaluate(Dataset data, EvaluateOptions options) {
        return Trainer.evaluate(this, data, options);
    }

    /** Batched inference for a single-output model (batch size 32). */
    public Tensor predict(Object x) {
        return predict(x, 32);
    }

    public Tensor predict(Object x, int batchSize) {
        List<Tensor> out = predictAll(x, batchSize);
        if (out.size() != 1) throw new IllegalStateException("Model '" + name() + "' has " + out.size() + " outputs: use predictAll or predictByName");
        return out.get(0);
    }

    /** Batched inference; one tensor per output, by position. */
    public List<Tensor> predictAll(Object x, int batchSize) {
        return Trainer.predict(this, x, batchSize, List.of());
    }

    /** Batched inference; outputs by name. */
    public Map<String, Tensor> predictByName(Object x, int batchSize) {
        List<Tensor> out = predictAll(x, batchSize);
        Map<String, Tensor> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < out.size(); i++) m.put(outputNames().get(i), out.get(i));
        return m;
    }

    public Map<String, Double> trainOnBatch(Object x, Object y) {
        return Trainer.trainOnBatch(this, x, y, null);
    }

    public Map<String, Double> trainOnBatch(Object x, Object y, Tensor sampleWeight) {
        return Trainer.trainOnBatch(this, x, y, sampleWeight);
    }

    public Map<String, Double> testOnBatch(Object x, Object y) {
        return Trainer.testOnBatch(this, x, y, null);
    }

    public List<Tensor> predictOnBatch(Object x) {
        return Trainer.predictOnBatch(this, x);
    }

    /** Checks one concrete input against the model's input {@code index}, naming it. */
    public void checkInputShape(int index, Shape received) {
        List<Shape> all = new ArrayList<>();
        for (int i = 0; i < inputs().size(); i++) all.add(i == index ? received : inputs().get(i).shape());
        graph().checkInputs(this, all);
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

    /** Passes the array on to the layers this input feeds, so a nested model's own first layers see it too. */
    @Override
    public void checkInputData(int input, Tensor data) {
        SymbolicTensor in = inputs().get(input);
        for (LayerNode node : nodes()) {
            for (int k = 0; k < node.inputs().size(); k++) if (node.inputs().get(k) == in) node.layer().checkInputData(k, data);
        }
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
        Set<Variable> seen = Collections.newSetFromMap(new IdentityHashMap<>());     // a shared layer's weights once
        for (Layer l : layers()) {
            for (Variable v : l.weights()) if (seen.add(v)) out.add(v);
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

    /**
     * Writes the weights, replacing the file atomically. A name ending in {@code .weights.h5} gets Keras 3's weights
     * file ({@code model.save_weights}: HDF5 groups {@code layers/<class>/vars/<i>} and, when compiled, the optimizer's
     * variables), which Python's {@code model.load_weights} reads; any other name (e.g. {@code .safetensors}) gets
     * safetensors keyed by variable name. Other {@code .h5} and {@code .keras} names are refused.
     */
    public void saveWeights(java.nio.file.Path path) {
        ModelWeights.save(this, path);
    }

    /**
     * Reads weights written by {@link #saveWeights}. As in Keras, they match by structure: the same architecture
     * built again (with other automatic layer names) loads them. Names match first; when they differ, the layers
     * with weights are matched in order, each layer's weights in order, with weight names and shapes checked. A
     * file that does not fit changes nothing and the error names the layer and both shapes.
     */
    public void loadWeights(java.nio.file.Path path) {
        ModelWeights.load(this, path);
    }

    /**
     * Writes the whole model (config, weights and, when compiled, the compile configuration and optimizer state) as
     * one file, atomically. The format follows the name: {@code .keras}, the default to use, writes Keras 3's format
     * (a zip of {@code metadata.json}, {@code config.json} and {@code model.weights.h5}, laid out as Keras 3.15 writes
     * it) that Python's {@code keras.saving.load_model} reads; it holds only layers, optimizers, losses and metrics
     * Keras has, and refuses others. {@code .h5}/{@code .hdf5} (Keras' legacy format) and {@code .weights.h5} are
     * refused. Any other name ({@code .lamina}, a checkpoint name without extension) writes Lamina's own zip with
     * safetensors inside, which holds every Lamina model, registered user classes included, and Keras cannot read.
     */
    public void save(java.nio.file.Path path) {
        ModelSaving.save(this, path);
    }

    /**
     * Rebuilds a model written by {@link #save}, compiled as it was saved and with its optimizer state (Keras'
     * {@code load_model}), so {@code evaluate} and {@code fit} carry on; a model saved uncompiled loads uncompiled.
     * User layers must be registered with {@link LayerRegistry}, user losses, metrics and optimizers with their
     * registries.
     */
    public static Model load(java.nio.file.Path path) {
        return ModelSaving.load(path, true);
    }

    /** {@link #load(java.nio.file.Path)}; with {@code compile} false, without the compile configuration and optimizer state. */
    public static Model load(java.nio.file.Path path, boolean compile) {
        return ModelSaving.load(path, compile);
    }
}
