package dev.lamina.layers;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.SpatialOps;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.List;
import java.util.Map;

/**
 * Keras' {@code Conv2DTranspose} (a "deconvolution"): the transpose of a Conv2D, mapping {@code (h, w)} to about
 * {@code (h*strides, w*strides)}. The kernel is stored as Keras stores it, {@code (kernel_h, kernel_w, filters,
 * channels)}; output lengths follow Keras' {@code deconv_output_length}, and {@code output_padding} (each below
 * its stride) adds cells at the bottom/right.
 */
public final class Conv2DTranspose extends BaseConv<Conv2DTranspose> {
    private int[] outputPadding;

    /** @param kernelSize one size for both axes, or (height, width) */
    public Conv2DTranspose(int filters, int... kernelSize) {
        super("conv2d_transpose", 2, filters, kernelSize);
    }

    /** Extra cells at the end of each axis, {@code (ph, pw)} or one for both, each below its stride; null for none. */
    public Conv2DTranspose outputPadding(int... p) {
        requireNotBuilt("output_padding");
        if (p == null) {
            outputPadding = null;
            return this;
        }
        int[] v = ConvArgs.tuple(className(), "output_padding", p, 2, 0);
        int[] s = strides();
        for (int i = 0; i < 2; i++) {
            if (v[i] >= s[i]) {
                throw new IllegalArgumentException(className() + ": expected output_padding below the strides " + ConvArgs.text(s)
                        + ", received output_padding=" + ConvArgs.text(v));
            }
        }
        outputPadding = v;
        return this;
    }

    /** The output padding, or null for none. */
    public int[] outputPadding() {
        return outputPadding == null ? null : outputPadding.clone();
    }

    @Override
    protected Shape kernelShape(int inChannels) {
        int[] k = kernelSize();
        return Shape.of(k[0], k[1], filters(), inChannels);
    }

    @Override
    protected Tensor convolve(Tensor x, Tensor kernel) {
        return SpatialOps.conv2dTranspose(x, kernel, strides(), padding(), dilationRate(), outputPadding);
    }

    @Override
    protected void checkInput(Shape expected, Shape received) {
        if (expected.rank() != received.rank() || expected.last() != received.last()) {
            throw new IllegalArgumentException(ConvArgs.who(this) + ": expected an input like " + expected + ", received " + received);
        }
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> in) {
        int[] d = in.get(0).toArray();
        int[] k = kernelSize(), s = strides(), dil = dilationRate();
        for (int a = 0; a < 2; a++) {
            int n = d[1 + a], span = dil[a] * (k[a] - 1) + 1;
            if (n == Shape.UNKNOWN) continue;
            if (outputPadding == null) d[1 + a] = "valid".equals(padding()) ? n * s[a] + Math.max(span - s[a], 0) : n * s[a];
            else d[1 + a] = (n - 1) * s[a] + span - 2 * ("valid".equals(padding()) ? 0 : span / 2) + outputPadding[a];
        }
        d[3] = filters();
        return List.of(Shape.of(d));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Object> e : c.entrySet()) {
            out.put(e.getKey(), e.getValue());
            if (e.getKey().equals("padding")) out.put("output_padding", outputPadding == null ? null : LayerConfigs.list(outputPadding));
        }
        return out;
    }

    /** Rebuilds a Conv2DTranspose from {@link #getConfig()}. */
    public static Conv2DTranspose fromConfig(Map<String, Object> config) {
        ConfigReader r = LayerConfigs.reader("Conv2DTranspose", config);
        int filters = r.requireInt("filters");
        int[] k = r.requireInts("kernel_size", 2);
        int[] p = r.getInts("output_padding", 2);
        Conv2DTranspose layer = new Conv2DTranspose(filters, k).configure(config);
        return p == null ? layer : layer.outputPadding(p);
    }
}
