package dev.lamina.layers;

import dev.lamina.initializers.Initializer;
import dev.lamina.initializers.Initializers;
import dev.lamina.regularizers.Regularizer;
import dev.lamina.tensor.io.ConfigReader;

import java.util.List;
import java.util.Map;

/**
 * The arguments of {@link MultiHeadAttention}, with Keras' defaults, fluent setters and config keys (Keras'
 * {@code get_config} order, then Lamina's {@code use_causal_mask} and {@code return_attention_scores}, which are
 * call arguments in Keras). {@code output_shape} is null (the query's features) or one size;
 * {@code attention_axes} only null or {@code [1]} (attention over the sequence axis).
 */
public abstract class MultiHeadAttentionArguments extends Layer {
    final int numHeads;
    final int keyDim;
    Integer valueDim;
    double dropout;
    boolean useBias = true;
    Integer outputShape;
    Initializer kernelInitializer = Initializers.glorotUniform();
    Initializer biasInitializer = Initializers.zeros();
    Regularizer kernelRegularizer;
    Regularizer biasRegularizer;
    Long seed;
    boolean useCausalMask;
    boolean returnAttentionScores;

    MultiHeadAttentionArguments(int numHeads, int keyDim) {
        super("multi_head_attention");
        this.numHeads = positive("num_heads", numHeads);
        this.keyDim = positive("key_dim", keyDim);
    }

    private static int positive(String key, int v) {
        if (v <= 0) throw new IllegalArgumentException("MultiHeadAttention: expected " + key + " > 0, received " + key + "=" + v);
        return v;
    }

    /** Seeds the weights and the dropout of the attention weights. */
    @Override
    public MultiHeadAttentionArguments seed(long s) {
        super.seed(s);
        seed = s;
        return this;
    }

    /** The size of each head's value projection (default {@code key_dim}). */
    public MultiHeadAttention valueDim(Integer d) {
        requireNotBuilt("value_dim");
        valueDim = d == null ? null : positive("value_dim", d);
        return self();
    }

    /** The rate at which the attention weights are dropped while training. */
    public MultiHeadAttention dropout(double rate) {
        requireNotBuilt("dropout");
        if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException("MultiHeadAttention: expected 0 <= dropout < 1, received dropout=" + rate);
        dropout = rate;
        return self();
    }

    public MultiHeadAttention useBias(boolean b) {
        requireNotBuilt("use_bias");
        useBias = b;
        return self();
    }

    /** The output's feature size (default: the query's). */
    public MultiHeadAttention outputShape(Integer size) {
        requireNotBuilt("output_shape");
        outputShape = size == null ? null : positive("output_shape", size);
        return self();
    }

    public MultiHeadAttention kernelInitializer(Initializer i) {
        requireNotBuilt("kernel_initializer");
        kernelInitializer = i;
        return self();
    }

    public MultiHeadAttention biasInitializer(Initializer i) {
        requireNotBuilt("bias_initializer");
        biasInitializer = i;
        return self();
    }

    public MultiHeadAttention kernelRegularizer(Regularizer r) {
        requireNotBuilt("kernel_regularizer");
        kernelRegularizer = r;
        return self();
    }

    public MultiHeadAttention biasRegularizer(Regularizer r) {
        requireNotBuilt("bias_regularizer");
        biasRegularizer = r;
        return self();
    }

    /** Keras' {@code use_causal_mask=True} on every call: query position t attends to key positions s <= t. */
    public MultiHeadAttention useCausalMask(boolean b) {
        requireNotBuilt("use_causal_mask");
        useCausalMask = b;
        return self();
    }

    /** Keras' {@code return_attention_scores=True} on every call: a second output, the attention weights. */
    public MultiHeadAttention returnAttentionScores(boolean b) {
        requireNotBuilt("return_attention_scores");
        returnAttentionScores = b;
        return self();
    }

    public int numHeads() {
        return numHeads;
    }

    public int keyDim() {
        return keyDim;
    }

