package dev.lamina.layers;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;

import java.util.List;

/**
 * Helpers for the 0/1 masks that travel with tensors ({@link Layer#forwardMasked}): checking a sequence mask,
 * combining masks, and shaping one to multiply its tensor. Masks are plain tensors outside autodiff.
 */
public final class Masks {
    private Masks() {
    }

    /** Requires a {@code [batch, time]} mask for a sequence input {@code [batch, time, ...]}; {@code who} names the layer. */
    public static void requireSteps(String who, Shape inputShape, Shape maskShape) {
        requireSteps(who, "a mask", inputShape, maskShape);
    }

    /** {@link #requireSteps(String, Shape, Shape)} naming the mask ({@code what}: "query_mask", ...). */
    public static void requireSteps(String who, String what, Shape inputShape, Shape maskShape) {
        Shape expected = inputShape.rank() >= 2 ? Shape.of(inputShape.dim(0), inputShape.dim(1)) : null;
        if (expected == null || !expected.equals(maskShape)) {
            throw new IllegalArgumentException(who + ": expected " + what + " of shape [batch, time] = "
                    + (expected == null ? "(batch, time)" : expected) + " for the input " + inputShape + ", received " + maskShape);
        }
    }

    /** The elementwise AND of the non-null masks (1 where every one is nonzero), or null when all are null. */
    public static Tensor all(String who, List<Tensor> masks) {
        Tensor first = null;
        float[] out = null;
        for (Tensor m : masks) {
            if (m == null) continue;
            if (first == null) {
                first = m;
                out = new float[m.size()];
                for (int i = 0; i < out.length; i++) out[i] = m.get(i) != 0f ? 1f : 0f;
                continue;
            }
            if (!m.shape().equals(first.shape())) {
                throw new IllegalArgumentException(who + ": expected the masks of the inputs to have one shape, received " + first.shape() + " and " + m.shape());
            }
            for (int i = 0; i < out.length; i++) if (m.get(i) == 0f) out[i] = 0f;
        }
        return first == null ? null : Tensor.of(out, first.shape());
    }

    /** The mask with trailing length-1 axes up to {@code rank}, as 0/1 floats, to multiply a tensor of that rank. */
    public static Tensor expand(Tensor mask, int rank) {
        int[] d = new int[rank];
        java.util.Arrays.fill(d, 1);
        System.arraycopy(mask.shape().toArray(), 0, d, 0, mask.rank());
        float[] v = new float[mask.size()];
        for (int i = 0; i < v.length; i++) v[i] = mask.get(i) != 0f ? 1f : 0f;
        return Tensor.of(v, Shape.of(d));
    }
}
