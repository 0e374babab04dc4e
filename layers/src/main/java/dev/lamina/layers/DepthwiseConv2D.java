package dev.lamina.layers;

import dev.lamina.tensor.Ops;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.Variable;

import java.util.Map;

/**
 * Keras' {@code DepthwiseConv2D}: each input channel convolved with its own {@code depth_multiplier} filters, then
 * bias and activation; {@code channels * depth_multiplier} outputs, channel {@code c*M + m}. Weights as Keras 3
 * names them: {@code kernel (kh, kw, channels, depth_multiplier)} and {@code bias}. {@code new DepthwiseConv2D(3)}
 * on 32 channels has 3*3*32 + 32 = 320 parameters.
 */
public final class DepthwiseConv2D extends BaseDepthwiseConv<DepthwiseConv2D> {
    private Variable kernel;
    private Variable bias;

    /** @param kernelSize one size for both axes, or (height, width) */
    public DepthwiseConv2D(int... kernelSize) {
        super("depthwise_conv2d", kernelSize);
    }

    public Variable kernel() {
        return kernel;
    }

    public Variable bias() {
        return bias;
    }

    @Override
    protected int outputChannels(int channels) {
        return channels == Shape.UNKNOWN ? Shape.UNKNOWN : channels * depthMultiplier();
    }

    @Override
    protected void build(Shape in) {
        checkChannels(in);
        kernel = addDepthwiseKernel("kernel", in.last());
        if (useBias()) bias = addBias(in.last() * depthMultiplier());
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        Tensor y = depthwise(x, kernel.value());
        if (bias != null) y = Ops.add(y, bias.value());
        return activationFunction().apply(y);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        putDepthwiseConfig(c);
        return c;
    }

    /** Rebuilds a DepthwiseConv2D from {@link #getConfig()}. */
    public static DepthwiseConv2D fromConfig(Map<String, Object> config) {
        int[] k = LayerConfigs.reader("DepthwiseConv2D", config).requireInts("kernel_size", 2);
        return new DepthwiseConv2D(k).configure(config);
    }
}
