package dev.lamina.serving;

import dev.lamina.activations.ActivationFunction;
import dev.lamina.tensor.NoGrad;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.kernels.Kernels;

/**
 * A Dense layer (possibly with a BatchNormalization folded in) on its own copy of the weights: one row goes through
 * the GEMM's one-row product (B read in place), several rows through the GEMM, then bias and relu in one pass, as
 * {@code NnOps.dense} does, so the values are the layer's. Another activation runs as its op on the result.
 */
final class DenseStep extends Step {
    private final float[] kernel;
    private final float[] bias;
    private final int k;
    private final int units;
    private final boolean relu;
    private final ActivationFunction other;     // null for linear and relu

    DenseStep(int in, int out, float[] kernel, float[] bias, int k, int units, boolean relu, ActivationFunction other) {
        super(new int[]{in}, new int[]{out});
        this.kernel = kernel;
        this.bias = bias;
        this.k = k;
        this.units = units;
        this.relu = relu;
        this.other = other;
    }

    @Override
    void run(Frame f, int batch, Shape[] shapes, int[] sizes) {
        int x = in[0], rows = batch * (sizes[x] / k);
        float[] y = f.out(out[0], rows * units);
        if (rows == 1) Kernels.gemm().gemv(units, k, f.arr[x], f.off[x], kernel, 0, y, 0);
        else Kernels.gemm().gemm(false, false, rows, units, k, f.arr[x], f.off[x], kernel, 0, y, 0, false);
        Kernels.biasRelu(y, 0, rows, units, bias, 0, relu);
        if (other != null) {
            Tensor t;
            try (NoGrad ignored = NoGrad.enter()) {
                t = other.apply(Tensor.of(y, batched(batch, shapes[out[0]])));
            }
            f.bind(out[0], t.data(), t.offset());
        }
    }
}
