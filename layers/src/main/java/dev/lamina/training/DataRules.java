package dev.lamina.training;

import dev.lamina.tensor.Ops;
import dev.lamina.tensor.ReduceOps;
import dev.lamina.tensor.Tensor;

import java.util.Map;
import java.util.TreeSet;

/** Keras' data rules that fit applies to arrays: validation split, class weights, finite values. */
public final class DataRules {
    private DataRules() {
    }

    /** Throws naming {@code arg} and the first NaN or infinity by its index in {@code t} (the caller's array). */
    public static void requireFinite(String arg, Tensor t) {
        int k = ReduceOps.firstNonFinite(t);
        if (k < 0) return;
        int[] idx = new int[t.rank()];
        for (int d = t.rank() - 1, rest = k; d >= 0; d--) {
            idx[d] = rest % t.shape().dim(d);
            rest /= t.shape().dim(d);
        }
        throw new IllegalArgumentException(arg + " contains " + t.get(k) + " at index " + java.util.Arrays.toString(idx) + " (flat index " + k
                + ", shape " + t.shape() + "); clean the data, or compile with CompileOptions.checkFinite(false) to accept non-finite values");
    }

    /** Keras' split point: {@code floor(n * (1 - split))} in float64; an error if it leaves no training or validation rows. */
    public static int splitAt(int n, double split) {
        int at = (int) Math.floor(n * (1.0 - split));
        if (at <= 0 || at >= n) {
            throw new IllegalArgumentException("validation_split=" + split + " on " + n + " samples leaves " + at
                    + " training and " + (n - at) + " validation samples; both must be at least 1");
        }
        return at;
    }

    /**
     * Checks class_weight against the output it weights: keys are class indices in {@code [0, classes)} ({@code classes}
     * = the output's last dimension, 2 for a single unit), weights finite (tf.keras raises for other keys).
     */
    public static void checkClassWeight(Map<Integer, Double> classWeight, String output, int units) {
        int classes = units == 1 ? 2 : units;
        for (Map.Entry<Integer, Double> e : classWeight.entrySet()) {
            Integer k = e.getKey();
            if (classes > 0 && (k < 0 || k >= classes)) {
                throw new IllegalArgumentException("fit: expected class_weight keys to be class indices in [0, " + classes + ") for output '" + output
                        + "', received key " + k + "; class_weight keys: " + new TreeSet<>(classWeight.keySet()));
            }
            if (!Double.isFinite(e.getValue())) {
                throw new IllegalArgumentException("fit: expected finite class_weight values, received " + e.getValue() + " for class " + k);
            }
        }
    }

    /** Per-sample weights from {@code classWeight} (tf.keras 2.x rule), multiplied into {@code sampleWeight}. */
    public static Tensor classWeights(Map<Integer, Double> classWeight, Tensor y, Tensor sampleWeight) {
        Tensor idx;
        if (y.rank() >= 2 && y.shape().last() > 1) {
            idx = ReduceOps.argmax(y, -1);
        } else {
            idx = y;
        }
        int n = y.shape().dim(0);
        if (idx.size() != n) {
            throw new IllegalArgumentException("class_weight: expected one class per sample, received targets of shape " + y.shape());
        }
        float[] w = new float[n];
        TreeSet<Integer> missing = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            int c = (int) Math.rint(idx.get(i));
            Double cw = classWeight.get(c);
            if (cw == null) missing.add(c);
            else w[i] = cw.floatValue();
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("class_weight: classes " + missing + " appear in y but have no weight; class_weight keys: " + new TreeSet<>(classWeight.keySet()));
        }
        Tensor cwT = Tensor.of(w, y.shape().dim(0));
        return sampleWeight == null ? cwT : Ops.multiply(sampleWeight.reshape(n), cwT);
    }
}
