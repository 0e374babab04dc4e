package dev.lamina.models;

import dev.lamina.layers.InputLayer;
import dev.lamina.layers.Layer;
import dev.lamina.layers.LayerNode;
import dev.lamina.layers.LayerSink;
import dev.lamina.layers.MaskedTensors;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.optimizers.Optimizer;
import dev.lamina.metrics.Metric;
import dev.lamina.tensor.NoGrad;
import dev.lamina.training.Batch;
import dev.lamina.training.CompileOptions;
import dev.lamina.training.Compiled;
import dev.lamina.training.Data;
import dev.lamina.training.Dataset;
import dev.lamina.training.DefaultSteps;
import dev.lamina.training.EvaluateOptions;
import dev.lamina.training.FitOptions;
import dev.lamina.training.History;
import dev.lamina.training.Logs;
import dev.lamina.training.Trainable;
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
 * A model: a functional DAG of layer calls from {@link dev.lamina.layers.Input}s to outputs ({@link #of(List, List)}),
 * a {@link Sequential}, or a subclass that overrides {@code call} (Keras' subclassed model). Itself usable as a
 * layer; trained with {@code compile}/{@code fit}, whose steps it may override ({@link #trainStep}).
 *
 * <p>Subclassing: extend Model, hold layers in fields (or in lists, maps or arrays of layers), and override
 * {@code call(Tensor, boolean)} (one input) or {@code call(List, boolean)} (several), calling each layer with
 * {@code layer.apply(x, training)}. The layers held in fields (of this class and its superclasses below Model,
 * declaration order, superclass first) are tracked when the model is first called: their weights, also those of
 * nested models and composite layers, are the model's, with nothing listed twice. The model builds on its first
 * {@code fit}/{@code evaluate}/{@code predict} (a call with a batch of one, to learn its outputs); its outputs are
 * named {@code output_1}, {@code output_2}, ... and take data by position.
 *
 * <p>Sharing a model between threads: {@code predict}, {@code evaluate}, {@code predictOnBatch} and
 * {@code testOnBatch} may be called from several threads at once, also while a fit runs; each evaluate keeps its
 * own metric state (its Metric objects are re-created from their config, so user metric classes must be
 * registered with {@code Metrics.register}), and each inference batch sees the weights either before or after a
 * training step, never halfway. One training call at a time: a second {@code fit} or {@code trainOnBatch} while
 * one runs, or {@code compile} during a fit, throws IllegalStateException at once. Changing weights directly
 * ({@code setWeights}, {@code loadWeights}) while other threads use the model is not guarded.
 */
public class Model extends Layer implements Trainable, LayerSink {
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
     * Builds a model that defers its build (a {@link Sequential} without an {@link InputLayer}, a subclassed model)
     * from the shapes of its first data, batch dimension included; {@code fit}, {@code evaluate}, {@code predict}
     * and the batch forms call it before they read the data. A subclassed model runs {@code call} once on zeros
     * (a batch of one, inference mode, no gradients) so its layers build and its outputs are known. A model that
     * is built ignores the call; one that cannot build from data says so.
     */
    @Override
    public void buildFromData(List<Shape> inputShapes) {
        if (!isSubclassed()) {
            graph();
            return;
        }
        synchronized (this) {
            if (subclassOutputs != null) return;
            List<Tensor> probes = new ArrayList<>();
            for (Shape s : inputShapes) {
                if (s.rank() < 1) throw new IllegalArgumentException(className() + " '" + name() + "': expected inputs with a batch dimension, received " + inputShapes);
                probes.add(Tensor.zeros(s.withDim(0, 1)));
            }
            List<Tensor> outs;
            try (NoGrad ignored = NoGrad.enter()) {
                outs = forward(probes, false);
            }
            List<Shape> shapes = new ArrayList<>();
            for (Tensor t : outs) shapes.add(t.shape().withDim(0, Shape.UNKNOWN));
            subclassOutputs = List.copyOf(shapes);
        }
    }

    private volatile List<Shape> subclassOutputs;    // a subclassed model's output shapes, once built

    /** True once the model knows its inputs, outputs and weights. */
    @Override
    public boolean isGraphBuilt() {
        return graph != null || subclassOutputs != null;
    }

    /** A layer made by a Kotlin factory in a field initialiser: a subclassed model keeps it in that field. */
    @Override
    public <L extends Layer> L made(L layer) {
        return layer;
    }

    /** True for a model whose {@code call} a subclass defines (no graph of layer calls). */
    public boolean isSubclassed() {
        return graph == null && !(this instanceof Sequential);
    }

    // ---------------------------------------------------------------- structure

    /** The layers in Keras' order (inputs first, then by depth), each once; a subclassed model's tracked layers. */
    @Override
    public List<Layer> layers() {
        return isSubclassed() ? trackedLayers() : graph().layers();
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

    /** Input names (the InputLayers' names; a subclassed model's {@code input_1}, ...), by position. */
    @Override
    public List<String> inputNames() {
        if (isSubclassed()) {
            requireBuilt();
            return numbered("input", builtInputShapes().size());
        }
        List<String> n = new ArrayList<>();
        for (SymbolicTensor t : inputs()) n.add(t.name());
        return n;
    }

    /** Output names (the producing layers' names; a subclassed model's {@code output_1}, ...), by position. */
    @Override
    public List<String> outputNames() {
        if (isSubclassed()) return numbered("output", requireBuilt().size());
        List<String> n = new ArrayList<>();
        for (SymbolicTensor t : outputs()) n.add(t.name());
        return n;
    }

    /** Output shapes (batch dimension unknown), by position. */
    @Override
    public List<Shape> outputShapes() {
        if (isSubclassed()) return requireBuilt();
        List<Shape> out = new ArrayList<>();
        for (SymbolicTensor t : outputs()) out.add(t.shape());
        return out;
    }

    private List<Shape> requireBuilt() {
        List<Shape> s = subclassOutputs;
        if (s == null) {
            throw new IllegalStateException(className() + " '" + name() + "' is not built yet: it builds at its first fit, evaluate or predict"
                    + " (or call buildFromData with its input shapes)");
        }
        return s;
    }

    private static List<String> numbered(String stem, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) out.add(stem + "_" + i);
        return out;
    }

    /** The nodes in execution order (without the input nodes); none for a subclassed model. */
    public List<LayerNode> nodes() {
        return isSubclassed() ? List.of() : graph().nodes();
    }

    /** True when the graph is a plain chain (summary() then omits "Connected to"); a subclassed model counts as one. */
    public boolean isSequentialGraph() {
        return isSubclassed() || graph().isChain();
    }

    // ---------------------------------------------------------------- compile, fit, evaluate, predict (the loop is in Trainer)

    private volatile Compiled compiled;
    private volatile CompileOptions pendingCompile;     // a model whose outputs are not known yet resolves it when built
    private volatile boolean stopTraining;

    /** Keras' {@code compile(optimizer, loss, metrics)}: objects or string ids; see {@link CompileOptions}. */
    public void compile(Object optimizer, Object loss, Object... metrics) {
        compile(CompileOptions.of(optimizer, loss).metrics(metrics));
    }

    /**
     * Compile with every option (loss weights, weighted metrics). Replaces any earlier compile. A subclassed model
     * not yet called resolves the options against its outputs when it builds, at its first fit or evaluate.
     */
    public void compile(CompileOptions options) {
        if (options == null) throw new IllegalArgumentException("compile: expected CompileOptions, received null");
        if (isSubclassed() && !isGraphBuilt()) {
            Trainer.requireNotTraining(this, "compile");
            pendingCompile = options;
            compiled = null;
            return;
        }
        compiled = Trainer.compile(this, options);
        pendingCompile = null;
    }

    @Override
    public boolean isCompiled() {
        return compiled != null || pendingCompile != null;
    }

    /** The resolved compile configuration, or null before compile (or before a deferred model is built). */
    @Override
    public Compiled compiled() {
        if (compiled == null && pendingCompile != null && isGraphBuilt()) {
            synchronized (this) {
                if (compiled == null) compiled = Trainer.compile(this, pendingCompile);
            }
        }
        return compiled;
    }

    /** The compiled optimizer; callbacks read and change its learning rate. */
    @Override
    public Optimizer getOptimizer() {
        Compiled c = compiled();
        if (c == null) throw new IllegalStateException("Model '" + name() + "' is not compiled (or not built yet): call compile(...) and fit first");
        return c.optimizer();
    }

    /** Set by callbacks to end training after the current batch; reset at every fit. */
    @Override
    public void setStopTraining(boolean stop) {
        stopTraining = stop;
    }

    @Override
    public boolean isStopTraining() {
        return stopTraining;
    }

    /** Trains on one input and one target tensor. */
    public History fit(Tensor x, Tensor y, FitOptions options) {
        return fit(data(x), data(y), options);
    }

    /** Trains on inputs and targets as a tensor, a list by position or a map by name ({@link Data}). */
    public History fit(Data x, Data y, FitOptions options) {
        return new Trainer(this).fit(x, y, options);
    }

    /** Trains on a dataset of (x, y[, sample_weight]) batches. */
    public History fit(Dataset data, FitOptions options) {
        return new Trainer(this).fit(data, options);
    }

    /** Loss and metrics on one input and one target tensor, by name in Keras' order. */
    public Map<String, Double> evaluate(Tensor x, Tensor y, EvaluateOptions options) {
        return evaluate(data(x), data(y), options);
    }

    /** Loss and metrics on test data as a tensor, a list by position or a map by name. */
    public Map<String, Double> evaluate(Data x, Data y, EvaluateOptions options) {
        return new Trainer(this).evaluate(x, y, options);
    }

    public Map<String, Double> evaluate(Tensor x, Tensor y, int batchSize) {
        return evaluate(data(x), data(y), EvaluateOptions.defaults().batchSize(batchSize));
    }

    public Map<String, Double> evaluate(Data x, Data y, int batchSize) {
        return evaluate(x, y, EvaluateOptions.defaults().batchSize(batchSize));
    }

    public Map<String, Double> evaluate(Dataset data, EvaluateOptions options) {
        return new Trainer(this).evaluate(data, options);
    }

    /** Batched inference for a single-input, single-output model (batch size 32). */
    public Tensor predict(Tensor x) {
        return predict(data(x), 32);
    }

    public Tensor predict(Tensor x, int batchSize) {
        return predict(data(x), batchSize);
    }

    /** Batched inference for a single-output model. */
    public Tensor predict(Data x, int batchSize) {
        return single(predictAll(x, batchSize));
    }

    /** Inference over a dataset's batches for a single-output model. */
    public Tensor predict(Dataset data) {
        return single(new Trainer(this).predict(data, List.of()));
    }

    private Tensor single(List<Tensor> out) {
        if (out.size() != 1) throw new IllegalStateException("Model '" + name() + "' has " + out.size() + " outputs: use predictAll or predictByName");
        return out.get(0);
    }

    /** Batched inference; one tensor per output, by position. */
    public List<Tensor> predictAll(Data x, int batchSize) {
        return new Trainer(this).predict(x, batchSize, List.of());
    }

    /** Batched inference; outputs by name. */
    public Map<String, Tensor> predictByName(Data x, int batchSize) {
        List<Tensor> out = predictAll(x, batchSize);
        Map<String, Tensor> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < out.size(); i++) m.put(outputNames().get(i), out.get(i));
        return m;
    }

    public Map<String, Double> trainOnBatch(Tensor x, Tensor y) {
        return trainOnBatch(data(x), data(y), null);
    }

    public Map<String, Double> trainOnBatch(Data x, Data y, Tensor sampleWeight) {
        return new Trainer(this).trainOnBatch(x, y, sampleWeight);
    }

    public Map<String, Double> testOnBatch(Tensor x, Tensor y) {
        return testOnBatch(data(x), data(y), null);
    }

    public Map<String, Double> testOnBatch(Data x, Data y, Tensor sampleWeight) {
        return new Trainer(this).testOnBatch(x, y, sampleWeight);
    }

    public List<Tensor> predictOnBatch(Tensor x) {
        return predictOnBatch(data(x));
    }

    public List<Tensor> predictOnBatch(Data x) {
        return new Trainer(this).predictOnBatch(x);
    }

    /** A tensor as data; null stays null so the call's own check names the argument. */
    private static Data data(Tensor t) {
        return t == null ? null : Data.of(t);
    }

    // ---------------------------------------------------------------- the step hooks (Keras 3's Trainer)

    /**
     * Keras' {@code train_step}: what {@code fit} does with one batch. Override to customise training and keep
     * everything else (callbacks, progress bar, validation, resume): record the forward pass and the loss, take
     * gradients ({@link dev.lamina.tensor.GradientTape}), {@code getOptimizer().apply(grads, vars)}, and return
     * {@code computeMetrics(...)} or logs of your own. The batch's tensors follow the model's input and output
     * positions; the step runs holding the model's weights lock.
     */
    @Override
    public Logs trainStep(Batch batch) {
        return DefaultSteps.trainStep(this, batch);
    }

    /** Keras' {@code test_step}: what {@code evaluate} and validation do with one batch (under NoGrad). */
    @Override
    public Logs testStep(Batch batch) {
        return DefaultSteps.testStep(this, batch);
    }

    /** Keras' {@code predict_step}: the outputs for one batch, by position (under NoGrad). */
    @Override
    public List<Tensor> predictStep(Batch batch) {
        return forwardAll(batch.inputs(), false);
    }

    /** Keras' {@code compute_loss}: the compiled losses (weighted) plus the layers' regularization penalties. */
    @Override
    public Tensor computeLoss(List<Tensor> x, List<Tensor> y, List<Tensor> yPred, Tensor sampleWeight, boolean training) {
        return DefaultSteps.computeLoss(this, y, yPred, sampleWeight);
    }

    /** Keras' {@code compute_metrics}: updates the compiled metrics; returns the logs (loss first). */
    @Override
    public Logs computeMetrics(List<Tensor> x, List<Tensor> y, List<Tensor> yPred, Tensor sampleWeight) {
        return DefaultSteps.computeMetrics(this, y, yPred, sampleWeight);
    }

    /** Keras' {@code model.metrics}: reset by the loop at each epoch and evaluation; override to add your own trackers. */
    @Override
    public List<Metric> metrics() {
        return DefaultSteps.metrics(this);
    }

    /** Checks one concrete input against the model's input {@code index}, naming it. */
    @Override
    public void checkInputShape(int index, Shape received) {
        if (isSubclassed()) {
            List<Shape> all = new ArrayList<>(builtInputShapes());
            if (index < all.size()) all.set(index, received);
            super.checkInputs(all);
            return;
        }
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
        if (isSubclassed()) super.checkInputs(received);
        else graph().checkInputs(this, received);
    }

    /** Passes the array on to the layers this input feeds, so a nested model's own first layers see it too. */
    @Override
    public void checkInputData(int input, Tensor data) {
        if (isSubclassed()) return;
        SymbolicTensor in = inputs().get(input);
        for (LayerNode node : nodes()) {
            for (int k = 0; k < node.inputs().size(); k++) if (node.inputs().get(k) == in) node.layer().checkInputData(k, data);
        }
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> inputShapes) {
        if (isSubclassed()) return super.computeOutputShapes(inputShapes);
        List<Shape> out = new ArrayList<>();
        for (SymbolicTensor t : outputs()) out.add(t.shape());
        return out;
    }

    @Override
    protected List<Tensor> callAll(List<Tensor> inputs, boolean training) {
        return isSubclassed() ? super.callAll(inputs, training) : graph().run(inputs, training);
    }

    /** Runs the model on concrete inputs (by position) and returns the outputs (by position). */
    @Override
    public List<Tensor> forwardAll(List<Tensor> inputs, boolean training) {
        return forward(inputs, training);
    }

    // ---------------------------------------------------------------- masks (see Layer#forwardMasked)

    /**
     * Runs the model on concrete inputs (by position) and returns the outputs with the masks they carry (null where
     * none), for the training step: a masked output's loss and metrics skip its masked steps
     * ({@code Loss.call(yTrue, yPred, sampleWeight, mask)}, {@code Metric.updateState(yTrue, yPred, sampleWeight, mask)}).
     */
    public MaskedTensors forwardWithMasks(List<Tensor> inputs, boolean training) {
        return forwardMasked(inputs, null, training);
    }

    /** A model passes masks through its graph, so it takes masked inputs as a nested layer. */
    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    protected MaskedTensors callMasked(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        return isSubclassed() ? super.callMasked(inputs, masks, training) : graph().runWithMasks(inputs, masks, training);
    }

    @Override
    public List<Variable> weights() {
        if (isSubclassed()) return super.weights();
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
        if (!isSubclassed()) for (Layer l : layers()) l.setTrainable(value);
    }

    @Override
    public List<Tensor> regularizationLosses() {
        if (isSubclassed()) return super.regularizationLosses();
        List<Tensor> out = new ArrayList<>();
        for (Layer l : layers()) out.addAll(l.regularizationLosses());
        return out;
    }

    /** A functional model's graph; a subclassed model's own arguments (override, with {@code super.getConfig()}). */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        if (!isSubclassed()) c.putAll(ModelConfig.graphConfig(this));
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
    @Override
    public List<Tensor> getWeights() {
        return ModelWeights.get(this);
    }

    /** Sets every weight (in {@link #weights()} order); checks all shapes before writing any. */
    @Override
    public void setWeights(List<Tensor> values) {
        ModelWeights.set(this, values);
    }

    /**
     * Writes the weights, replacing the file atomically. A name ending in {@code .weights.h5} gets Keras 3's weights
     * file ({@code model.save_weights}: HDF5 groups {@code layers/<class>/vars/<i>} and, when compiled, the optimizer's
     * variables), which Python's {@code model.load_weights} reads; any other name (e.g. {@code .safetensors}) gets
     * safetensors keyed by variable name. Other {@code .h5} and {@code .keras} names are refused.
     */
    @Override
    public void saveWeights(java.nio.file.Path path) {
        ModelWeights.save(this, path);
    }

    /**
     * Reads weights written by {@link #saveWeights}, or Keras' HDF5 weights (a Keras 3 {@code .weights.h5}, a tf.keras
     * {@code save_weights} {@code .h5}, a whole-model {@code .h5}), told apart by the HDF5 signature. As in Keras, they match by structure: the same architecture
     * built again (with other automatic layer names) loads them. Names match first; when they differ, the layers
     * with weights are matched in order, each layer's weights in order, with weight names and shapes checked. A
     * file that does not fit changes nothing and the error names the layer and both shapes.
     */
    @Override
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
    @Override
    public void save(java.nio.file.Path path) {
        ModelSaving.save(this, path);
    }

    /**
     * Rebuilds a model written by {@link #save}, or read from a Keras 3 {@code .keras} or a Keras legacy whole-model
     * {@code .h5} (the format is taken from the file), compiled as it was saved and with its optimizer state (Keras'
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

    // ---------------------------------------------------------------- Keras files (issue 20)

    /**
     * A model from a Keras architecture: tf.keras 2.x's {@code model.to_json()} or a Keras 3 {@code config.json}.
     * Its weights are freshly initialized; {@link #loadWeights} then reads Keras' {@code .h5} or {@code .weights.h5}.
     * An unsupported layer class or option is one error naming the layer, the key and the value.
     */
    public static Model fromJson(String json) {
        return KerasLoading.fromJson(json);
    }
}
