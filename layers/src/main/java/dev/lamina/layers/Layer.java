package dev.lamina.layers;

import dev.lamina.Lamina;
import dev.lamina.initializers.Initializer;
import dev.lamina.regularizers.Regularizer;
import dev.lamina.tensor.NoGrad;
import dev.lamina.tensor.Rng;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.Variable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The base of every layer. A subclass takes its configuration in the constructor and fluent setters, creates its
 * weights in {@link #build(Shape)} from the first input shape it sees, does its math in
 * {@link #call(Tensor, boolean)}, and reports its constructor arguments in {@link #getConfig()}. This class owns
 * the bookkeeping: naming, building once, input checks, symbolic calls, weights, freezing and regularization.
 */
public abstract class Layer {
    private final String baseName;
    private String name;
    private boolean trainable = true;
    private boolean built;
    private Long seed;
    private List<Shape> builtShapes;
    private final List<Variable> weights = new ArrayList<>();
    private final Map<Variable, Boolean> weightTrainable = new IdentityHashMap<>();
    private final Map<Variable, Regularizer> regularizers = new IdentityHashMap<>();
    private final List<LayerNode> inboundNodes = new ArrayList<>();
    private volatile List<Layer> tracked;       // the layers held in fields, kept once built
    private static final ThreadLocal<Set<Layer>> VISITING = ThreadLocal.withInitial(() -> Collections.newSetFromMap(new IdentityHashMap<>()));

    /** @param baseName the snake_case stem of automatic names ({@code dense} gives dense, dense_1, ...) */
    protected Layer(String baseName) {
        this.baseName = baseName;
    }

    // ---------------------------------------------------------------- identity and configuration

    /** The layer's name; an unnamed layer gets the next automatic one ({@code dense_2}) on first use. */
    public final String name() {
        if (name == null) name = Lamina.uniqueName(baseName);
        return name;
    }

    /** Sets the name (before the layer is built). Subclasses override with their own return type. */
    public Layer name(String newName) {
        requireNotBuilt("name");
        if (newName == null || newName.isEmpty() || newName.contains("/")) {
            throw new IllegalArgumentException(className() + ": expected a non-empty name without '/', received '" + newName + "'");
        }
        name = newName;
        return this;
    }

    /** Keras' class name, written to configs and shown by summary(). */
    public String className() {
        return getClass().getSimpleName();
    }

    /** Seeds this layer's weight initialisation; otherwise a seed is drawn from {@link Lamina}. */
    public Layer seed(long s) {
        requireNotBuilt("seed");
        seed = s;
        return this;
    }

    /** Keras-named constructor arguments; subclasses add theirs to this map. */
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name());
        c.put("trainable", trainable);
        return c;
    }

    protected final void requireNotBuilt(String what) {
        if (built) throw new IllegalStateException(className() + " '" + name() + "': cannot change " + what + " after the layer is built");
    }

    // ---------------------------------------------------------------- building

    public final boolean isBuilt() {
        return built;
    }

    /** The input shapes (batch dimension None) the layer was built for. */
    public final List<Shape> builtInputShapes() {
        return builtShapes == null ? List.of() : builtShapes;
    }

    /** Creates weights for these input shapes (batch dimension may be None). Multi-input layers override. */
    protected void build(List<Shape> inputShapes) {
        if (inputShapes.size() != 1) {
            throw new IllegalArgumentException(className() + " '" + name() + "': expected 1 input, received " + inputShapes.size());
        }
        build(inputShapes.get(0));
    }

    /** Creates weights for this input shape. The default creates none. */
    protected void build(Shape inputShape) {
    }

    private void ensureBuilt(List<Shape> shapes) {
        if (built) return;
        List<Shape> none = new ArrayList<>();
        for (Shape s : shapes) none.add(s.rank() == 0 ? s : s.withDim(0, Shape.UNKNOWN));
        build(none);
        builtShapes = List.copyOf(none);
        built = true;
    }

    /** A generator for this layer's initializers: its own seed, or one drawn from the session. */
    protected final Rng initRng(String weightName) {
        long s = seed != null ? seed : Lamina.nextSeed();
        return new Rng(s ^ weightName.hashCode());
    }

    /** Creates a weight named {@code <layer>/<name>}; call from build. */
    protected final Variable addWeight(String weightName, Shape shape, Initializer init, boolean trainableWeight, Regularizer reg) {
        Tensor initial = WeightBudget.initialValue(this, weightName, shape, init, initRng(weightName));
        Variable v = new Variable(name() + "/" + weightName, initial, trainableWeight && trainable);
        weights.add(v);
        weightTrainable.put(v, trainableWeight);
        if (reg != null) regularizers.put(v, reg);
        return v;
    }

    protected final Variable addWeight(String weightName, Shape shape, Initializer init) {
        return addWeight(weightName, shape, init, true, null);
    }

    // ---------------------------------------------------------------- calling

    /** Calls the layer on a symbolic tensor, recording a graph node (the functional API). */
    public SymbolicTensor apply(SymbolicTensor input) {
        return single(applyAll(List.of(input)));
    }

    /** Calls the layer on several symbolic tensors (merge layers, multi-input models). */
    public SymbolicTensor apply(SymbolicTensor... inputs) {
        return single(applyAll(List.of(inputs)));
    }

    public SymbolicTensor apply(List<SymbolicTensor> inputs) {
        return single(applyAll(inputs));
    }

    private SymbolicTensor single(List<SymbolicTensor> outs) {
        if (outs.size() != 1) {
            throw new IllegalStateException(className() + " '" + name() + "' has " + outs.size() + " outputs; use applyAll(...)");
        }
        return outs.get(0);
    }

    /** Calls the layer on symbolic tensors and returns all its outputs. Shape errors surface here, not at fit. */
    public List<SymbolicTensor> applyAll(List<SymbolicTensor> inputs) {
        List<Shape> shapes = new ArrayList<>();
        for (SymbolicTensor t : inputs) shapes.add(t.shape());
        ensureBuilt(shapes);
        checkInputs(shapes);
        List<Shape> outShapes = computeOutputShapes(shapes);
        LayerNode node = new LayerNode(this, inputs);
        List<SymbolicTensor> outs = new ArrayList<>();
        for (int i = 0; i < outShapes.size(); i++) outs.add(new SymbolicTensor(outShapes.get(i), node, i));
        node.setOutputs(outs);
        inboundNodes.add(node);
        return outs;
    }

    /** The graph nodes created by calling this layer symbolically. */
    public final List<LayerNode> inboundNodes() {
        return Collections.unmodifiableList(inboundNodes);
    }

    /** Eager call in inference mode. */
    public final Tensor call(Tensor input) {
        List<Tensor> out = forward(List.of(input), false);
        return out.get(0);
    }

    /**
     * Eager call on a concrete tensor (Keras' {@code layer(x, training=...)}): builds on first use, checks the
     * shape, runs the math. What a subclassed model's {@code call} uses for its layers.
     */
    public final Tensor apply(Tensor input, boolean training) {
        List<Tensor> out = forward(List.of(input), training);
        if (out.size() != 1) throw new IllegalStateException(className() + " '" + name() + "' has " + out.size() + " outputs; use forward(...)");
        return out.get(0);
    }

    /** Runs the layer on concrete tensors: builds on first use, checks shapes, and calls the math. */
    public final List<Tensor> forward(List<Tensor> inputs, boolean training) {
        List<Shape> shapes = new ArrayList<>();
        for (Tensor t : inputs) shapes.add(t.shape());
        ensureBuilt(shapes);
        checkInputs(shapes);
        return callAll(inputs, training);
    }

    /** The math for several outputs; the default wraps {@link #call(List, boolean)}. */
    protected List<Tensor> callAll(List<Tensor> inputs, boolean training) {
        return List.of(call(inputs, training));
    }

    /** The math for several inputs; the default requires one and calls {@link #call(Tensor, boolean)}. */
    protected Tensor call(List<Tensor> inputs, boolean training) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(className() + " '" + name() + "': expected 1 input, received " + inputs.size());
        }
        return call(inputs.get(0), training);
    }

    /** The math of a single-input layer. */
    protected Tensor call(Tensor input, boolean training) {
        throw new UnsupportedOperationException(className() + " must override call");
    }

    /**
     * Output shapes for symbolic inputs. The default runs the layer once on a batch of one (under NoGrad) and puts
     * the unknown batch dimension back; layers whose output shape is cheap to state may override.
     */
    protected List<Shape> computeOutputShapes(List<Shape> inputShapes) {
        List<Tensor> probes = new ArrayList<>();
        for (Shape s : inputShapes) {
            int[] d = s.toArray();
            for (int i = 0; i < d.length; i++) if (d[i] == Shape.UNKNOWN) d[i] = 1;
            probes.add(Tensor.zeros(Shape.of(d)));
        }
        List<Tensor> outs;
        try (NoGrad ignored = NoGrad.enter()) {
            outs = callAll(probes, false);
        }
        boolean unknownBatch = !inputShapes.isEmpty() && inputShapes.get(0).rank() > 0 && inputShapes.get(0).dim(0) == Shape.UNKNOWN;
        List<Shape> result = new ArrayList<>();
        for (Tensor t : outs) {
            Shape s = t.shape();
            result.add(unknownBatch && s.rank() > 0 ? s.withDim(0, Shape.UNKNOWN) : s);
        }
        return result;
    }

    /** Checks each input against the shapes the layer was built for: same rank, same last dimension. */
    protected void checkInputs(List<Shape> received) {
        List<Shape> expected = builtInputShapes();
        if (received.size() != expected.size()) {
            throw new IllegalArgumentException(className() + " '" + name() + "': expected " + expected.size() + " input(s), received " + received.size());
        }
        for (int i = 0; i < received.size(); i++) checkInput(expected.get(i), received.get(i));
    }

    /** Rank and last-dimension check (Keras' InputSpec for most layers); layers with other rules override. */
    protected void checkInput(Shape expected, Shape received) {
        if (expected.rank() != received.rank()) {
            throw new IllegalArgumentException(className() + " '" + name() + "': expected input of rank " + expected.rank()
                    + " like " + expected + ", received " + received);
        }
        if (expected.rank() > 0 && expected.last() != Shape.UNKNOWN && expected.last() != received.last()) {
            throw new IllegalArgumentException(className() + " '" + name() + "': expected last dimension " + expected.last()
                    + ", received " + received);
        }
    }

    /**
     * Checks the values of a whole array that feeds this layer directly from a model input, once, before training or
     * evaluation starts (Embedding: indices in range), so bad values fail before the first update with the index in
     * the caller's array. The default accepts everything; {@code input} is the array's position among this layer's
     * inputs.
     */
    public void checkInputData(int input, Tensor data) {
    }

    // ---------------------------------------------------------------- weights

    /**
     * The layers this layer holds in its fields (a composite layer's or subclassed model's parts; see
     * {@link dev.lamina.models.Model} for the rule), found once the layer is built.
     */
    public List<Layer> trackedLayers() {
        List<Layer> t = tracked;
        if (t != null) return t;
        t = SubLayers.scan(this);
        if (built) tracked = t;
        return t;
    }

    /** All weights: this layer's in creation order, then its tracked layers' (each once). */
    public List<Variable> weights() {
        List<Layer> children = trackedLayers();
        if (children.isEmpty()) return Collections.unmodifiableList(weights);
        Set<Layer> visiting = VISITING.get();
        if (!visiting.add(this)) {
            throw new IllegalStateException(className() + " '" + name() + "' holds itself through the layers in its fields: a layer cannot contain its parent");
        }
        try {
            List<Variable> out = new ArrayList<>(weights);
            Set<Variable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            seen.addAll(weights);
            for (Layer c : children) for (Variable v : c.weights()) if (seen.add(v)) out.add(v);
            return Collections.unmodifiableList(out);
        } finally {
            visiting.remove(this);
        }
    }

    public List<Variable> trainableWeights() {
        List<Variable> out = new ArrayList<>();
        for (Variable v : weights()) if (v.trainable()) out.add(v);
        return out;
    }

    public List<Variable> nonTrainableWeights() {
        List<Variable> out = new ArrayList<>();
        for (Variable v : weights()) if (!v.trainable()) out.add(v);
        return out;
    }

    public boolean isTrainable() {
        return trainable;
    }

    /** Freezes (false) or unfreezes the layer between fits: frozen weights get no gradient and no update. */
    public void setTrainable(boolean value) {
        trainable = value;
        for (Variable v : weights) v.setTrainable(value && weightTrainable.get(v));
        for (Layer c : trackedLayers()) c.setTrainable(value);
    }

    /** The differentiable penalties of this layer's regularized weights. */
    public List<Tensor> regularizationLosses() {
        List<Tensor> out = new ArrayList<>();
        for (Variable v : weights) {
            Regularizer r = regularizers.get(v);
            if (r != null && v.trainable()) out.add(r.penalty(v.value()));
        }
        for (Layer c : trackedLayers()) out.addAll(c.regularizationLosses());
        return out;
    }

    public long countParams() {
        long n = 0;
        for (Variable v : weights()) n += v.size();
        return n;
    }

    @Override
    public String toString() {
        return className() + "('" + name() + "')";
    }
}
