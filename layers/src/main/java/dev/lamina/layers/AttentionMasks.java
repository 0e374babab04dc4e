package dev.lamina.layers;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The masks of the attention layers ({@link MultiHeadAttention}, {@link Attention}, {@link AdditiveAttention}):
 * shape checks naming the layer, and the 0/1 tensor of allowed (query, key) pairs that the softmax sees. Masks are
 * data, not differentiable: a value is "true" when nonzero, as Keras casts masks to bool.
 */
final class AttentionMasks {
    /** Keras' large negative number for float32 scores at masked positions. */
    static final float LARGE_NEGATIVE = -1e9f;

    private AttentionMasks() {
    }

    /** The shapes of concrete inputs, to check them (batch included) before the layer builds. */
    static List<Shape> shapes(List<Tensor> inputs) {
        List<Shape> out = new ArrayList<>(inputs.size());
        for (Tensor t : inputs) out.add(t.shape());
        return out;
    }

    /** Whether two dimensions agree, either unknown counting as agreeing. */
    static boolean fits(int a, int b) {
        return a == Shape.UNKNOWN || b == Shape.UNKNOWN || a == b;
    }

    /** {@code masks.get(i)}, or null when the list is null or shorter. */
    static Tensor at(List<Tensor> masks, int i) {
        return masks == null || i >= masks.size() ? null : masks.get(i);
    }

    /** An {@code attention_mask} must be {@code [B, T, S]} for query {@code [B, T, .]} and value {@code [B, S, .]}. */
    static void checkAttentionMask(Layer layer, Shape mask, Shape query, Shape value) {
        Shape expected = Shape.of(query.dim(0), query.dim(1), value.dim(1));
        boolean ok = mask.rank() == 3;
        for (int i = 0; ok && i < 3; i++) ok = fits(mask.dim(i), expected.dim(i));
        if (!ok) {
            throw new IllegalArgumentException(ConvArgs.who(layer) + ": expected attention_mask of shape [batch, T, S] = " + expected
                    + " for query " + query + " and value " + value + ", received " + mask);
        }
    }

    /** A per-position mask must be {@code [batch, length]} of its input {@code [batch, length, .]}. */
    static void checkSequenceMask(Layer layer, String what, Tensor mask, Shape input) {
        if (mask != null) Masks.requireSteps(ConvArgs.who(layer), what, input, mask.shape());
    }

    /**
     * The allowed (t, s) pairs {@code [B, T, S]} ({@code [1, T, S]} for the causal mask alone), 1 or 0: where the
     * attention mask, the query mask at t, the value and key masks at s and, when causal, {@code s <= t} all allow;
     * null when no mask is given and the layer is not causal.
     */
    static Tensor allowed(Tensor attention, Tensor queryMask, Tensor valueMask, Tensor keyMask, boolean causal, int batch, int t, int s) {
        if (attention == null && queryMask == null && valueMask == null && keyMask == null && !causal) return null;
        int b = attention == null && queryMask == null && valueMask == null && keyMask == null ? 1 : batch;
        float[] m = new float[b * t * s];
        for (int n = 0; n < b; n++) {
            for (int i = 0; i < t; i++) {
                boolean row = queryMask == null || queryMask.get(n * t + i) != 0f;
                for (int j = 0; j < s; j++) {
                    boolean ok = row && (!causal || j <= i)
                            && (valueMask == null || valueMask.get(n * s + j) != 0f)
                            && (keyMask == null || keyMask.get(n * s + j) != 0f)
                            && (attention == null || attention.get((n * t + i) * s + j) != 0f);
                    m[(n * t + i) * s + j] = ok ? 1f : 0f;
                }
            }
        }
        return Tensor.of(m, Shape.of(b, t, s));
    }

    /**
     * MultiHeadAttention's {@code _compute_attention_mask}: the explicit mask and the inputs' implicit masks as one
     * attention mask {@code [B, T, S]}, or the explicit one (possibly null) when no implicit mask is given.
     */
    static Tensor combine(Layer layer, Tensor explicit, Tensor queryMask, Tensor valueMask, Tensor keyMask, Shape query, Shape value) {
        if (queryMask == null && valueMask == null && keyMask == null) return explicit;
        checkSequenceMask(layer, "query_mask", queryMask, query);
        checkSequenceMask(layer, "value_mask", valueMask, value);
        checkSequenceMask(layer, "key_mask", keyMask, value);
        if (explicit != null) checkAttentionMask(layer, explicit.shape(), query, value);
        return allowed(explicit, queryMask, valueMask, keyMask, false, query.dim(0), query.dim(1), value.dim(1));
    }
}
