package dev.lamina.layers;

import dev.lamina.Lamina;
import dev.lamina.initializers.Initializer;
import dev.lamina.tensor.Ops;
import dev.lamina.tensor.RecurrentArgs;
import dev.lamina.tensor.Rng;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.Variable;

import java.util.ArrayList;
import java.util.List;

/**
 * The base of Keras' recurrent layers ({@link SimpleRNN}, {@link LSTM}, {@link GRU}): on top of the arguments they
 * share ({@link RnnArguments}), the weights {@code kernel [features, k*units]}, {@code recurrent_kernel [units, k*units]}
 * and {@code bias}, and the call. The input is {@code [batch, time, features]}; an {@code initial_state} comes as
 * further inputs after it ({@link #apply(SymbolicTensor, List)}, Keras' {@code layer(x, initial_state=[...])}).
 * The outputs are the last output {@code [batch, units]} (or the sequence {@code [batch, time, units]} with
 * {@code return_sequences}), followed by the final states with {@code return_state}. Dropout masks are drawn once
 * per call, the same for every step, from the layer's own generator (seeded like {@link Dropout}'s). The math runs
 * in the fused ops of {@link dev.lamina.tensor.RecurrentOps}, which is why the activations are limited to those
 * whose derivative follows from their output.
 */
public abstract class BaseRnn<T extends BaseRnn<T>> extends RnnArguments<T> implements RandomLayer {
    private Variable kernel;
    private Variable recurrentKernel;
    private Variable bias;
    private Rng rng;
    /** With stateful, the final states of the last call (detached), or null after a reset. */
    private Tensor[] carried;

    protected BaseRnn(String baseName, int units, int gates, int stateCount) {
        super(baseName, units, gates, stateCount);
    }

    public Variable kernel() {
        return kernel;
    }

    public Variable recurrentKernel() {
        return recurrentKernel;
    }

    /** Null without {@code use_bias}. */
    public Variable bias() {
        return bias;
    }

    /** The dropout generator (null before the layer is built); checkpoints save and restore its state. */
    @Override
    public Rng generator() {
        return rng;
    }

    /** The bias shape ({@code [k*units]}; GRU with reset_after {@code [2, 3*units]}). */
    protected Shape biasShape() {
        return Shape.of(gates * units);
    }

    /** The bias's initializer: {@code bias_initializer} (LSTM's unit_forget_bias sets the forget block to ones). */
    protected Initializer biasInit(Initializer configured) {
        return configured;
    }

    /** The cell's fused op. */
    protected abstract List<Tensor> run(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor bias, List<Tensor> initialState,
                                        Tensor mask, RecurrentArgs args);

    /** The op's options for this layer (activations, direction, GRU's reset_after). */
    protected RecurrentArgs args() {
        return RecurrentArgs.defaults().activation(activation).returnSequences(returnSequences).goBackwards(goBackwards);
    }

    // ---------------------------------------------------------------- calling

    /** Keras' {@code layer(sequences, initial_state=[...])}: the single output (use {@link #applyAll(SymbolicTensor, List)} with return_state). */
    public SymbolicTensor apply(SymbolicTensor sequences, List<SymbolicTensor> initialState) {
        List<SymbolicTensor> in = new ArrayList<>();
        in.add(sequences);
        in.addAll(initialState);
        return apply(in);
    }

    /** Every output (the output, then the final states with return_state) of a call with an initial state. */
    public List<SymbolicTensor> applyAll(SymbolicTensor sequences, List<SymbolicTensor> initialState) {
        List<SymbolicTensor> in = new ArrayList<>();
        in.add(sequences);
        in.addAll(initialState);
        return applyAll(in);
    }