    /** The value projection's size per head: {@code value_dim}, or {@code key_dim} when not given. */
    public int valueDim() {
        return valueDim == null ? keyDim : valueDim;
    }

    int outputDim(int queryFeatures) {
        return outputShape == null ? queryFeatures : outputShape;
    }

    private MultiHeadAttention self() {
        return (MultiHeadAttention) this;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("num_heads", numHeads);
        c.put("key_dim", keyDim);
        c.put("value_dim", valueDim);
        c.put("dropout", dropout);
        c.put("use_bias", useBias);
        c.put("output_shape", outputShape);
        c.put("attention_axes", null);
        c.put("kernel_initializer", LayerConfigs.serialize(kernelInitializer));
        c.put("bias_initializer", LayerConfigs.serialize(biasInitializer));
        c.put("kernel_regularizer", LayerConfigs.serialize(kernelRegularizer));
        c.put("bias_regularizer", LayerConfigs.serialize(biasRegularizer));
        c.put("activity_regularizer", null);
        c.put("kernel_constraint", null);
        c.put("bias_constraint", null);
        c.put("seed", seed);
        c.put("use_causal_mask", useCausalMask);
        c.put("return_attention_scores", returnAttentionScores);
        return c;
    }

    /** Reads every key but num_heads and key_dim into a freshly constructed layer; for fromConfig. */
    static MultiHeadAttention readConfig(MultiHeadAttention m, ConfigReader r, Map<String, Object> c) {
        attentionAxes(r, c);
        r.requireInert("activity_regularizer", null);
        r.requireInert("kernel_constraint", null);
        r.requireInert("bias_constraint", null);
        r.getBoolean("flash_attention", false);          // only chooses Keras' kernel; the same numbers
        m.valueDim(r.getNullableInt("value_dim"))
                .dropout(r.getDouble("dropout", 0))
                .useBias(r.getBoolean("use_bias", true))
                .outputShape(outputShape(r, c))
                .kernelRegularizer(LayerConfigs.regularizer(r, "kernel_regularizer"))
                .biasRegularizer(LayerConfigs.regularizer(r, "bias_regularizer"))
                .useCausalMask(r.getBoolean("use_causal_mask", false))
                .returnAttentionScores(r.getBoolean("return_attention_scores", false));
        Initializer k = LayerConfigs.initializer(r, "kernel_initializer");
        if (k != null) m.kernelInitializer(k);
        Initializer b = LayerConfigs.initializer(r, "bias_initializer");
        if (b != null) m.biasInitializer(b);
        Long s = r.getNullableLong("seed");
        if (s != null) m.seed(s);
        return LayerConfigs.restoreBase(m, r);
    }

    /** {@code attention_axes}: null, or the sequence axis 1 (as Keras writes it once built: {@code [1]}). */
    private static void attentionAxes(ConfigReader r, Map<String, Object> c) {
        Object o = r.raw("attention_axes", null);
        boolean sequence = o == null || (o instanceof Number && ((Number) o).doubleValue() == 1)
                || (o instanceof List && ((List<?>) o).size() == 1 && ((List<?>) o).get(0) instanceof Number
                && ((Number) ((List<?>) o).get(0)).doubleValue() == 1);
        if (!sequence) {
            throw r.error("config key 'attention_axes' is not supported at this value; expected attention_axes=null or [1] "
                    + "(attention over the sequence axis), received attention_axes=" + o);
        }
    }

    /** {@code output_shape}: null, a size, or a list of one size (Keras writes tuples as lists). */
    private static Integer outputShape(ConfigReader r, Map<String, Object> c) {
        Object o = c.get("output_shape");
        if (o instanceof List) {
            if (((List<?>) o).size() != 1) {
                throw r.error("expected output_shape as null, a size or a list of one size, received output_shape=" + o);
            }
            return r.requireIntList("output_shape", 1)[0];
        }
        return r.getNullableInt("output_shape");
    }
}
