package dev.lamina.layers;

import dev.lamina.initializers.Initializers;
import dev.lamina.tensor.NnOps;
import dev.lamina.tensor.Ops;
import dev.lamina.tensor.ReduceOps;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.Variable;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Map;

/**
 * Keras' {@code AdditiveAttention(use_scale=True, dropout=0)}, Bahdanau-style: the scores are
 * {@code Σ_d scale[d] · tanh(query[i, d] + key[j, d])}, where {@code scale [dim]} is a weight (glorot uniform, as in
 * Keras) with use_scale and 1 without. Inputs, masks and outputs as {@link BaseDenseAttention} describes.
 */
public final class AdditiveAttention extends BaseDenseAttention<AdditiveAttention> {
    private Variable scale;

    public AdditiveAttention() {
        super("additive_attention", true);
    }

    /** The per-feature scale [dim] (null without use_scale). */
    public Variable scale() {
        return scale;
    }

    @Override
    protected void buildScores(Shape query, Shape key) {
        if (useScale) scale = addWeight("scale", Shape.of(query.last()), Initializers.glorotUniform());
    }

    @Override
    protected Tensor scores(Tensor query, Tensor key) {
        Shape q = query.shape(), k = key.shape();
        Tensor t = NnOps.tanh(Ops.add(query.reshape(q.dim(0), q.dim(1), 1, q.dim(2)), key.reshape(k.dim(0), 1, k.dim(1), k.dim(2))));
        return ReduceOps.sum(scale == null ? t : Ops.multiply(scale.value(), t), false, -1);
    }

    /** Rebuilds an AdditiveAttention from {@link #getConfig()} (or a Keras config). */
    public static AdditiveAttention fromConfig(Map<String, Object> config) {
        ConfigReader r = LayerConfigs.reader("AdditiveAttention", config);
        return readConfig(new AdditiveAttention().useScale(r.getBoolean("use_scale", true)), r);
    }
}
