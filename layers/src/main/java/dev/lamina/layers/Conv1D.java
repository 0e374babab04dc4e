package dev.lamina.layers;

import dev.lamina.tensor.ConvOps;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Map;

/**
 * Keras' {@code Conv1D}: temporal convolution of {@code (batch, steps, channels)} inputs with a kernel of shape
 * {@code (kernel_size, channels, filters)}. {@code new Conv1D(32, 3).padding("same").activation("relu")}.
 */
public final class Conv1D extends BaseConv<Conv1D> {
    public Conv1D(int filters, int kernelSize) {
        super("conv1d", 1, filters, new int[]{kernelSize});
    }

    @Override
    protected Tensor convolve(Tensor x, Tensor kernel) {
        return ConvOps.conv1d(x, kernel, strides()[0], padding(), dilationRate()[0]);
    }

    @Override
    protected Tensor convolve(Tensor x, Tensor kernel, Tensor bias, boolean relu) {
        return ConvOps.conv1d(x, kernel, bias, relu, strides()[0], padding(), dilationRate()[0]);
    }

    /** Rebuilds a Conv1D from {@link #getConfig()}. */
    public static Conv1D fromConfig(Map<String, Object> config) {
        ConfigReader r = LayerConfigs.reader("Conv1D", config);
        int filters = r.requireInt("filters");
        int[] k = r.requireInts("kernel_size", 1);
        return new Conv1D(filters, k[0]).configure(config);
    }
}
