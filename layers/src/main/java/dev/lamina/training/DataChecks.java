package dev.lamina.training;

import dev.lamina.layers.LayerNode;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.losses.Loss;
import dev.lamina.models.Model;
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
    static int check(String call, String what, Model model, Compiled c, List<Tensor> xs, List<Tensor> ys, Tensor sampleWeight) {
        List<String> inNames = model.inputNames(), outNames = model.outputNames();
        if (c != null) {
            for (int i = 0; i < ys.size(); i++) {
                if (c.loss(i) != null && ys.get(i) == null) {
                    throw new IllegalArgumentException(call + ": missing " + what + "target for output '" + outNames.get(i) + "', which has a loss");
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
        if (c.checkFinite()) all.forEach((arg, t) -> DataAdapter.requireFinite(call + ": " + arg, t));
        try (NoGrad ignored = NoGrad.enter()) {
            for (int i = 0; i < ys.size(); i++) {
                Loss loss = c.loss(i);
                if (loss == null || ys.get(i) == null) continue;
                try {
                    loss.checkTargets(ys.get(i), model.outputs().get(i).shape());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(call + ": " + what + label("y", outNames, i) + " (shape " + ys.get(i).shape() + "): "
                            + e.getMessage(), e);
                }
            }
            for (int i = 0; i < xs.size(); i++) checkConsumers(call, what + label("x", inNames, i), model, i, xs.get(i));
        }
        return n;
    }

    /** The common first dimension of the arrays; zero samples is an error (Keras raises instead of inventing a loss). */
    static int samples(String call, Map<String, Tensor> all) {
        int n = Structures.numSamples(all);
        if (n == 0) {
            Map.Entry<String, Tensor> first = all.entrySet().iterator().next();
            throw new IllegalArgumentException(call + ": expected at least one sample, received " + first.getKey() + " with 0 samples (shape "
                    + first.getValue().shape() + ")");
        }
        return n;
    }

    /** {@code x}, or {@code x['img_input']} when the model has several inputs. */
    static String label(String arg, List<String> names, int i) {
        return names.size() == 1 ? arg : arg + "['" + names.get(i) + "']";
    }

    private static void checkConsumers(String call, String arg, Model model, int input, Tensor x) {
        SymbolicTensor in = model.inputs().get(input);
        for (LayerNode node : model.nodes()) {
            if (!node.inputs().contains(in)) continue;
            try {
                node.layer().checkInputData(node.inputs().indexOf(in), x);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(call + ": " + arg + " (shape " + x.shape() + "): " + e.getMessage(), e);
            }
        }
    }
}
