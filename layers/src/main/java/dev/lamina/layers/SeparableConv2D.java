package dev.lamina.layers;

import dev.lamina.activations.Activations;
import dev.lamina.initializers.Initializer;
import dev.lamina.initializers.Initializers;
import dev.lamina.regularizers.Regularizer;
import dev.lamina.tensor.ConvOps;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.Variable;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Map;

/**
 * Keras' {@code SeparableConv2D}: a depthwise convolution (no bias) followed by a 1x1 convolution to
 * {@code filters} channels, then bias and activation. Weights as Keras 3 names them: {@code depthwise_kernel
 * (kh, kw, channels, depth_multiplier)}, {@code pointwise_kernel (1, 1, channels * depth_multiplier, filters)} and
 * {@code bias (filters)}.
 */
public final class SeparableConv2D extends BaseDepthwiseConv<SeparableConv2D> {
    private final int filters;
    private Initializer pointwiseInitializer = Initializers.glorotUniform();
    private Regularizer pointwiseRegularizer;
    private Variable depthwiseKernel;
    private Variable pointwiseKernel;
    private Variable bias;

    /** @param kernelSize one size for both axes, or (height, width) */
    public SeparableConv2D(int filters, int... kernelSize) {
        super("separable_conv2d", kernelSize);
        if (filters <= 0) throw new IllegalArgumentException("SeparableConv2D: expected filters > 0, received filters=" + filters);
        this.filters = filters;
    }

    public SeparableConv2D pointwiseInitializer(Initializer i) {
        requireNotBuilt("pointwise_initializer");
        pointwiseInitializer = i;
        return this;
    }

    public SeparableConv2D pointwiseRegularizer(Regularizer r) {
        requireNotBuilt("pointwise_regularizer");
        pointwiseRegularizer = r;
        return this;
    }

    public int filters() {
        return filters;
    }

    public Variable depthwiseKernel() {
        return depthwiseKernel;
    }

    public Variable pointwiseKernel() {
        return pointwiseKernel;
    }

    public Variable bias() {
        return bias;
    }

    @Override
    protected int outputChannels(int channels) {
        return filters;
    }

    @Override
    protected void build(Shape in) {
        checkChannels(in);
        depthwiseKernel = addDepthwiseKernel("depthwise_kernel", in.last());
        pointwiseKernel = addWeight("pointwise_kernel", Shape.of(1, 1, in.last() * depthMultiplier(), filters),
                pointwiseInitializer, true, pointwiseRegularizer);
        if (useBias()) bias = addBias(filters);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        boolean relu = activationFunction() == Activations.RELU;
        Tensor y = ConvOps.conv2d(depthwise(x, depthwiseKernel.value()), pointwiseKernel.value(), bias == null ? null : bias.value(),
                relu, new int[]{1, 1}, "valid", new int[]{1, 1});
        return relu ? y : activationFunction().apply(y);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("filters", filters);
        putDepthwiseConfig(c);
        c.put("pointwise_initializer", LayerConfigs.serialize(pointwiseInitializer));
        c.put("pointwise_regularizer", LayerConfigs.serialize(pointwiseRegularizer));
        return c;
    }

    /** Rebuilds a SeparableConv2D from {@link #getConfig()}. */
    public static SeparableConv2D fromConfig(Map<String, Object> config) {
        ConfigReader r = LayerConfigs.reader("SeparableConv2D", config);
        SeparableConv2D s = new SeparableConv2D(r.requireInt("filters"), r.requireInts("kernel_size", 2));
        Initializer p = LayerConfigs.initializer(r, "pointwise_initializer");
        if (p != null) s.pointwiseInitializer(p);
        s.pointwiseRegularizer(LayerConfigs.regularizer(r, "pointwise_regularizer"));
        return s.configure(config);
    }
}
