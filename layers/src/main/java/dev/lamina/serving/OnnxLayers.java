package dev.lamina.serving;

import dev.lamina.layers.Activation;
import dev.lamina.layers.Add;
import dev.lamina.layers.Average;
import dev.lamina.layers.BaseDropout;
import dev.lamina.layers.Concatenate;
import dev.lamina.layers.Dense;
import dev.lamina.layers.ELU;
import dev.lamina.layers.Embedding;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.GaussianNoise;
import dev.lamina.layers.Layer;
import dev.lamina.layers.LeakyReLU;
import dev.lamina.layers.Maximum;
import dev.lamina.layers.Minimum;
import dev.lamina.layers.Multiply;
import dev.lamina.layers.ReLU;
import dev.lamina.layers.Reshape;
import dev.lamina.layers.Softmax;
import dev.lamina.layers.Subtract;

import java.util.List;

/**
 * Each layer call as ONNX nodes (opset 13). The convolution, pooling and normalization layers are in
 * {@link OnnxWindows}; a layer with no equivalent here is an error naming it.
 */
final class OnnxLayers {
    static final List<String> EXPORTABLE = List.of("Dense", "Activation", "ReLU", "LeakyReLU", "ELU", "Softmax", "Flatten", "Reshape",
            "Dropout", "SpatialDropout1D", "SpatialDropout2D", "GaussianNoise", "Add", "Subtract", "Multiply", "Average", "Maximum",
            "Minimum", "Concatenate", "Embedding", "Conv1D", "Conv2D", "MaxPooling1D", "MaxPooling2D", "AveragePooling1D",
            "AveragePooling2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalAveragePooling1D", "GlobalAveragePooling2D",
            "BatchNormalization");

    private OnnxLayers() {
    }

    static void convert(OnnxGraph g, FlatGraph.Node n) {
        Layer l = n.layer();
        int in = n.in()[0], out = n.out()[0];
        String base = l.name();
        if (OnnxWindows.convert(g, n)) return;
        if (l instanceof BaseDropout || l instanceof GaussianNoise) {
            g.alias(in, out);
        } else if (l instanceof Dense) {
            Dense d = (Dense) l;
            String w = g.floats(d.kernel().name(), d.kernel().shape().toArray(), Snapshots.copy(d.kernel()));
            String y;
            if (g.rank(in) == 2) {
                String[] args = d.bias() == null ? new String[]{g.last(in), w}
                        : new String[]{g.last(in), w, g.floats(d.bias().name(), d.bias().shape().toArray(), Snapshots.copy(d.bias()))};
                y = g.node("Gemm", base, args);
            } else {
                y = g.node("MatMul", base, new String[]{g.last(in), w});
                if (d.bias() != null) y = g.node("Add", base + "_bias", new String[]{y, g.floats(d.bias().name(), d.bias().shape().toArray(), Snapshots.copy(d.bias()))});
            }
            g.setLast(out, activation(g, l, (String) l.getConfig().get("activation"), y, base));
        } else if (l instanceof Activation) {
            String act = ((Activation) l).activation().name();
            if (g.hasFirst(in) && elementwise(act)) g.setFirst(out, activation(g, l, act, g.first(in), base));
            else g.setLast(out, activation(g, l, act, g.last(in), base));
        } else if (l instanceof ReLU) {
            var c = l.getConfig();
            if (((Number) c.get("negative_slope")).doubleValue() != 0 || ((Number) c.get("threshold")).doubleValue() != 0) throw unsupported(l, "negative_slope or threshold other than 0");
            String y = g.node("Relu", base, new String[]{g.last(in)});
            if (c.get("max_value") != null) {
                y = g.node("Clip", base + "_max", new String[]{y, g.floats(base + "/min", new int[0], new float[]{0f}),
                        g.floats(base + "/max", new int[0], new float[]{((Number) c.get("max_value")).floatValue()})});
            }
            g.setLast(out, y);
        } else if (l instanceof LeakyReLU) {
            float a = ((Number) l.getConfig().get("negative_slope")).floatValue();
            g.setLast(out, g.node("LeakyRelu", base, new String[]{g.last(in)}, OnnxProto.attrFloat("alpha", a)));
        } else if (l instanceof ELU) {
            float a = ((Number) l.getConfig().get("alpha")).floatValue();
            g.setLast(out, g.node("Elu", base, new String[]{g.last(in)}, OnnxProto.attrFloat("alpha", a)));
        } else if (l instanceof Softmax) {
            g.setLast(out, g.node("Softmax", base, new String[]{g.last(in)}, OnnxProto.attrInt("axis", ((Softmax) l).axis())));
        } else if (l instanceof Flatten) {
            g.setLast(out, g.node("Flatten", base, new String[]{g.last(in)}, OnnxProto.attrInt("axis", 1)));
        } else if (l instanceof Reshape) {
            int[] t = ((Reshape) l).targetShape();
            long[] shape = new long[t.length + 1];
            for (int i = 0; i < t.length; i++) shape[i + 1] = t[i];      // 0 keeps the batch dimension
            g.setLast(out, g.node("Reshape", base, new String[]{g.last(in), g.int64s(base + "/shape", shape)}));
        } else if (l instanceof Add || l instanceof Subtract || l instanceof Multiply || l instanceof Average || l instanceof Maximum
                || l instanceof Minimum || l instanceof Concatenate) {
            String[] args = new String[n.in().length];
            for (int i = 0; i < args.length; i++) args[i] = g.last(n.in()[i]);
            String op = l instanceof Add ? "Sum" : l instanceof Subtract ? "Sub" : l instanceof Multiply ? "Mul" : l instanceof Average ? "Mean"
                    : l instanceof Maximum ? "Max" : l instanceof Minimum ? "Min" : "Concat";
            if (op.equals("Mul") && args.length > 2) {
                String y = args[0];
                for (int i = 1; i < args.length; i++) y = g.node("Mul", base, new String[]{y, args[i]});
                g.setLast(out, y);
            } else if (op.equals("Concat")) {
                g.setLast(out, g.node("Concat", base, args, OnnxProto.attrInt("axis", ((Concatenate) l).axis())));
            } else {
                g.setLast(out, g.node(op, base, args));
            }
        } else if (l instanceof Embedding) {
            Embedding e = (Embedding) l;
            String idx = g.node("Cast", base + "_indices", new String[]{g.last(in)}, OnnxProto.attrInt("to", OnnxProto.INT64));
            String table = g.floats(e.embeddings().name(), e.embeddings().shape().toArray(), Snapshots.copy(e.embeddings()));
            g.setLast(out, g.node("Gather", base, new String[]{table, idx}, OnnxProto.attrInt("axis", 0)));
        } else {
            throw new IllegalArgumentException("Onnx.export: layer '" + l.name() + "' (" + l.className() + ") has no ONNX equivalent in this export;"
                    + " exportable layers: " + EXPORTABLE);
        }
    }

