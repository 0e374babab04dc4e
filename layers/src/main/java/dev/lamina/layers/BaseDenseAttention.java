package dev.lamina.layers;

import dev.lamina.Lamina;
import dev.lamina.tensor.NnOps;
import dev.lamina.tensor.Ops;
import dev.lamina.tensor.Rng;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The base of Keras' {@link Attention} (Luong) and {@link AdditiveAttention} (Bahdanau): scores of query
 * {@code [B, Tq, dim]} against key {@code [B, Tv, dim]} (a subclass computes them), a softmax over the key
 * positions, and the weighted sum of value {@code [B, Tv, dv]}, giving {@code [B, Tq, dv]}.
 *
 * <p>Keras' call {@code layer([query, value, key], mask=[query_mask, value_mask])} is, in the functional API,
 * {@code layer.apply(query, value)}, {@code layer.apply(query, value, key)} or, with masks as further inputs,
 * {@code layer.apply(query, value, key, queryMask, valueMask)} ({@code [B, Tq]} and {@code [B, Tv]}, nonzero = a real
 * position); eagerly it is {@link #callWithMasks(List, List, boolean)}, which is also where the inputs' implicit
 * masks enter. A value position whose mask is 0 gets {@code score - 1e9} before the softmax (weight 0); an output row
 * whose query mask is 0 is set to 0. Keras' call arguments {@code use_causal_mask} and
 * {@code return_attention_scores} are layer options ({@link #useCausalMask(boolean)},
 * {@link #returnAttentionScores(boolean)}); the scores are the weights {@code [B, Tq, Tv]} after dropout, as Keras 3
 * returns them. Dropout on the weights applies while training. {@code T} is the concrete class.
 */
public abstract class BaseDenseAttention<T extends BaseDenseAttention<T>> extends Layer implements RandomLayer {
    boolean useScale;
    double dropout;
    Long seed;
    boolean useCausalMask;
    boolean returnAttentionScores;
    private Rng rng;

    protected BaseDenseAttention(String baseName, boolean useScale) {
        super(baseName);
        this.useScale = useScale;
    }

    @SuppressWarnings("unchecked")
    protected final T self() {
        return (T) this;
    }

    @Override
    public T name(String n) {
        super.name(n);
        return self();
    }

    @Override
    public T seed(long s) {
        super.seed(s);
        seed = s;
        return self();
    }

    /** Whether the scores get a learned scale ({@code scale} weight). */
    public T useScale(boolean b) {
        requireNotBuilt("use_scale");
        useScale = b;
        return self();
    }

    /** The rate at which the attention weights are dropped while training. */
    public T dropout(double rate) {
        requireNotBuilt("dropout");
        if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException(className() + ": expected 0 <= dropout < 1, received dropout=" + rate);
        dropout = rate;
        return self();
    }

    /** Keras' {@code use_causal_mask=True} on every call: query position i attends to value positions j <= i. */
    public T useCausalMask(boolean b) {
        requireNotBuilt("use_causal_mask");
        useCausalMask = b;
        return self();
    }

    /** Keras' {@code return_attention_scores=True} on every call: a second output, the attention weights. */
    public T returnAttentionScores(boolean b) {
        requireNotBuilt("return_attention_scores");
        returnAttentionScores = b;
        return self();
    }

    @Override
    public Rng generator() {
        return rng;
    }

    /** The scores {@code [B, Tq, Tv]} of query {@code [B, Tq, dim]} against key {@code [B, Tv, dim]}. */
    protected abstract Tensor scores(Tensor query, Tensor key);

    /** Creates the score weights for these query and key shapes. */
    protected abstract void buildScores(Shape query, Shape key);

    // ---------------------------------------------------------------- calling

    /**
     * Keras' {@code layer(inputs, mask=masks)}: {@code inputs} are [query, value] or [query, value, key]; {@code masks}
     * (null, or a list lined up with the inputs, null entries for none) hold {@code query_mask [B, Tq]} and
     * {@code value_mask [B, Tv]}; a key mask is not used, as in Keras. Returns the output, then the scores with
     * return_attention_scores. The graph's mask propagation calls this with the inputs' masks; the output's mask is
     * the query's.
     */
    public List<Tensor> callWithMasks(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        if (inputs.size() != 2 && inputs.size() != 3) throw countError(inputs.size());
        Tensor qm = AttentionMasks.at(masks, 0), vm = AttentionMasks.at(masks, 1);
        if (qm == null && vm == null) {
            checkShapes(AttentionMasks.shapes(inputs));     // with the batch size, before anything is built
            return forward(inputs, training);
        }
        Tensor query = inputs.get(0), value = inputs.get(1);
        List<Tensor> in = new ArrayList<>(List.of(query, value, inputs.size() > 2 ? inputs.get(2) : value));
        // An absent mask is all ones: the same numbers as no mask.
        in.add(qm != null ? qm : Tensor.ones(sequenceShape(query.shape())));
        in.add(vm != null ? vm : Tensor.ones(sequenceShape(value.shape())));
        checkShapes(AttentionMasks.shapes(in));
        return forward(in, training);
    }

    private static int[] sequenceShape(Shape s) {
        return s.rank() >= 2 ? new int[]{s.dim(0), s.dim(1)} : new int[]{1, 1};
    }

    private IllegalArgumentException countError(int n) {
        return new IllegalArgumentException(ConvArgs.who(this) + ": expected inputs [query, value], [query, value, key] or "
                + "[query, value, key, query_mask, value_mask], received " + n + " input(s)");
    }

    @Override
    protected void build(List<Shape> in) {
        checkShapes(in);
        buildScores(in.get(0), in.get(in.size() > 2 ? 2 : 1));
        rng = new Rng(seed != null ? seed : Lamina.nextSeed());
    }

    @Override
    protected void checkInputs(List<Shape> received) {
        checkShapes(received);
        List<Shape> built = builtInputShapes();
        Shape q = received.get(0), bq = built.get(0);
        if (q.last() != bq.last()) {
            throw new IllegalArgumentException(ConvArgs.who(this) + ": expected query with " + bq.last() + " features (as built), received " + q);
        }
    }

    /** Inputs of rank 3 with one batch size; key and value of one length; query and key of one feature size; masks [B, T]. */
    private void checkShapes(List<Shape> in) {
        int n = in.size();
        if (n != 2 && n != 3 && n != 5) throw countError(n);
        String[] names = {"query", "value", "key"};
        for (int i = 0; i < Math.min(3, n); i++) {
            Shape s = in.get(i);
            if (s.rank() != 3 || s.last() == Shape.UNKNOWN) {
                throw new IllegalArgumentException(ConvArgs.who(this) + ": expected " + names[i]
                        + " [batch, time, features] of rank 3 with known features, received " + s);
            }
            if (!AttentionMasks.fits(in.get(0).dim(0), s.dim(0))) {
                throw new IllegalArgumentException(ConvArgs.who(this) + ": expected every input with the query's batch size, received query "
                        + in.get(0) + " and " + names[i] + " " + s);
            }
        }
        Shape q = in.get(0), v = in.get(1), k = in.get(n > 2 ? 2 : 1);
        if (!AttentionMasks.fits(v.dim(1), k.dim(1))) {
            throw new IllegalArgumentException(ConvArgs.who(this) + ": expected key and value of the same length, received value " + v + " and key " + k);
        }
        if (q.last() != k.last()) {
            throw new IllegalArgumentException(ConvArgs.who(this) + ": expected query and key with the same features, received query "
                    + q + " and key " + k);
        }
        if (n == 5) {
            checkMask("query_mask", in.get(3), q);
            checkMask("value_mask", in.get(4), v);
        }
    }

    private void checkMask(String what, Shape mask, Shape input) {
        if (mask.rank() != 2 || !AttentionMasks.fits(mask.dim(0), input.dim(0)) || !AttentionMasks.fits(mask.dim(1), input.dim(1))) {
            throw new IllegalArgumentException(ConvArgs.who(this) + ": expected " + what + " of shape [batch, time] = "
                    + Shape.of(input.dim(0), input.dim(1)) + " for the input " + input + ", received " + mask);
        }
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> in) {
        Shape q = in.get(0), v = in.get(1);
        List<Shape> out = new ArrayList<>();
        out.add(Shape.of(q.dim(0), q.dim(1), v.dim(2)));
        if (returnAttentionScores) out.add(Shape.of(q.dim(0), q.dim(1), v.dim(1)));
        return out;
    }

    // ---------------------------------------------------------------- math

    @Override
    protected List<Tensor> callAll(List<Tensor> inputs, boolean training) {
        Tensor query = inputs.get(0), value = inputs.get(1);
        Tensor key = inputs.size() > 2 ? inputs.get(2) : value;
        Tensor queryMask = inputs.size() > 3 ? inputs.get(3) : null, valueMask = inputs.size() > 4 ? inputs.get(4) : null;
        int batch = query.shape().dim(0), tq = query.shape().dim(1), tv = value.shape().dim(1);
        Tensor scores = scores(query, key);
        Tensor allowed = AttentionMasks.allowed(null, null, valueMask, null, useCausalMask, batch, tq, tv);
        if (allowed != null) {
            // Keras: scores -= 1e9 * (1 - mask), which leaves allowed scores bit for bit.
            Tensor padding = Ops.where(allowed, Tensor.scalar(0f), Tensor.scalar(-AttentionMasks.LARGE_NEGATIVE));
            scores = Ops.subtract(scores, padding);
        }
        Tensor weights = NnOps.softmax(scores, -1);
        if (training && dropout > 0) weights = NnOps.dropout(weights, (float) dropout, rng);
        Tensor out = Ops.matmul(weights, value);
        if (queryMask != null) out = Ops.where(queryMask.reshape(batch, tq, 1), out, Tensor.scalar(0f));
        return returnAttentionScores ? List.of(out, weights) : List.of(out);
    }

    // ---------------------------------------------------------------- config

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("use_scale", useScale);
        putScoreConfig(c);
        c.put("dropout", dropout);
        c.put("seed", seed);
        c.put("use_causal_mask", useCausalMask);
        c.put("return_attention_scores", returnAttentionScores);
        return c;
    }

    /** The subclass's own keys (Attention's score_mode), after use_scale as Keras orders them. */
    protected void putScoreConfig(Map<String, Object> c) {
    }

    /** Reads the shared keys into a freshly constructed layer; for the subclasses' fromConfig. */
    protected static <L extends BaseDenseAttention<L>> L readConfig(L l, ConfigReader r) {
        l.dropout(r.getDouble("dropout", 0))
                .useCausalMask(r.getBoolean("use_causal_mask", false))
                .returnAttentionScores(r.getBoolean("return_attention_scores", false));
        Long s = r.getNullableLong("seed");
        if (s != null) l.seed(s);
        return LayerConfigs.restoreBase(l, r);
    }
}