    /**
     * An eager call with an optional initial state and an explicit {@code mask [batch, time]} (nonzero = use the
     * step; null for none), returning every output. In a model the mask comes from the layers before
     * ({@link Embedding} with mask_zero, {@link Masking}).
     */
    public List<Tensor> call(Tensor sequences, List<Tensor> initialState, Tensor mask, boolean training) {
        List<Tensor> in = new ArrayList<>();
        in.add(sequences);
        if (initialState != null) in.addAll(initialState);
        List<Tensor> masks = new ArrayList<>(java.util.Collections.nCopies(in.size(), (Tensor) null));
        masks.set(0, mask);
        return forwardMasked(in, masks, training).values();
    }

    /** Keras' RNN supports masking: the mask of the sequences selects the steps that update the state. */
    @Override
    public boolean supportsMasking() {
        return true;
    }

    /** A mask comes with the sequences only, as {@code [batch, time]}. */
    @Override
    protected void checkMask(int input, Shape inputShape, Shape maskShape) {
        if (input != 0) {
            throw new IllegalArgumentException(ConvArgs.who(this) + ": expected no mask on initial_state[" + (input - 1) + "], received " + maskShape);
        }
        Masks.requireSteps(ConvArgs.who(this), inputShape, maskShape);
    }

    /** The output keeps the mask with return_sequences and drops it for the last step; states carry none. */
    @Override
    protected MaskedTensors callMasked(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        List<Tensor> outs = callAll(inputs, masks, training);
        List<Tensor> outMasks = new ArrayList<>(java.util.Collections.nCopies(outs.size(), (Tensor) null));
        if (returnSequences) outMasks.set(0, masks.get(0));
        return new MaskedTensors(outs, outMasks);
    }

    @Override
    protected void build(List<Shape> shapes) {
        checkShapes(shapes, Shape.UNKNOWN);
        int features = shapes.get(0).last();
        kernel = addWeight("kernel", Shape.of(features, gates * units), kernelInitializer, true, kernelRegularizer);
        recurrentKernel = addWeight("recurrent_kernel", Shape.of(units, gates * units), recurrentInitializer, true, recurrentRegularizer);
        if (useBias) bias = addWeight("bias", biasShape(), biasInit(biasInitializer), true, biasRegularizer);
        rng = new Rng(seed != null ? seed : Lamina.nextSeed());
    }

    @Override
    protected void checkInputs(List<Shape> received) {
        checkShapes(received, kernel.shape().dim(0));
    }

    /** The sequences {@code [batch, time, features]} (features as built, unless UNKNOWN), then 0 or all states {@code [batch, units]}. */
    private void checkShapes(List<Shape> shapes, int features) {
        Shape x = shapes.get(0);
        if (x.rank() != 3 || x.last() == Shape.UNKNOWN || (features != Shape.UNKNOWN && x.last() != features)) {
            throw new IllegalArgumentException(ConvArgs.who(this) + ": expected an input [batch, time, features] of rank 3"
                    + (features == Shape.UNKNOWN ? " with a known last dimension" : " with features = " + features) + ", received " + x);
        }
        int n = shapes.size() - 1;
        if (n != 0 && n != stateCount) {
            throw new IllegalArgumentException(ConvArgs.who(this) + ": expected initial_state of " + stateCount + " tensor(s), received " + n);
        }
        for (int k = 1; k < shapes.size(); k++) {
            Shape s = shapes.get(k);
            boolean batchOk = s.rank() == 2 && (s.dim(0) == x.dim(0) || s.dim(0) == Shape.UNKNOWN || x.dim(0) == Shape.UNKNOWN);
            if (!batchOk || s.dim(1) != units) {
                throw new IllegalArgumentException(ConvArgs.who(this) + ": expected initial_state[" + (k - 1) + "] of shape [batch, units] = "
                        + Shape.of(x.dim(0), units) + ", received " + s);
            }
        }
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> in) {
        Shape x = in.get(0);
        List<Shape> out = new ArrayList<>();
        out.add(returnSequences ? Shape.of(x.dim(0), x.dim(1), units) : Shape.of(x.dim(0), units));
        if (returnState) for (int k = 0; k < stateCount; k++) out.add(Shape.of(x.dim(0), units));
        return out;
    }