    /** True for activations that act on each value alone (so either layout will do). */
    static boolean elementwise(String act) {
        return !act.equals("softmax") && !act.equals("log_softmax");
    }

    /** {@code act} applied to {@code x}; returns the result's name ({@code x} itself for linear). */
    static String activation(OnnxGraph g, Layer l, String act, String x, String base) {
        String[] in = {x};
        String b = base + "_" + act;
        switch (act) {
            case "linear": return x;
            case "relu": return g.node("Relu", b, in);
            case "sigmoid": return g.node("Sigmoid", b, in);
            case "tanh": return g.node("Tanh", b, in);
            case "softmax": return g.node("Softmax", b, in, OnnxProto.attrInt("axis", -1));
            case "log_softmax": return g.node("LogSoftmax", b, in, OnnxProto.attrInt("axis", -1));
            case "elu": return g.node("Elu", b, in, OnnxProto.attrFloat("alpha", 1f));
            case "selu": return g.node("Selu", b, in);
            case "leaky_relu": return g.node("LeakyRelu", b, in, OnnxProto.attrFloat("alpha", 0.2f));
            case "hard_sigmoid": return g.node("HardSigmoid", b, in, OnnxProto.attrFloat("alpha", 1f / 6f), OnnxProto.attrFloat("beta", 0.5f));
            case "softplus": return g.node("Softplus", b, in);
            case "softsign": return g.node("Softsign", b, in);
            case "swish":
            case "silu": return g.node("Mul", b, new String[]{x, g.node("Sigmoid", b + "_gate", in)});
            default: throw unsupported(l, "activation '" + act + "'");
        }
    }

    static IllegalArgumentException unsupported(Layer l, String what) {
        return new IllegalArgumentException("Onnx.export: layer '" + l.name() + "' (" + l.className() + ") uses " + what + ", which this export cannot write");
    }
}
