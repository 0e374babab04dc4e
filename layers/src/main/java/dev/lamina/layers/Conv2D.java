package dev.lamina.layers;

import dev.lamina.tensor.ConvOps;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Map;

/**
 * Keras' {@code Conv2D}: spatial convolution of NHWC inputs with an HWIO kernel
 * {@code (kernel_h, kernel_w, channels, filters)}. {@code new Conv2D(32, 3)} is a 3x3 kernel,
 * {@code new Conv2D(32, 5, 3)} a 5x3 one.
 */
public final class Conv2D extends BaseConv<Conv2D> {
    /** @param kernelSize one size for both axes, or (height, width) */
    public Conv2D(int filters, int... kernelSize) {
        super("conv2d", 2, filters, kernelSize);
    }

    @Override
    protected Tensor convolve(Tensor x, Tensor kernel) {
        return ConvOps.conv2d(x, kernel, strides(), padding(), dilationRate());
    }

    @Override
    protected Tensor convolve(Tensor x, Tensor kernel, Tensor bias, boolean relu) {
        return ConvOps.conv2d(x, kernel, bias, relu, strides(), padding(), dilationRate());
    }

    /** Rebuilds a Conv2D from {@link #getConfig()}. */
    public static Conv2D fromConfig(Map<String, Object> config) {
        ConfigReader r = LayerConfigs.reader("Conv2D", config);
        int filters = r.requireInt("filters");
        int[] k = r.requireInts("kernel_size", 2);
        return new Conv2D(filters, k).configure(config);
    }
}
