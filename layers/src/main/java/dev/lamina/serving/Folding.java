package dev.lamina.serving;

import dev.lamina.layers.BatchNormalization;
import dev.lamina.tensor.Variable;

import java.util.List;

/**
 * BatchNormalization folded into the Dense or Conv2D before it, at inference: with
 * {@code s = gamma / sqrt(moving_variance + epsilon)}, the kernel's output column {@code j} is multiplied by
 * {@code s[j]} and the bias becomes {@code (bias - moving_mean) * s + beta}, computed in double and rounded once.
 * The result differs from the two layers run one after the other only by float rounding (the model's own order
 * rounds after the product, the subtraction, the division, the scaling and the shift).
 */
final class Folding {
    private Folding() {
    }

    /** True when the layer normalizes the last axis of its rank-{@code rank} input (Keras' default axis -1). */
    static boolean lastAxis(BatchNormalization bn, int rank) {
        Object a = bn.getConfig().get("axis");
        if (a instanceof List && ((List<?>) a).size() == 1) a = ((List<?>) a).get(0);
        if (!(a instanceof Number)) return false;
        int axis = ((Number) a).intValue();
        return axis == -1 || axis == rank - 1;
    }

    /** Scales {@code kernel}'s columns ({@code units} per row, in place) and returns the folded bias. */
    static float[] fold(BatchNormalization bn, float[] kernel, float[] bias, int units) {
        double eps = ((Number) bn.getConfig().get("epsilon")).doubleValue();
        float[] mean = Snapshots.copy(bn.movingMean()), var = Snapshots.copy(bn.movingVariance());
        float[] gamma = values(bn.gamma(), units, 1f), beta = values(bn.beta(), units, 0f);
        double[] s = new double[units];
        for (int j = 0; j < units; j++) s[j] = gamma[j] / Math.sqrt((double) var[j] + eps);
        for (int i = 0; i < kernel.length; i++) kernel[i] = (float) (kernel[i] * s[i % units]);
        float[] b = new float[units];
        for (int j = 0; j < units; j++) b[j] = (float) (((bias == null ? 0.0 : bias[j]) - mean[j]) * s[j] + beta[j]);
        return b;
    }

    private static float[] values(Variable v, int units, float absent) {
        if (v != null) return Snapshots.copy(v);
        float[] f = new float[units];
        java.util.Arrays.fill(f, absent);
        return f;
    }
}
