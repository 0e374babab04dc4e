package dev.lamina.optimizers;

/**
 * Keras' three gradient clippings (keras/optimizers/base_optimizer.py {@code _clip_gradients}). Each writes the
 * clipped gradient into the variable's reusable clip buffer and points {@code grads/offsets} at it, so the
 * caller's tensors stay untouched and nothing is allocated after the first step.
 */
final class GradientClipping {
    private GradientClipping() {
    }

    /** Per variable: {@code g * c / max(||g||, c)}. */
    /** Clips by norm, else global norm, else value (the first option set and positive); see the methods below. */
    static void clip(Double clipnorm, Double globalClipnorm, Double clipvalue, Slots[] slots, float[][] grads, int[] offsets, int n) {
        if (clipnorm != null && clipnorm > 0) byNorm(slots, grads, offsets, n, clipnorm);
        else if (globalClipnorm != null && globalClipnorm > 0) byGlobalNorm(slots, grads, offsets, n, globalClipnorm);
        else if (clipvalue != null && clipvalue > 0) byValue(slots, grads, offsets, n, clipvalue);
    }

    static void byNorm(Slots[] slots, float[][] grads, int[] offsets, int n, double clipnorm) {
        float c = (float) clipnorm;
        for (int j = 0; j < n; j++) {
            float[] g = grads[j];
            int off = offsets[j], len = slots[j].size();
            float denom = Math.max((float) Math.sqrt(sumOfSquares(g, off, len)), c);
            float[] out = slots[j].clipBuffer();
            for (int i = 0; i < len; i++) out[i] = g[off + i] * c / denom;
            grads[j] = out;
            offsets[j] = 0;
        }
    }

    /** All variables by one factor {@code c * min(1/norm, 1/c)}; a non-finite global norm makes every gradient NaN, as in Keras. */
    static void byGlobalNorm(Slots[] slots, float[][] grads, int[] offsets, int n, double clipnorm) {
        double sum = 0;
        for (int j = 0; j < n; j++) sum += sumOfSquares(grads[j], offsets[j], slots[j].size());
        float norm = (float) Math.sqrt(sum);
        float c = (float) clipnorm;
        float scale = c * Math.min(1f / norm, 1f / c) + (norm - norm);
        for (int j = 0; j < n; j++) {
            float[] g = grads[j];
            int off = offsets[j], len = slots[j].size();
            float[] out = slots[j].clipBuffer();
            for (int i = 0; i < len; i++) out[i] = g[off + i] * scale;
            grads[j] = out;
            offsets[j] = 0;
        }
    }

    /** Elementwise {@code clip(g, -c, c)}; NaN stays NaN. */
    static void byValue(Slots[] slots, float[][] grads, int[] offsets, int n, double clipvalue) {
        float c = (float) clipvalue;
        for (int j = 0; j < n; j++) {
            float[] g = grads[j];
            int off = offsets[j], len = slots[j].size();
            float[] out = slots[j].clipBuffer();
            for (int i = 0; i < len; i++) out[i] = Math.min(Math.max(g[off + i], -c), c);
            grads[j] = out;
            offsets[j] = 0;
        }
    }

    private static double sumOfSquares(float[] g, int off, int len) {
        double s = 0;
        for (int i = 0; i < len; i++) {
            double x = g[off + i];
            s += x * x;
        }
        return s;
    }
}
