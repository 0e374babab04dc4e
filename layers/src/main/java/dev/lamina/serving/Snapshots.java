package dev.lamina.serving;

import dev.lamina.layers.Layer;
import dev.lamina.layers.WeightBudget;
import dev.lamina.models.LayerRegistry;
import dev.lamina.tensor.NoGrad;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.Variable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Copies of weights and layers for a {@link Predictor}, so that later changes to the model do not reach it. */
final class Snapshots {
    private Snapshots() {
    }

    /** A copy of a weight's values (from 0, exactly its size). */
    static float[] copy(Variable v) {
        Tensor t = v.value();
        return Arrays.copyOfRange(t.data(), t.offset(), t.offset() + t.size());
    }

    /**
     * A layer with its own copy of the weights, made from its config through {@link LayerRegistry} and built for the
     * same input shapes (weights start at zero, no initializer runs, no session seed is drawn). A layer without
     * weights is returned as it is, since inference does not change it; so is a user layer whose class is not
     * registered, which then runs on the model's own weights.
     */
    static Layer layer(Layer l) {
        List<Variable> ws = l.weights();
        if (ws.isEmpty()) return l;
        Layer c;
        try {
            c = LayerRegistry.create(l.className(), l.getConfig());
        } catch (IllegalArgumentException e) {
            if (LayerRegistry.isBuiltIn(l.className())) throw e;
            return l;
        }
        c.seed(0L);
        long bytes = 0;
        for (Variable v : ws) bytes += 4L * v.size();
        List<Tensor> probes = new ArrayList<>();
        for (Shape s : l.builtInputShapes()) {
            int[] d = s.toArray();
            for (int i = 0; i < d.length; i++) if (d[i] == Shape.UNKNOWN) d[i] = 1;
            probes.add(Tensor.zeros(Shape.of(d)));
        }
        Layer built = c;
        WeightBudget.loading(bytes, "a predictor's copy of layer '" + l.name() + "'", () -> {
            try (NoGrad ignored = NoGrad.enter()) {
                return built.forward(probes, false);
            }
        });
        List<Variable> cw = c.weights();
        if (cw.size() != ws.size()) {
            throw new IllegalStateException("Predictor: the copy of layer '" + l.name() + "' has " + cw.size() + " weights, the layer " + ws.size());
        }
        for (int i = 0; i < ws.size(); i++) {
            if (!cw.get(i).shape().equals(ws.get(i).shape())) {
                throw new IllegalStateException("Predictor: the copy of layer '" + l.name() + "' has weight " + cw.get(i).shape()
                        + " where the layer has " + ws.get(i).shape());
            }
            cw.get(i).assign(ws.get(i).value());      // copies
        }
        return c;
    }
}
