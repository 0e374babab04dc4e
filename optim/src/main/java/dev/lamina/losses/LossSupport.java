package dev.lamina.losses;

import dev.lamina.tensor.Autodiff;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Arrays;
import java.util.Map;

/** Shared constants and helpers of the loss classes (package-private). */
final class LossSupport {
    /** {@code keras.backend.epsilon()} as float32. */
    static final float EPSILON = 1e-7f;
    /** The upper clip Keras applies to float32 probabilities: float32(1 - 1e-7) = 0.9999998807907104. */
    static final float ONE_MINUS_EPSILON = 1f - 1e-7f;

    private LossSupport() {
    }

    /** Keras 3's {@code squeeze_or_expand_to_same_rank(x1, x2, expand_rank_1=True)}. */
    static Tensor[] sameRank(Tensor x1, Tensor x2) {
        int r1 = x1.rank(), r2 = x2.rank();
        if (r1 == r2 + 1 && x1.shape().last() == 1) {
            if (r2 == 1) x2 = x2.reshape(x2.shape().dim(0), 1);
            else x1 = x1.reshape(dropLast(x1.shape()));
        } else if (r2 == r1 + 1 && x2.shape().last() == 1) {
            if (r1 == 1) x1 = x1.reshape(x1.shape().dim(0), 1);
            else x2 = x2.reshape(dropLast(x2.shape()));
        }
        return new Tensor[]{x1, x2};
    }

    static int[] dropLast(Shape s) {
        return Arrays.copyOf(s.toArray(), s.rank() - 1);
    }

    /**
     * Elementwise {@code max(z, 0) - z*y + log(1 + exp(-|z|))}, the stable sigmoid cross-entropy on logits, fused:
     * its gradient is {@code sigmoid(z) - y} for the logits and {@code -z} for the labels.
     */
    static Tensor sigmoidCrossEntropyWithLogits(Tensor labels, Tensor logits) {
        int n = logits.size();
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            double z = logits.get(i), y = labels.get(i);
            out[i] = (float) (Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z))));
        }
        Tensor result = Tensor.of(out, logits.shape());
        return Autodiff.record("sigmoid_cross_entropy", result, new Tensor[]{logits, labels}, g -> {
            float[] dz = logits.requiresGrad() ? new float[n] : null;
            float[] dy = labels.requiresGrad() ? new float[n] : null;
            for (int i = 0; i < n; i++) {
                double z = logits.get(i), gi = g.get(i);
                if (dz != null) {
                    double s = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
                    dz[i] = (float) (gi * (s - labels.get(i)));
                }
                if (dy != null) dy[i] = (float) (-gi * z);
            }
            return new Tensor[]{dz == null ? null : Tensor.of(dz, logits.shape()), dy == null ? null : Tensor.of(dy, labels.shape())};
        });
    }

    /** Throws unless {@code label} is a class index in {@code [0, classes)}. */
    static void checkLabel(String who, float label, int classes, int index) {
        if (label != Math.rint(label) || label < 0 || label >= classes) {
            throw new IllegalArgumentException(who + ": expected y_true class indices in [0, " + classes + "), received "
                    + formatLabel(label) + " at index " + index);
        }
    }

    private static String formatLabel(float v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Float.toString(v);
    }

    // ---- config parsing

    /** Restores the base fields ({@code name}, {@code reduction}) of a loss rebuilt from its config. */
    static <L extends Loss> L base(L loss, Map<String, Object> config) {
        ConfigReader r = ConfigReader.of(loss.getClass().getSimpleName() + ".fromConfig", config);
        String name = r.getString("name", null);
        if (name != null) loss.name(name);
        String reduction = r.getString("reduction", null);
        if (reduction != null) loss.reduction(Reduction.of(reduction));
        return loss;
    }
}
