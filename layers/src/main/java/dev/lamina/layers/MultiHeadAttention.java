package dev.lamina.layers;

import dev.lamina.Lamina;
import dev.lamina.initializers.Initializer;
import dev.lamina.regularizers.Regularizer;
import dev.lamina.tensor.NnOps;
import dev.lamina.tensor.Ops;
import dev.lamina.tensor.Rng;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.Variable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keras' {@code MultiHeadAttention(num_heads, key_dim, value_dim, dropout, use_bias, output_shape)} with Keras'
 * weights: {@code query/kernel [query_dim, heads, key_dim]}, {@code key/kernel [key_dim_in, heads, key_dim]},
 * {@code value/kernel [value_dim_in, heads, value_dim]} with biases {@code [heads, *]}, and
 * {@code attention_output/kernel [heads, value_dim, output_dim]} with {@code attention_output/bias [output_dim]}.
 * Inputs are {@code [batch, time, features]}: query {@code [B, T, dq]}, value {@code [B, S, dv]} and key
 * {@code [B, S, dk]}, whose lengths and feature sizes may all differ.
 *
 * <p>Keras' call {@code mha(query, value, key=None, attention_mask=None)} is, in the functional API,
 * {@code mha.apply(query, value)}, {@code mha.apply(query, value, key)} or
 * {@code mha.apply(query, value, key, attentionMask)} (a null key is the value, as in Keras), and eagerly
 * {@link #call(Tensor, Tensor, Tensor, Tensor, boolean)}. {@code attention_mask [B, T, S]} is nonzero where query
 * position {@code t} may attend to {@code s}. Keras' other call arguments, {@code use_causal_mask} and
 * {@code return_attention_scores}, are options of the layer here ({@link #useCausalMask(boolean)},
 * {@link #returnAttentionScores(boolean)}, saved in its config), so a saved model calls it the same way; with
 * return_attention_scores the layer has a second output, the softmax weights {@code [B, heads, T, S]} (use
 * {@code applyAll}). The implicit masks of the inputs (Keras' {@code _keras_mask}) enter through
 * {@link AttentionMasks} ({@link #callWithMasks}). The products run on the GEMM kernel, batched over batch and heads.
 */
public final class MultiHeadAttention extends MultiHeadAttentionArguments implements RandomLayer {
    private Variable queryKernel, queryBias, keyKernel, keyBias, valueKernel, valueBias, outputKernel, outputBias;
    private Rng rng;

    public MultiHeadAttention(int numHeads, int keyDim) {
        super(numHeads, keyDim);
    }

    @Override
    public MultiHeadAttention name(String n) {
        super.name(n);
        return this;
    }

    @Override
    public MultiHeadAttention seed(long s) {
        super.seed(s);
        return this;
    }

    /** The dropout generator (null before the layer is built). */
    @Override
    public Rng generator() {
        return rng;
    }

    // ---------------------------------------------------------------- calling

    /** Keras' {@code mha(query, value, key, attention_mask)}; {@code key} and {@code attentionMask} may be null. */
    public SymbolicTensor apply(SymbolicTensor query, SymbolicTensor value, SymbolicTensor key, SymbolicTensor attentionMask) {
        return apply(symbolicInputs(query, value, key, attentionMask));
    }

    /** As {@link #apply(SymbolicTensor, SymbolicTensor, SymbolicTensor, SymbolicTensor)}, with the attention scores when returned. */
    public List<SymbolicTensor> applyAll(SymbolicTensor query, SymbolicTensor value, SymbolicTensor key, SymbolicTensor attentionMask) {
        return applyAll(symbolicInputs(query, value, key, attentionMask));
    }

    private static List<SymbolicTensor> symbolicInputs(SymbolicTensor query, SymbolicTensor value, SymbolicTensor key, SymbolicTensor mask) {
        List<SymbolicTensor> in = new ArrayList<>(List.of(query, value));
        if (key != null || mask != null) in.add(key == null ? value : key);
        if (mask != null) in.add(mask);
        return in;
    }

    /**
     * The eager call: the output {@code [B, T, output_dim]}, then with return_attention_scores the scores. {@code key}
     * null uses the value; {@code attentionMask [B, T, S]} null attends everywhere (up to the causal mask).
     */
    public List<Tensor> call(Tensor query, Tensor value, Tensor key, Tensor attentionMask, boolean training) {
        List<Tensor> in = new ArrayList<>(List.of(query, value));
        if (key != null || attentionMask != null) in.add(key == null ? value : key);
        if (attentionMask != null) in.add(attentionMask);
        checkShapes(AttentionMasks.shapes(in));             // with the batch size, before anything is built
        return forward(in, training);
    }

    /**
     * The call with the inputs' implicit masks (Keras' {@code query_mask}, {@code value_mask}, {@code key_mask}),
     * which {@link AttentionMasks#combine} folds into the attention mask as Keras' {@code _compute_attention_mask}
     * does. {@code inputs} are query, value and optionally key (and an explicit attention mask last);
     * {@code inputMasks} line up with them, null for an input without a mask. The output's mask is the query's.
     */
    public List<Tensor> callWithMasks(List<Tensor> inputs, List<Tensor> inputMasks, boolean training) {
        if (inputs.size() < 2 || inputs.size() > 4) throw countError(inputs.size());
        Tensor query = inputs.get(0), value = inputs.get(1);
        Tensor key = inputs.size() > 2 ? inputs.get(2) : value;
        Tensor explicit = inputs.size() > 3 ? inputs.get(3) : null;
        Tensor q = AttentionMasks.at(inputMasks, 0), v = AttentionMasks.at(inputMasks, 1), k = AttentionMasks.at(inputMasks, 2);
        Tensor mask = AttentionMasks.combine(this, explicit, q, v, k, query.shape(), value.shape());
        return call(query, value, key, mask, training);
    }

    private IllegalArgumentException countError(int n) {
        return new IllegalArgumentException(ConvArgs.who(this) + ": expected inputs [query, value], [query, value, key] or "
                + "[query, value, key, attention_mask], received " + n + " input(s)");
    }

    // ---------------------------------------------------------------- shapes and weights

    @Override
    protected void build(List<Shape> in) {
        checkShapes(in);
        int dq = in.get(0).last(), dv = in.get(1).last(), dk = in.size() > 2 ? in.get(2).last() : dv;
        int vd = valueDim(), out = outputDim(dq);
        Initializer k = kernelInitializer, b = biasInitializer;
        Regularizer kr = kernelRegularizer, br = biasRegularizer;
        queryKernel = addWeight("query/kernel", Shape.of(dq, numHeads, keyDim), k, true, kr);
        queryBias = useBias ? addWeight("query/bias", Shape.of(numHeads, keyDim), b, true, br) : null;
        keyKernel = addWeight("key/kernel", Shape.of(dk, numHeads, keyDim), k, true, kr);
        keyBias = useBias ? addWeight("key/bias", Shape.of(numHeads, keyDim), b, true, br) : null;
        valueKernel = addWeight("value/kernel", Shape.of(dv, numHeads, vd), k, true, kr);
        valueBias = useBias ? addWeight("value/bias", Shape.of(numHeads, vd), b, true, br) : null;
        outputKernel = addWeight("attention_output/kernel", Shape.of(numHeads, vd, out), k, true, kr);
        outputBias = useBias ? addWeight("attention_output/bias", Shape.of(out), b, true, br) : null;
        rng = new Rng(seed != null ? seed : Lamina.nextSeed());
    }

    @Override
    protected void checkInputs(List<Shape> received) {
        checkShapes(received);
        int[] built = {queryKernel.shape().dim(0), valueKernel.shape().dim(0), keyKernel.shape().dim(0)};
        String[] names = {"query", "value", "key"};
        for (int i = 0; i < Math.min(3, received.size()); i++) {
            if (received.get(i).last() != built[i]) {
                throw new IllegalArgumentException(ConvArgs.who(this) + ": expected " + names[i] + " with " + built[i]
                        + " features (as built), received " + received.get(i));
            }
        }
        if (received.size() == 2 && built[1] != built[2]) {
            throw new IllegalArgumentException(ConvArgs.who(this) + ": was built with a separate key of " + built[2]
                    + " features; expected the key as the third input, received [query, value]");
        }
    }

    /** Query, value and key of rank 3 with known features, one batch size, key as long as value; the mask [B, T, S]. */
    private void checkShapes(List<Shape> in) {
        if (in.size() < 2 || in.size() > 4) throw countError(in.size());
        String[] names = {"query", "value", "key"};
        for (int i = 0; i < Math.min(3, in.size()); i++) {
            Shape s = in.get(i);
            if (s.rank() != 3 || s.last() == Shape.UNKNOWN) {
                throw new IllegalArgumentException(ConvArgs.who(this) + ": expected " + names[i]
                        + " [batch, time, features] of rank 3 with known features, received " + s);
            }
        }
        Shape q = in.get(0), v = in.get(1);
        for (int i = 1; i < in.size(); i++) {
            if (!AttentionMasks.fits(q.dim(0), in.get(i).dim(0))) {
                throw new IllegalArgumentException(ConvArgs.who(this) + ": expected every input with the query's batch size "
                        + q.dim(0) + ", received " + (i < 3 ? names[i] : "attention_mask") + " " + in.get(i));
            }
        }
        if (in.size() > 2 && !AttentionMasks.fits(v.dim(1), in.get(2).dim(1))) {
            throw new IllegalArgumentException(ConvArgs.who(this) + ": expected key and value of the same length, received value "
                    + v + " and key " + in.get(2));
        }
        if (in.size() > 3) AttentionMasks.checkAttentionMask(this, in.get(3), q, v);
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> in) {
        Shape q = in.get(0), v = in.get(1);
        List<Shape> out = new ArrayList<>();
        out.add(Shape.of(q.dim(0), q.dim(1), outputKernel.shape().dim(2)));
        if (returnAttentionScores) out.add(Shape.of(q.dim(0), numHeads, q.dim(1), v.dim(1)));
        return out;
    }

    // ---------------------------------------------------------------- math

    @Override
    protected List<Tensor> callAll(List<Tensor> inputs, boolean training) {
        Tensor query = inputs.get(0), value = inputs.get(1);
        Tensor key = inputs.size() > 2 ? inputs.get(2) : value;
        Tensor mask = inputs.size() > 3 ? inputs.get(3) : null;
        int batch = query.shape().dim(0), t = query.shape().dim(1), s = value.shape().dim(1), vd = valueDim();
        // Keras scales the projected query by the float32 of 1/sqrt(key_dim) before the scores.
        Tensor q = Ops.multiply(project(query, queryKernel, queryBias), (float) (1.0 / Math.sqrt(keyDim)));
        Tensor scores = Ops.matmul(heads(q, batch, t, keyDim), heads(project(key, keyKernel, keyBias), batch, s, keyDim), false, true);
        Tensor allowed = AttentionMasks.allowed(mask, null, null, null, useCausalMask, batch, t, s);
        if (allowed != null) allowed = allowed.reshape(allowed.shape().dim(0), 1, t, s);      // broadcast over heads
        Tensor p = NnOps.softmax(allowed == null ? scores : Ops.where(allowed, scores, Tensor.scalar(AttentionMasks.LARGE_NEGATIVE)), -1);
        if (allowed != null) p = Ops.where(allowed, p, Tensor.scalar(0f));
        Tensor weights = training && dropout > 0 ? NnOps.dropout(p, (float) dropout, rng) : p;
        Tensor o = Ops.matmul(weights, heads(project(value, valueKernel, valueBias), batch, s, vd));     // [B, heads, T, vd]
        o = Ops.reshape(Ops.permute(o, 0, 2, 1, 3), batch, t, numHeads * vd);
        int out = outputKernel.shape().dim(2);
        Tensor y = NnOps.dense(o, Ops.reshape(outputKernel.value(), numHeads * vd, out), outputBias == null ? null : outputBias.value(), false);
        return returnAttentionScores ? List.of(y, p) : List.of(y);
    }

    /** {@code x [B, L, d] · kernel [d, heads, dim] + bias [heads, dim]}, as {@code [B, L, heads*dim]}. */
    private static Tensor project(Tensor x, Variable kernel, Variable bias) {
        Shape k = kernel.shape();
        int width = k.dim(1) * k.dim(2);
        Tensor b = bias == null ? null : Ops.reshape(bias.value(), width);
        return NnOps.dense(x, Ops.reshape(kernel.value(), k.dim(0), width), b, false);
    }

    /** {@code [B, L, heads*dim]} as {@code [B, heads, L, dim]}. */
    private Tensor heads(Tensor x, int batch, int length, int dim) {
        return Ops.permute(Ops.reshape(x, batch, length, numHeads, dim), 0, 2, 1, 3);
    }

    // ---------------------------------------------------------------- config

    /** Rebuilds a MultiHeadAttention from {@link #getConfig()} (or a Keras config). */
    public static MultiHeadAttention fromConfig(Map<String, Object> config) {
        var r = LayerConfigs.reader("MultiHeadAttention", config);
        MultiHeadAttention m = new MultiHeadAttention(r.requireInt("num_heads"), r.requireInt("key_dim"));
        return readConfig(m, r, config);
    }
}
