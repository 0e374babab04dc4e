package dev.lamina.training;

import dev.lamina.models.Model;
import dev.lamina.tensor.Ops;
import dev.lamina.tensor.ReduceOps;
import dev.lamina.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns what users pass to fit/evaluate/predict (a Tensor, a list by position, a map by name) into the model's
 * positional inputs and targets, and applies Keras' data rules: validation split, class weights, finite inputs.
 */
public final class DataAdapter {
    private DataAdapter() {
    }

    /** The model's inputs, by position, from a Tensor, a List or a Map keyed by input name. */
    @SuppressWarnings("unchecked")
    public static List<Tensor> inputs(Model model, Object x) {
        List<String> names = model.inputNames();
        return byPosition("input", "x", names, x);
    }

    /** The model's targets, by position (null where an output has no target). */
    public static List<Tensor> targets(Model model, Object y) {
        return byPosition("output", "y", model.outputNames(), y);
    }

    @SuppressWarnings("unchecked")
    private static List<Tensor> byPosition(String what, String arg, List<String> names, Object s) {
        List<Tensor> out = new ArrayList<>();
        if (s == null) {
            if (what.equals("input")) {
                throw new IllegalArgumentException("expected " + arg + " (data for the model's inputs " + names + "), received null");
            }
            for (int i = 0; i < names.size(); i++) out.add(null);
            return out;
        }
        if (s instanceof Tensor) {
            if (names.size() != 1) {
                throw new IllegalArgumentException("Model expects " + names.size() + " " + what + "s " + names + ", but " + arg
                        + " is a single Tensor; pass a list by position or a map by name");
            }
            out.add((Tensor) s);
        } else if (s instanceof List) {
            List<Object> l = (List<Object>) s;
            if (l.size() != names.size()) {
                throw new IllegalArgumentException("Model expects " + names.size() + " " + what + "s " + names + ", but " + arg + " has " + l.size());
            }
            for (int i = 0; i < l.size(); i++) out.add(tensor(arg + "[" + i + "]", l.get(i)));
        } else if (s instanceof Map) {
            Map<String, Object> m = (Map<String, Object>) s;
            for (String k : m.keySet()) {
                if (!names.contains(k)) throw new IllegalArgumentException("Unknown " + what + " name '" + k + "' in " + arg + "; the model's " + what + "s are " + names);
            }
            for (String n : names) out.add(tensor(arg + "['" + n + "']", m.get(n)));
        } else {
            throw new IllegalArgumentException("expected " + arg + " to be a Tensor, a List<Tensor> or a Map<String, Tensor>, received " + s.getClass().getSimpleName());
        }
        if (what.equals("input")) {
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i) == null) throw new IllegalArgumentException("Missing data for input '" + names.get(i) + "'");
            }
        }
        return out;
    }

    private static Tensor tensor(String arg, Object o) {
        if (o == null || o instanceof Tensor) return (Tensor) o;
        throw new IllegalArgumentException("expected " + arg + " to be a Tensor, received " + o.getClass().getSimpleName());
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