    @Override
    protected List<Tensor> callAll(List<Tensor> inputs, boolean training) {
        return callAll(inputs, java.util.Collections.nCopies(inputs.size(), null), training);
    }

    @Override
    protected List<Tensor> callAll(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        Tensor callMask = masks.get(0);
        Tensor x = inputs.get(0);
        int batch = x.shape().dim(0);
        RecurrentArgs a = args();
        if (training && dropout > 0) x = Ops.multiply(x, dropMask(Shape.of(batch, 1, x.shape().last()), dropout));
        if (training && recurrentDropout > 0) a.recurrentDropoutMask(dropMask(Shape.of(batch, units), recurrentDropout));
        List<Tensor> init = inputs.subList(1, inputs.size());
        if (stateful && init.isEmpty()) init = carriedStates(batch);
        List<Tensor> outs = run(x, kernel.value(), recurrentKernel.value(), bias == null ? null : bias.value(), init, callMask, a);
        if (stateful) carry(outs.subList(1, outs.size()));
        if (zeroOutputForMask && callMask != null) {
            outs = new ArrayList<>(outs);
            outs.set(0, Ops.where(emittedSteps(callMask), outs.get(0), Tensor.scalar(0f)));
        }
        return returnState ? outs : List.of(outs.get(0));
    }

    /** Keras' {@code reset_states()}: a stateful layer starts its next call from zeros, with any batch size. */
    public synchronized void resetStates() {
        if (!stateful) throw new IllegalStateException(ConvArgs.who(this) + ": resetStates() needs stateful=true; this layer keeps no state between calls");
        carried = null;
    }

    /** The states a stateful layer carries into its next call (copies), or an empty list after a reset. */
    public synchronized List<Tensor> states() {
        List<Tensor> out = new ArrayList<>();
        if (carried != null) for (Tensor t : carried) out.add(t.detach());
        return out;
    }

    private synchronized List<Tensor> carriedStates(int batch) {
        if (carried == null) return List.of();
        int fixed = carried[0].shape().dim(0);
        if (fixed != batch) {
            throw new IllegalArgumentException(ConvArgs.who(this) + ": stateful=true needs a fixed batch size: its states are for batches of "
                    + fixed + ", received a batch of " + batch + "; give every batch " + fixed + " rows (a batch size that divides the data) or call resetStates()");
        }
        return List.of(carried);
    }

    private synchronized void carry(List<Tensor> finalStates) {
        Tensor[] c = new Tensor[finalStates.size()];
        for (int k = 0; k < c.length; k++) c[k] = Tensor.of(finalStates.get(k).toFloatArray(), finalStates.get(k).shape());
        carried = c;
    }

    /**
     * For zero_output_for_mask, the mask of the emitted output: {@code [batch, time, 1]} in processing order with
     * return_sequences, else {@code [batch, 1]} of the last processed step.
     */
    private Tensor emittedSteps(Tensor mask) {
        int batch = mask.shape().dim(0);
        int time = mask.shape().dim(1);
        int steps = returnSequences ? time : 1;
        float[] m = new float[batch * steps];
        for (int b = 0; b < batch; b++) {
            for (int s = 0; s < steps; s++) {
                int processed = returnSequences ? s : time - 1;
                int t = goBackwards ? time - 1 - processed : processed;
                m[b * steps + s] = mask.get(b * time + t) != 0f ? 1f : 0f;
            }
        }
        return returnSequences ? Tensor.of(m, Shape.of(batch, time, 1)) : Tensor.of(m, Shape.of(batch, 1));
    }

    /** Inverted dropout: zeros with probability {@code rate}, else {@code 1 / (1 - rate)}. */
    private Tensor dropMask(Shape shape, double rate) {
        float keep = (float) (1 / (1 - rate));
        float[] m = new float[shape.size()];
        for (int i = 0; i < m.length; i++) m[i] = rng.nextDouble() >= rate ? keep : 0f;
        return Tensor.of(m, shape);
    }

}
