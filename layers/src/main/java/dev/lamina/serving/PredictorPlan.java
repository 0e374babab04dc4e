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
 * A model compiled for inference: its graph flattened (nested models inlined) into numbered values and a list of
 * {@link Step}s in execution order, with every weight copied. Dropout and noise layers, Flatten and Reshape become
 * aliases; a BatchNormalization whose only input is a linear Dense or Conv2D used by nothing else is folded into it
 * ({@link Folding}); Dense, Conv2D, 2-D pooling and relu run on this thread's buffers; every other layer runs its
 * normal forward on a copy ({@link LayerStep}).
 */
final class PredictorPlan {
    private static final int MAX_NESTING = 32;

    final List<Step> steps = new ArrayList<>();
    final List<Shape> shapes = new ArrayList<>();   // per value, per sample
    final int[] inputs;
    final int[] outputs;
    int folded;
    int removed;

    private final List<FlatNode> nodes = new ArrayList<>();
    private final Map<Layer, Layer> copies = new IdentityHashMap<>();

    /** One layer call of the flattened graph. */
    private record FlatNode(Layer layer, int[] in, int[] out) {
    }

    PredictorPlan(Model model) {
        List<Shape> inShapes = new ArrayList<>();
        for (var t : model.inputs()) inShapes.add(t.shape());
        inputs = new int[inShapes.size()];
        for (int i = 0; i < inputs.length; i++) {
            Shape s = inShapes.get(i).dropFirst();
            for (int d = 0; d < s.rank(); d++) {
                if (s.dim(d) == Shape.UNKNOWN) {
                    throw new IllegalArgumentException("Predictor: input '" + model.inputNames().get(i) + "' has shape " + inShapes.get(i)
                            + "; a predictor needs every dimension but the batch known");
                }
            }
            inputs[i] = value(s);
        }
        outputs = flatten(model, inputs, 0);
        compile();
    }

    private int value(Shape sample) {
        shapes.add(sample);
        return shapes.size() - 1;
    }

    /** Appends the model's calls to {@link #nodes}, its inputs bound to {@code in}; returns its outputs' values. */
    private int[] flatten(Model m, int[] in, int depth) {
        if (depth > MAX_NESTING) throw new IllegalArgumentException("Predictor: models are nested more than " + MAX_NESTING + " deep");
        Map<Object, Integer> values = new IdentityHashMap<>();
        for (int i = 0; i < in.length; i++) values.put(m.inputs().get(i), in[i]);
        for (var node : m.nodes()) {
            int[] args = new int[node.inputs().size()];
            for (int k = 0; k < args.length; k++) args[k] = values.get(node.inputs().get(k));
            int[] outs;
            if (node.layer() instanceof Model) {
                outs = flatten((Model) node.layer(), args, depth + 1);
            } else {
                outs = new int[node.outputs().size()];
                for (int k = 0; k < outs.length; k++) outs[k] = value(node.outputs().get(k).shape().dropFirst());
                nodes.add(new FlatNode(node.layer(), args, outs));
            }
            for (int k = 0; k < outs.length; k++) values.put(node.outputs().get(k), outs[k]);
        }
        int[] result = new int[m.outputs().size()];
        for (int k = 0; k < result.length; k++) result[k] = values.get(m.outputs().get(k));
        return result;
    }

    private void compile() {
        int[] uses = new int[shapes.size()];
        for (FlatNode n : nodes) for (int v : n.in) uses[v]++;
        for (int v : outputs) uses[v]++;
        boolean[] done = new boolean[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            if (done[i]) continue;
            FlatNode n = nodes.get(i);
            Layer l = n.layer;
            if (l instanceof BaseDropout || l instanceof GaussianNoise) {
                steps.add(new AliasStep(n.in[0], n.out[0]));
                removed++;
            } else if (l instanceof Flatten || l instanceof Reshape) {
                steps.add(new AliasStep(n.in[0], n.out[0]));
            } else if ((l instanceof Dense || l instanceof Conv2D) && n.in.length == 1) {
                int bn = uses[n.out[0]] == 1 && "linear".equals(activation(l)) ? foldable(i, n.out[0]) : -1;
                int out = n.out[0];
                Variable kv = l instanceof Dense ? ((Dense) l).kernel() : ((Conv2D) l).kernel();
                Variable bv = l instanceof Dense ? ((Dense) l).bias() : ((Conv2D) l).bias();
                float[] kernel = Snapshots.copy(kv);
                float[] bias = bv == null ? null : Snapshots.copy(bv);
                if (bn >= 0) {
                    int units = kv.shape().last();
                    bias = Folding.fold((BatchNormalization) nodes.get(bn).layer, kernel, bias, units);
                    out = nodes.get(bn).out[0];
                    done[bn] = true;
                    folded++;
                }
                String act = activation(l);
                boolean relu = act.equals("relu");
                ActivationFunction other = relu || act.equals("linear") ? null : Activations.get(act);
                if (l instanceof Dense) {
                    steps.add(new DenseStep(n.in[0], out, kernel, bias, kv.shape().dim(0), kv.shape().dim(1), relu, other));
                } else {
                    Conv2D c = (Conv2D) l;
                    steps.add(new ConvStep(n.in[0], out, kernel, kv.shape(), bias, relu, other, c.strides(), c.padding(), c.dilationRate()));
                }
            } else if ((l instanceof MaxPooling2D || l instanceof AveragePooling2D) && n.in.length == 1) {
                BasePooling<?> p = (BasePooling<?>) l;
                steps.add(new PoolStep(n.in[0], n.out[0], l instanceof MaxPooling2D, p.poolSize(), p.strides(), p.padding()));
            } else if (l instanceof Activation && ((Activation) l).activation() == Activations.RELU && n.in.length == 1) {
                steps.add(new ReluStep(n.in[0], n.out[0]));
            } else {
                steps.add(new LayerStep(copies.computeIfAbsent(l, Snapshots::layer), n.in, n.out));
            }
        }
    }

    /** The node after {@code producer} that is a BatchNormalization over the last axis of {@code value}, its only use; else -1. */
    private int foldable(int producer, int value) {
        for (int j = producer + 1; j < nodes.size(); j++) {
            FlatNode n = nodes.get(j);
            for (int v : n.in) {
                if (v != value) continue;
                return n.layer instanceof BatchNormalization && n.in.length == 1
                        && Folding.lastAxis((BatchNormalization) n.layer, shapes.get(value).rank() + 1) ? j : -1;
            }
        }
        return -1;
    }

    /** The Keras name of a Dense or Conv2D's activation, from its config. */
    private static String activation(Layer l) {
        Object a = l.getConfig().get("activation");
        return a instanceof String ? (String) a : String.valueOf(a);
    }
}
