package dev.lamina.serving;

import dev.lamina.activations.ActivationFunction;
import dev.lamina.activations.Activations;
import dev.lamina.layers.AveragePooling2D;
import dev.lamina.layers.BaseDropout;
import dev.lamina.layers.BasePooling;
import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Activation;
import dev.lamina.layers.Conv2D;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.GaussianNoise;
import dev.lamina.layers.Layer;
import dev.lamina.layers.MaxPooling2D;
import dev.lamina.layers.Reshape;
import dev.lamina.models.Model;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Variable;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model compiled for inference: its {@link FlatGraph} turned into a list of {@link Step}s in execution order, with every weight copied. Dropout and noise layers, Flatten and Reshape become
 * aliases; a BatchNormalization whose only input is a linear Dense or Conv2D used by nothing else is folded into it
 * ({@link Folding}); Dense, Conv2D, 2-D pooling and relu run on this thread's buffers; every other layer runs its
 * normal forward on a copy ({@link LayerStep}).
 */
final class PredictorPlan {
    final List<Step> steps = new ArrayList<>();
    final List<Shape> shapes;   // per value, per sample
    final int[] inputs;
    final int[] outputs;
    int folded;
    int removed;

    private final FlatGraph graph;
    private final List<FlatGraph.Node> nodes;
    private final Map<Layer, Layer> copies = new IdentityHashMap<>();

    PredictorPlan(Model model) {
        graph = new FlatGraph(model);
        shapes = graph.shapes;
        nodes = graph.nodes;
        inputs = graph.inputs;
        outputs = graph.outputs;
        for (int i = 0; i < inputs.length; i++) {
            Shape s = shapes.get(inputs[i]);
            for (int d = 0; d < s.rank(); d++) {
                if (s.dim(d) == Shape.UNKNOWN) {
                    throw new IllegalArgumentException("Predictor: input '" + graph.inputNames.get(i) + "' has shape " + model.inputs().get(i).shape()
                            + "; a predictor needs every dimension but the batch known");
                }
            }
        }
        compile();
    }

    private void compile() {
        int[] uses = graph.uses();
        boolean[] done = new boolean[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            if (done[i]) continue;
            FlatGraph.Node n = nodes.get(i);
            Layer l = n.layer();
            if (l instanceof BaseDropout || l instanceof GaussianNoise) {
                steps.add(new AliasStep(n.in()[0], n.out()[0]));
                removed++;
            } else if (l instanceof Flatten || l instanceof Reshape) {
                steps.add(new AliasStep(n.in()[0], n.out()[0]));
            } else if ((l instanceof Dense || l instanceof Conv2D) && n.in().length == 1) {
                int bn = uses[n.out()[0]] == 1 && "linear".equals(activation(l)) ? foldable(i, n.out()[0]) : -1;
                int out = n.out()[0];
                Variable kv = l instanceof Dense ? ((Dense) l).kernel() : ((Conv2D) l).kernel();
                Variable bv = l instanceof Dense ? ((Dense) l).bias() : ((Conv2D) l).bias();
                float[] kernel = Snapshots.copy(kv);
                float[] bias = bv == null ? null : Snapshots.copy(bv);
                if (bn >= 0) {
                    int units = kv.shape().last();
                    bias = Folding.fold((BatchNormalization) nodes.get(bn).layer(), kernel, bias, units);
                    out = nodes.get(bn).out()[0];
                    done[bn] = true;
                    folded++;
                }
                String act = activation(l);
                boolean relu = act.equals("relu");
                ActivationFunction other = relu || act.equals("linear") ? null : Activations.get(act);
                if (l instanceof Dense) {
                    steps.add(new DenseStep(n.in()[0], out, kernel, bias, kv.shape().dim(0), kv.shape().dim(1), relu, other));
                } else {
                    Conv2D c = (Conv2D) l;
                    steps.add(new ConvStep(n.in()[0], out, kernel, kv.shape(), bias, relu, other, c.strides(), c.padding(), c.dilationRate()));
                }
            } else if ((l instanceof MaxPooling2D || l instanceof AveragePooling2D) && n.in().length == 1) {
                BasePooling<?> p = (BasePooling<?>) l;
                steps.add(new PoolStep(n.in()[0], n.out()[0], l instanceof MaxPooling2D, p.poolSize(), p.strides(), p.padding()));
            } else if (l instanceof Activation && ((Activation) l).activation() == Activations.RELU && n.in().length == 1) {
                steps.add(new ReluStep(n.in()[0], n.out()[0]));
            } else {
                steps.add(new LayerStep(copies.computeIfAbsent(l, Snapshots::layer), n.in(), n.out()));
            }
        }
    }

    /** The node after {@code producer} that is a BatchNormalization over the last axis of {@code value}, its only use; else -1. */
    private int foldable(int producer, int value) {
        int j = graph.nextUse(producer, value, BatchNormalization.class);
        return j >= 0 && Folding.lastAxis((BatchNormalization) nodes.get(j).layer(), shapes.get(value).rank() + 1) ? j : -1;
    }

    /** The Keras name of a Dense or Conv2D's activation, from its config. */
    private static String activation(Layer l) {
        Object a = l.getConfig().get("activation");
        return a instanceof String ? (String) a : String.valueOf(a);
    }
}
