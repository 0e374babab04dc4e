package dev.lamina.serving;

import dev.lamina.layers.AveragePooling1D;
import dev.lamina.layers.AveragePooling2D;
import dev.lamina.layers.BaseConv;
import dev.lamina.layers.BasePooling;
import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Conv1D;
import dev.lamina.layers.Conv2D;
import dev.lamina.layers.GlobalAveragePooling1D;
import dev.lamina.layers.GlobalAveragePooling2D;
import dev.lamina.layers.GlobalMaxPooling1D;
import dev.lamina.layers.GlobalMaxPooling2D;
import dev.lamina.layers.GlobalPooling;
import dev.lamina.layers.Layer;
import dev.lamina.layers.MaxPooling1D;
import dev.lamina.layers.MaxPooling2D;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.io.ProtoWriter;

/**
 * Convolution, pooling and BatchNormalization as ONNX nodes: Conv, MaxPool and AveragePool run channels-first
 * (kernels transposed from Keras' {@code [k..., in, out]} to ONNX's {@code [out, in, k...]}), with Keras' padding
 * written out as explicit pads from the static shapes; global pooling reduces the spatial axes channels-last.
 */
final class OnnxWindows {
    private OnnxWindows() {
    }

    /** Writes the layer call if it is one of this class' layers; false otherwise. */
    static boolean convert(OnnxGraph g, FlatGraph.Node n) {
        Layer l = n.layer();
        int in = n.in()[0], out = n.out()[0];
        if (l instanceof Conv1D || l instanceof Conv2D) {
            conv(g, (BaseConv<?>) l, in, out);
        } else if (l instanceof MaxPooling1D || l instanceof MaxPooling2D || l instanceof AveragePooling1D || l instanceof AveragePooling2D) {
            BasePooling<?> p = (BasePooling<?>) l;
            boolean max = l instanceof MaxPooling1D || l instanceof MaxPooling2D;
            int[] size = p.poolSize(), strides = p.strides(), ones = new int[size.length];
            java.util.Arrays.fill(ones, 1);
            long[] pads = pads(l, g.sample(in), size, strides, ones, p.padding());
            g.setFirst(out, g.node(max ? "MaxPool" : "AveragePool", l.name(), new String[]{g.first(in)},
                    OnnxProto.attrInts("kernel_shape", longs(size)), OnnxProto.attrInts("strides", longs(strides)), OnnxProto.attrInts("pads", pads)));
        } else if (l instanceof GlobalMaxPooling1D || l instanceof GlobalMaxPooling2D || l instanceof GlobalAveragePooling1D
                || l instanceof GlobalAveragePooling2D) {
            boolean max = l instanceof GlobalMaxPooling1D || l instanceof GlobalMaxPooling2D;
            long[] axes = g.rank(in) == 3 ? new long[]{1} : new long[]{1, 2};
            g.setLast(out, g.node(max ? "ReduceMax" : "ReduceMean", l.name(), new String[]{g.last(in)}, OnnxProto.attrInts("axes", axes),
                    OnnxProto.attrInt("keepdims", ((GlobalPooling<?>) l).keepDims() ? 1 : 0)));
        } else if (l instanceof BatchNormalization) {
            batchNorm(g, (BatchNormalization) l, in, out);
        } else {
            return false;
        }
        return true;
    }

