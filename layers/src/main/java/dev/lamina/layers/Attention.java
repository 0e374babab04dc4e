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
 * Keras' {@code Attention(use_scale=False, score_mode="dot", dropout=0)}, Luong-style: with score_mode "dot" the
 * scores are {@code query · keyᵀ}, times the scalar weight {@code scale} (initially 1) with use_scale; with "concat"
 * they are {@code concat_score_weight · Σ_d tanh(scale · (query[i, d] + key[j, d]))}. Inputs, masks and outputs as
 * {@link BaseDenseAttention} describes.
 */
public final class Attention extends BaseDenseAttention<Attention> {
    private String scoreMode = "dot";
    private Variable scale;
    private Variable concatScoreWeight;

    public Attention() {
        super("attention", false);
    }

    /** "dot" (the default) or "concat". */
    public Attention scoreMode(String mode) {
        requireNotBuilt("score_mode");
        if (!"dot".equals(mode) && !"concat".equals(mode)) {
            throw new IllegalArgumentException("Attention: expected score_mode 'dot' or 'concat', received '" + mode + "'");
        }
        scoreMode = mode;
        return this;
    }

    public String scoreMode() {
        return scoreMode;
    }

    /** The scalar scale (null without use_scale). */
    public Variable scale() {
        return scale;
    }

    @Override
    protected void buildScores(Shape query, Shape key) {
        if (useScale) scale = addWeight("scale", Shape.scalar(), Initializers.ones());
        if (scoreMode.equals("concat")) concatScoreWeight = addWeight("concat_score_weight", Shape.scalar(), Initializers.ones());
    }

    @Override
    protected Tensor scores(Tensor query, Tensor key) {
        if (scoreMode.equals("dot")) {
            Tensor s = Ops.matmul(query, key, false, true);
            return scale == null ? s : Ops.multiply(s, scale.value());
        }
        Shape q = query.shape(), k = key.shape();
        Tensor sum = Ops.add(query.reshape(q.dim(0), q.dim(1), 1, q.dim(2)), key.reshape(k.dim(0), 1, k.dim(1), k.dim(2)));
        if (scale != null) sum = Ops.multiply(scale.value(), sum);
        return Ops.multiply(concatScoreWeight.value(), ReduceOps.sum(NnOps.tanh(sum), false, -1));
    }

    @Override
    protected void putScoreConfig(Map<String, Object> c) {
        c.put("score_mode", scoreMode);
    }

    /** Rebuilds an Attention from {@link #getConfig()} (or a Keras config). */
    public static Attention fromConfig(Map<String, Object> config) {
        ConfigReader r = LayerConfigs.reader("Attention", config);
        Attention a = new Attention().useScale(r.getBoolean("use_scale", false)).scoreMode(r.getString("score_mode", "dot"));
        return readConfig(a, r);
    }
}
