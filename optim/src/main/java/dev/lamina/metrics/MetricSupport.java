package dev.lamina.metrics;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.ShapeMismatchException;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Array helpers and config helpers shared by the metric classes (package-private). */
final class MetricSupport {
    private MetricSupport() {
    }

    /** Keras 3's {@code squeeze_or_expand_to_same_rank}: fixes a rank difference of one caused by a trailing 1. */
    static Tensor[] sameRank(Tensor x1, Tensor x2, boolean expandRank1) {
        int r1 = x1.rank(), r2 = x2.rank();
        if (r1 == r2 + 1 && x1.shape().last() == 1) {
            if (r2 == 1 && expandRank1) x2 = x2.reshape(x2.shape().dim(0), 1);
            else x1 = x1.reshape(dropLast(x1.shape()));
        } else if (r2 == r1 + 1 && x2.shape().last() == 1) {
            if (r1 == 1 && expandRank1) x1 = x1.reshape(x1.shape().dim(0), 1);
            else x2 = x2.reshape(dropLast(x2.shape()));
        }
        return new Tensor[]{x1, x2};
    }

    /** {@code y_true} and {@code y_pred} brought to the same rank and required to have equal shapes. */
    static Tensor[] aligned(String who, Tensor yTrue, Tensor yPred) {
        if (yTrue == null || yPred == null) throw new IllegalArgumentException(who + ": expected y_true and y_pred tensors, received null");
        Tensor[] p = sameRank(yTrue.detach(), yPred.detach(), true);
        if (!p[0].shape().equals(p[1].shape())) {
            throw new ShapeMismatchException(who, "y_true and y_pred of the same shape", yTrue.shape(), yPred.shape());
        }
        return p;
    }

    static int[] dropLast(Shape s) {
        return Arrays.copyOf(s.toArray(), s.rank() - 1);
    }

    /**
     * Per-element weights for a tensor of shape {@code target}: trailing 1s of the weight beyond the target rank are
     * squeezed, a shorter weight gets trailing axes ({@code [batch]} spreads over the class axis), then NumPy
     * broadcasting. Null weights give null.
     */
    static double[] broadcastWeights(String who, Tensor w, Shape target) {
        if (w == null) return null;
        int[] ws = w.shape().toArray();
        int rank = ws.length;
        while (rank > target.rank() && ws[rank - 1] == 1) rank--;
        if (rank > target.rank()) throw new ShapeMismatchException(who, "a sample_weight that broadcasts to the values", w.shape(), target);
        int[] d = new int[target.rank()];
        Arrays.fill(d, 1);
        System.arraycopy(ws, 0, d, 0, rank);
        int[] strides = new int[d.length];
        int acc = 1;
        for (int i = d.length - 1; i >= 0; i--) {
            if (d[i] != 1 && d[i] != target.dim(i)) {
                throw new ShapeMismatchException(who, "a sample_weight that broadcasts to the values", w.shape(), target);
            }
            strides[i] = d[i] == 1 ? 0 : acc;
            acc *= d[i];
        }
        int n = target.size();
        double[] out = new double[n];
        int[] idx = new int[d.length];
        int src = 0;
        for (int i = 0; i < n; i++) {
            out[i] = w.get(src);
            for (int k = d.length - 1; k >= 0; k--) {
                idx[k]++;
                src += strides[k];
                if (idx[k] < target.dim(k)) break;
                src -= strides[k] * target.dim(k);
                idx[k] = 0;
            }
        }
        return out;
    }

    /**
     * Keras 3's {@code reduce_to_samplewise_values} followed by {@code Mean.update_state}'s sums: returns
     * {@code {sum of (weighted) per-sample values, sum of weights or number of samples}}.
     */
    static double[] samplewiseTotals(String who, Tensor values, Tensor weights) {
        Tensor v = values.detach();
        if (weights == null) {
            if (v.rank() == 0) return new double[]{v.get(0), 1};
            int samples = v.shape().dim(0);
            double total = 0;
            for (int i = 0; i < v.size(); i++) total += v.get(i);
            int inner = samples == 0 ? 1 : v.size() / samples;
            return new double[]{total / inner, samples};
        }
        Tensor[] p = sameRank(v, weights.detach(), true);
        v = p[0];
        Tensor w = p[1];
        int rw = w.rank();
        if (w.rank() > v.rank()) throw new ShapeMismatchException(who, "a sample_weight that broadcasts to the values", weights.shape(), values.shape());
        // Values averaged down to the weight's rank, then weighted; both averaged over non-batch axes.
        Shape reduced = Shape.of(Arrays.copyOf(v.shape().toArray(), rw));
        double[] vr = meanRows(v, reduced.size());
        double[] wb = broadcastWeights(who, w, reduced);
        int samples = rw == 0 ? 1 : reduced.dim(0);
        int inner = samples == 0 ? 1 : reduced.size() / samples;
        double total = 0, count = 0;
        for (int i = 0; i < vr.length; i++) {
            total += vr[i] * wb[i];
            count += wb[i];
        }
        return new double[]{total / inner, count / inner};
    }

    /** Splits {@code t} into {@code rows} equal row-major rows and averages each. */
    private static double[] meanRows(Tensor t, int rows) {
        double[] out = new double[rows];
        if (rows == 0) return out;
        int inner = t.size() / rows;
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int j = 0; j < inner; j++) s += t.get(r * inner + j);
            out[r] = inner == 0 ? 0 : s / inner;
        }
        return out;
    }

    /**
     * Index of the largest of {@code n} values from {@code off} (the first one at ties); a NaN counts as the largest
     * (the first NaN's index), as {@code ReduceOps.argmax} and NumPy's argmax.
     */
    static int argmax(Tensor t, int off, int n) {
        int best = 0;
        float bv = t.get(off);
        for (int j = 1; j < n; j++) {
            float v = t.get(off + j);
            if (v > bv || (v != v && bv == bv)) {
                bv = v;
                best = j;
            }
        }
        return best;
    }

    /** TF's {@code in_top_k}: fewer than {@code k} entries of the row are strictly larger than entry {@code target}. */
    static boolean inTopK(Tensor pred, int off, int n, int target, int k) {
        if (target < 0 || target >= n) return false;
        float v = pred.get(off + target);
        if (Float.isNaN(v)) return false;
        int larger = 0;
        for (int j = 0; j < n; j++) if (pred.get(off + j) > v) larger++;
        return larger < k;
    }

    // ---- config parsing

    /** Restores the base field {@code name} of a metric rebuilt from its config. */
    static <M extends Metric> M base(M metric, Map<String, Object> config) {
        String name = ConfigReader.of(metric.getClass().getSimpleName() + ".fromConfig", config).getString("name", null);
        if (name != null) metric.name(name);
        return metric;
    }

    static List<Double> list(double[] values) {
        if (values == null) return null;
        List<Double> l = new ArrayList<>(values.length);
        for (double d : values) l.add(d);
        return l;
    }
}