    private static void conv(OnnxGraph g, BaseConv<?> c, int in, int out) {
        Shape ks = c.kernel().shape();
        int rank = ks.rank() - 2, inC = ks.dim(rank), outC = ks.dim(rank + 1);
        int spatial = ks.size() / (inC * outC);
        float[] k = Snapshots.copy(c.kernel()), oihw = new float[k.length];
        for (int s = 0; s < spatial; s++) {               // [k..., in, out] -> [out, in, k...]
            for (int i = 0; i < inC; i++) for (int o = 0; o < outC; o++) oihw[(o * inC + i) * spatial + s] = k[(s * inC + i) * outC + o];
        }
        int[] dims = new int[rank + 2];
        dims[0] = outC;
        dims[1] = inC;
        for (int d = 0; d < rank; d++) dims[d + 2] = ks.dim(d);
        String w = g.floats(c.kernel().name(), dims, oihw);
        String[] args = c.bias() == null ? new String[]{g.first(in), w}
                : new String[]{g.first(in), w, g.floats(c.bias().name(), c.bias().shape().toArray(), Snapshots.copy(c.bias()))};
        int[] size = new int[rank];
        for (int d = 0; d < rank; d++) size[d] = ks.dim(d);
        String y = g.node("Conv", c.name(), args, OnnxProto.attrInts("kernel_shape", longs(size)),
                OnnxProto.attrInts("strides", longs(c.strides())), OnnxProto.attrInts("dilations", longs(c.dilationRate())),
                OnnxProto.attrInts("pads", pads(c, g.sample(in), size, c.strides(), c.dilationRate(), c.padding())));
        String act = (String) c.getConfig().get("activation");
        if (OnnxLayers.elementwise(act)) {
            g.setFirst(out, OnnxLayers.activation(g, c, act, y, c.name()));
        } else {
            g.setFirst(out, y);
            g.setLast(out, OnnxLayers.activation(g, c, act, g.last(out), c.name()));
        }
    }

    /** ONNX pads (all befores, then all afters) for Keras' valid, same or causal padding of the spatial axes. */
    private static long[] pads(Layer l, Shape sample, int[] size, int[] strides, int[] dilation, String padding) {
        int r = size.length;
        long[] pads = new long[2 * r];
        for (int d = 0; d < r; d++) {
            int n = sample.dim(d), eff = dilation[d] * (size[d] - 1) + 1;
            if (padding.equals("causal")) {
                pads[d] = eff - 1;
            } else if (padding.equals("same")) {
                if (n == Shape.UNKNOWN) throw OnnxLayers.unsupported(l, "'same' padding on an axis of unknown length");
                int outLen = (n + strides[d] - 1) / strides[d];
                int total = Math.max((outLen - 1) * strides[d] + eff - n, 0);
                pads[d] = total / 2;
                pads[d + r] = total - total / 2;
            }
        }
        return pads;
    }

    /** ONNX BatchNormalization on the channel axis (channels-first from rank 3 up); only the last axis, as Keras' default. */
    private static void batchNorm(OnnxGraph g, BatchNormalization bn, int in, int out) {
        if (!Folding.lastAxis(bn, g.rank(in))) throw OnnxLayers.unsupported(bn, "an axis other than the last");
        int c = bn.movingMean().size();
        float[] one = new float[c], zero = new float[c];
        java.util.Arrays.fill(one, 1f);
        String base = bn.name();
        int[] dims = {c};
        String scale = bn.gamma() == null ? g.floats(base + "/gamma", dims, one) : g.floats(bn.gamma().name(), dims, Snapshots.copy(bn.gamma()));
        String shift = bn.beta() == null ? g.floats(base + "/beta", dims, zero) : g.floats(bn.beta().name(), dims, Snapshots.copy(bn.beta()));
        String mean = g.floats(bn.movingMean().name(), dims, Snapshots.copy(bn.movingMean()));
        String var = g.floats(bn.movingVariance().name(), dims, Snapshots.copy(bn.movingVariance()));
        float eps = ((Number) bn.getConfig().get("epsilon")).floatValue();
        ProtoWriter epsilon = OnnxProto.attrFloat("epsilon", eps);
        if (g.rank(in) == 2) {
            g.setLast(out, g.node("BatchNormalization", base, new String[]{g.last(in), scale, shift, mean, var}, epsilon));
        } else {
            g.setFirst(out, g.node("BatchNormalization", base, new String[]{g.first(in), scale, shift, mean, var}, epsilon));
        }
    }

    private static long[] longs(int[] v) {
        long[] l = new long[v.length];
        for (int i = 0; i < v.length; i++) l[i] = v[i];
        return l;
    }
}
