package dev.lamina.layers;

import dev.lamina.tensor.Ops;
import dev.lamina.tensor.PoolOps;
import dev.lamina.tensor.ReduceOps;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Keras' {@code GlobalAveragePooling1D}: the mean over the steps of {@code (batch, steps, channels)}, giving
 * {@code (batch, channels)}. With a mask {@code [batch, steps]} it is the mean over the unmasked steps (a row with
 * none is NaN, as in Keras), and the output carries no mask.
 */
public final class GlobalAveragePooling1D extends GlobalPooling<GlobalAveragePooling1D> {
    public GlobalAveragePooling1D() {
        super("global_average_pooling1d", 1);
    }

    @Override
    protected Tensor reduce(Tensor x) {
        return PoolOps.globalAvgPool1d(x);
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    protected void checkMask(int input, Shape inputShape, Shape maskShape) {
        Masks.requireSteps(ConvArgs.who(this), inputShape, maskShape);
    }

    @Override
    protected Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        return null;
    }

    @Override
    protected List<Tensor> callAll(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        Tensor mask = masks.get(0);
        if (mask == null) return callAll(inputs, training);
        Tensor m = Masks.expand(mask, 3);
        Tensor sum = ReduceOps.sum(Ops.multiply(inputs.get(0), m), keepDims(), 1);
        return List.of(Ops.divide(sum, ReduceOps.sum(m, keepDims(), 1)));
    }

    /** Rebuilds a GlobalAveragePooling1D from {@link #getConfig()}. */
    public static GlobalAveragePooling1D fromConfig(Map<String, Object> config) {
        return new GlobalAveragePooling1D().configure(config);
    }
}
