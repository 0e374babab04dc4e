package dev.lamina.metrics;

import dev.lamina.tensor.Tensor;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Weighted confusion counts per threshold (Keras' {@code update_confusion_matrix_variables}), shared by the
 * confusion metrics and AUC. Counts are laid out {@code [threshold * labels + label]}; a prediction is positive iff
 * it is strictly greater than the threshold, a label iff it is non-zero.
 */
final class Confusion {
    /** Keras' {@code NEG_INF}: what top-k filtering writes outside the top k, and the matching default threshold. */
    static final double NEG_INF = -1e10;

    private Confusion() {
    }

    /**
     * Direct comparison against every threshold. Element {@code i} belongs to label {@code i % labels}; with
     * {@code classId} non-null only elements of that column (of {@code classes}) count.
     */
    static void direct(Tensor pred, Tensor truth, double[] w, double[] thresholds, int labels, Integer classId, int classes,
                       double[] tp, double[] fp, double[] tn, double[] fn) {
        int n = pred.size();
        float[] th = new float[thresholds.length];
        for (int t = 0; t < th.length; t++) th[t] = (float) thresholds[t];   // Keras compares in float32
        for (int i = 0; i < n; i++) {
            if (classId != null && i % classes != classId) continue;
            int l = labels == 1 ? 0 : i % labels;
            boolean positive = truth.get(i) != 0f;
            double wi = w == null ? 1.0 : w[i];
            float p = pred.get(i);
            for (int t = 0; t < th.length; t++) {
                int k = t * labels + l;
                if (p > th[t]) {
                    if (positive) tp[k] += wi;
                    else fp[k] += wi;
                } else if (positive) {
                    fn[k] += wi;
                } else {
                    tn[k] += wi;
                }
            }
        }
    }

    /**
     * The fast path for thresholds {@code [-eps, 1/(T-1), ..., (T-2)/(T-1), 1+eps]}: predictions clipped to [0, 1]
     * fall in bucket {@code max(ceil(p (T-1)) - 1, 0)}, and a threshold counts the buckets at or above its index.
     */
    static void bucketed(Tensor pred, Tensor truth, double[] w, int numThresholds, int labels,
                         double[] tp, double[] fp, double[] tn, double[] fn) {
        double[] pos = new double[numThresholds * labels];
        double[] neg = new double[numThresholds * labels];
        int n = pred.size();
        for (int i = 0; i < n; i++) {
            double p = Math.min(Math.max(pred.get(i), 0.0), 1.0);
            int b = Double.isNaN(p) ? 0 : Math.max((int) Math.ceil(p * (numThresholds - 1)) - 1, 0);
            int k = b * labels + (labels == 1 ? 0 : i % labels);
            double wi = w == null ? 1.0 : w[i];
            if (truth.get(i) != 0f) pos[k] += wi;
            else neg[k] += wi;
        }
        for (int l = 0; l < labels; l++) {
            double above = 0, aboveNeg = 0;
            for (int t = numThresholds - 1; t >= 0; t--) {
                above += pos[t * labels + l];
                aboveNeg += neg[t * labels + l];
                tp[t * labels + l] += above;
                fp[t * labels + l] += aboveNeg;
            }
            double below = 0, belowNeg = 0;
            for (int t = 0; t < numThresholds; t++) {
                fn[t * labels + l] += below;
                tn[t * labels + l] += belowNeg;
                below += pos[t * labels + l];
                belowNeg += neg[t * labels + l];
            }
        }
    }

    /** Keras' {@code _filter_top_k}: entries outside the k largest of each row (last axis) become {@link #NEG_INF}. */
    static Tensor filterTopK(Tensor x, int k) {
        int n = x.rank() == 0 ? 1 : x.shape().last();
        int rows = n == 0 ? 0 : x.size() / n;
        float[] out = new float[x.size()];
        Arrays.fill(out, (float) NEG_INF);
        for (int r = 0; r < rows; r++) {
            int off = r * n;
            Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
            // Largest first; the lower index wins a tie, as top_k does.
            Arrays.sort(order, Comparator.comparingDouble((Integer j) -> -x.get(off + j)).thenComparingInt(j -> j));
            for (int j = 0; j < Math.min(k, n); j++) out[off + order[j]] = x.get(off + order[j]);
        }
        return Tensor.of(out, x.shape());
    }
}
