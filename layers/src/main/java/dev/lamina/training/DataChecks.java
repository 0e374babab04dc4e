package dev.lamina.training;

import dev.lamina.losses.Loss;
import dev.lamina.tensor.NoGrad;
import dev.lamina.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks every entry point runs once per call on the caller's whole arrays, before any step changes a weight:
 * targets present where a loss needs them, a common non-zero sample count, input shapes, finite values (unless
 * compiled with {@code checkFinite(false)}), each loss' target contract ({@link Loss#checkTargets}) and the input
 * contract of layers fed straight from a model input ({@link dev.lamina.layers.Layer#checkInputData}). Errors name
 * the call, the argument ({@code x}, {@code y['class_output']}, {@code validation y}, ...) and the index in the
 * caller's array, not in a shuffled batch.
 */
final class DataChecks {
    private DataChecks() {
    }

    /**
     * Checks one set of arrays; {@code what} is {@code ""} or {@code "validation "}. Returns the number of samples.
     * {@code ys} may hold nulls for outputs without a target (predict passes none at all).
     */
    static int check(String call, String what, Trainable model, Compiled c, List<Tensor> xs, List<Tensor> ys, Tensor sampleWeight) {
        List<String> inNames = model.inputNames(), outNames = model.outputNames();
        if (c != null) {
            for (int i = 0; i < ys.size(); i++) {
                if (c.loss(i) != null && ys.get(i) == null) {
                    throw new IllegalArgumentException(call + ": expected " + what + label("y", outNames, i) + " (the target for output '" + outNames.get(i)
                            + "', which has a loss), received null");
                }
            }
        }
        Map<String, Tensor> all = new LinkedHashMap<>();
        for (int i = 0; i < xs.size(); i++) all.put(what + label("x", inNames, i), xs.get(i));
        for (int i = 0; i < ys.size(); i++) if (ys.get(i) != null) all.put(what + label("y", outNames, i), ys.get(i));
        if (sampleWeight != null) all.put(what + "sample_weight", sampleWeight);
        int n = samples(call, all);
        for (int i = 0; i < xs.size(); i++) {
            String arg = what + label("x", inNames, i);
            try {
                model.checkInputShape(i, xs.get(i).shape());
            } catch (IllegalArgumentException e) {
                if (what.isEmpty()) throw e;
                throw new IllegalArgumentException(call + ": " + arg + ": " + e.getMessage(), e);
            }
        }
        if (c == null) return n;
        if (c.checkFinite()) all.forEach((arg, t) -> DataRules.requireFinite(call + ": " + arg, t));
        try (NoGrad ignored = NoGrad.enter()) {
            for (int i = 0; i < ys.size(); i++) {
                Loss loss = c.loss(i);
                if (loss == null || ys.get(i) == null) continue;
                try {
                    loss.checkTargets(ys.get(i), model.outputShapes().get(i));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(call + ": " + what + label("y", outNames, i) + " (shape " + ys.get(i).shape() + "): "
                            + e.getMessage(), e);
                }
            }
            for (int i = 0; i < xs.size(); i++) checkConsumers(call, what + label("x", inNames, i), model, i, xs.get(i));
        }
        return n;
    }

    /** Checks data as the caller passed it; see {@link #check}. */
    static int checkData(String call, String what, Trainable model, Compiled c, Data x, Data y, Tensor sampleWeight) {
        return check(call, what, model, c, inputs(call, what, model, x), targets(call, what, model, y), sampleWeight);
    }

    /** Checks a batch by position (already resolved); see {@link #check}. */
    static void checkBatch(String call, String what, Trainable model, Compiled c, Batch b) {
        check(call, what, model, c, b.inputs(), b.targets(), b.sampleWeight());
    }

    /** The caller's {@code x} by input position; errors start with the call. */
    static List<Tensor> inputs(String call, String what, Trainable model, Data x) {
        if (x == null) {
            throw new IllegalArgumentException(call + ": expected " + what + "x (data for the model's inputs " + model.inputNames() + "), received null");
        }
        try {
            return x.resolve("input", what + "x", model.inputNames());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(call + ": " + e.getMessage(), e);
        }
    }

    /** The caller's {@code y} by output position (nulls without targets); errors start with the call. */
    static List<Tensor> targets(String call, String what, Trainable model, Data y) {
        if (y == null) return java.util.Arrays.asList(new Tensor[model.outputNames().size()]);
        try {
            return y.resolve("output", what + "y", model.outputNames());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(call + ": " + e.getMessage(), e);
        }
    }

    /** The common first dimension of the arrays; zero samples is an error (Keras raises instead of inventing a loss). */
    static int samples(String call, Map<String, Tensor> all) {
        int n = numSamples(call, all);
        if (n == 0) {
            Map.Entry<String, Tensor> first = all.entrySet().iterator().next();
            throw new IllegalArgumentException(call + ": expected at least one sample, received " + first.getKey() + " with 0 samples (shape "
                    + first.getValue().shape() + ")");
        }
        return n;
    }

    /** The common number of samples (first dimension) of the tensors; -1 if none. */
    static int numSamples(String call, Map<String, Tensor> tensors) {
        int n = -1;
        String first = null;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            if (t.rank() == 0) throw new IllegalArgumentException(call + ": expected " + e.getKey() + " to have a batch dimension, received a scalar");
            int m = t.shape().dim(0);
            if (n < 0) {
                n = m;
                first = e.getKey();
            } else if (m != n) {
                throw new IllegalArgumentException("Data cardinality is ambiguous: " + first + " has " + n + " samples but "
                        + e.getKey() + " has " + m + "; make sure all arrays contain the same number of samples");
            }
        }
        return n;
    }

    /** {@code x}, or {@code x['img_input']} when the model has several inputs. */
    static String label(String arg, List<String> names, int i) {
        return names.size() == 1 ? arg : arg + "['" + names.get(i) + "']";
    }

    private static void checkConsumers(String call, String arg, Trainable model, int input, Tensor x) {
        try {
            model.checkInputData(input, x);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(call + ": " + arg + " (shape " + x.shape() + "): " + e.getMessage(), e);
        }
    }
}
