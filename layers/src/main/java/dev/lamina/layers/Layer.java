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

    /**
     * Builds a layer this one wraps (Bidirectional, TimeDistributed) for {@code inputShapes}, from this layer's
     * build, so that the wrapper's weights exist as soon as it is built; a built sublayer ignores the call.
     */
    protected static void buildSublayer(Layer sublayer, List<Shape> inputShapes) {
        sublayer.ensureBuilt(inputShapes);
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

    // ---------------------------------------------------------------- masks (Keras' supports_masking and compute_mask)

    /**
     * Keras' {@code supports_masking}: whether the layer may be given masked inputs. The default is false, and a
     * mask given to such a layer is an error naming it (tf.keras 2.x raises there; Keras 3 drops the mask with a
     * warning). Layers that pass a mask on unchanged, use it or drop it on purpose return true.
     */
    public boolean supportsMasking() {
        return false;
    }

    /**
     * Keras' {@code compute_mask}: the mask of the outputs, from the inputs and their masks (null entries for
     * unmasked inputs), or null for none. The default passes the first input's mask on when the layer supports
     * masking. Layers that make a mask ({@link Embedding} with mask_zero, {@link Masking}) or drop it (a recurrent
     * layer returning its last step, GlobalAveragePooling1D) override; the result must stay off the autodiff path.
     */
    protected Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        return supportsMasking() ? masks.get(0) : null;
    }

    /** The math given the input masks (null entries for none); layers that use masks override. The default ignores them. */
    protected List<Tensor> callAll(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        return callAll(inputs, training);
    }

    /**
     * The outputs and their masks: {@link #callAll(List, List, boolean)}, then {@link #computeMask} for every output.
     * Layers whose outputs carry different masks (recurrent states, nested models) override.
     */
    protected MaskedTensors callMasked(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        boolean any = false;
        for (Tensor m : masks) any |= m != null;
        List<Tensor> outs = any ? callAll(inputs, masks, training) : callAll(inputs, training);
        Tensor mask = computeMask(inputs, masks);
        return new MaskedTensors(outs, Collections.nCopies(outs.size(), mask));
    }

    /**
     * Runs the layer on concrete tensors and their masks ({@code masks} null, or one entry per input, null for an
     * unmasked input), returning the outputs and the masks they carry. Builds on first use and checks the shapes of
     * the inputs and the masks; a mask for a layer that does not support masking is an IllegalArgumentException.
     */
    public final MaskedTensors forwardMasked(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        List<Shape> shapes = new ArrayList<>();
        for (Tensor t : inputs) shapes.add(t.shape());
        List<Tensor> m = masks == null ? Collections.nCopies(inputs.size(), null) : masks;
        if (m.size() != inputs.size()) {
            throw new IllegalArgumentException(className() + " '" + name() + "': expected one mask (or null) per input, " + inputs.size()
                    + ", received " + m.size());
        }
        for (int i = 0; i < m.size(); i++) {
            if (m.get(i) == null) continue;
            if (!supportsMasking()) {
                throw new IllegalArgumentException(className() + " '" + name() + "' does not support masking, but input " + i
                        + " " + shapes.get(i) + " carries a mask " + m.get(i).shape() + " (from Embedding(mask_zero) or Masking); "
                        + "consume it first (a recurrent layer without return_sequences, GlobalAveragePooling1D) or drop mask_zero");
            }
            checkMask(i, shapes.get(i), m.get(i).shape());
        }
        ensureBuilt(shapes);
        checkInputs(shapes);
        MaskedTensors out = callMasked(inputs, m, training);
        List<Tensor> detached = new ArrayList<>(out.masks().size());
        for (Tensor t : out.masks()) detached.add(t == null ? null : t.detach());
        return new MaskedTensors(out.values(), detached);
    }

    /**
     * Checks the mask of input {@code input}: by default, a rank between 1 and the input's whose sizes are the
     * input's leading sizes ({@code [batch, time]} for {@code [batch, time, features]}). Layers with a stricter rule
     * override.
     */
    protected void checkMask(int input, Shape inputShape, Shape maskShape) {
        boolean ok = maskShape.rank() >= 1 && maskShape.rank() <= inputShape.rank();
        for (int d = 0; ok && d < maskShape.rank(); d++) ok = maskShape.dim(d) == inputShape.dim(d);
        if (!ok) {
            throw new IllegalArgumentException(className() + " '" + name() + "': expected the mask of input " + input
                    + " to have the leading sizes of the input " + inputShape + ", received a mask " + maskShape);
        }
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
        if (built || !SubLayers.mayHaveParts(getClass())) tracked = t;     // a layer without such fields never gets parts
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
