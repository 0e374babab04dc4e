package dev.lamina.serving;

import dev.lamina.activations.ActivationFunction;
import dev.lamina.tensor.ConvOps;
import dev.lamina.tensor.NoGrad;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;

/**
 * A Conv2D layer (possibly with a BatchNormalization folded in) on its own copy of the weights, through the same
 * convolution kernels as the layer ({@link ConvOps#conv2dInto}), into this thread's buffer.
 */
final class ConvStep extends Step {
    private final float[] kernel;
    private final Shape kernelShape;
    private final float[] bias;
    private final boolean relu;
    private final ActivationFunction other;     // null for linear and relu
    private final int[] strides;
    private final String padding;
    private final int[] dilation;

    ConvStep(int in, int out, float[] kernel, Shape kernelShape, float[] bias, boolean relu, ActivationFunction other,
             int[] strides, String padding, int[] dilation) {
        super(new int[]{in}, new int[]{out});
        this.kernel = kernel;
        this.kernelShape = kernelShape;
        this.bias = bias;
        this.relu = relu;
        this.other = other;
        this.strides = strides.clone();
        this.padding = padding;
        this.dilation = dilation.clone();
    }

    @Override
    void run(Frame f, int batch, Shape[] shapes, int[] sizes) {
        int x = in[0], o = out[0];
        float[] y = f.out(o, batch * sizes[o]);
        ConvOps.conv2dInto(f.arr[x], f.off[x], batched(batch, shapes[x]), kernel, kernelShape, bias, relu, strides, padding, dilation, y);
        if (other != null) {
            Tensor t;
            try (NoGrad ignored = NoGrad.enter()) {
                t = other.apply(Tensor.of(y, batched(batch, shapes[o])));
            }
            f.bind(o, t.data(), t.offset());
        }
    }
}
