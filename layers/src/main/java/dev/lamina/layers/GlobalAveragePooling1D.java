package dev.lamina.layers;

import dev.lamina.tensor.PoolOps;
import dev.lamina.tensor.Tensor;

import java.util.Map;

/** Keras' {@code GlobalAveragePooling1D}: the mean over the steps of {@code (batch, steps, channels)}, giving {@code (batch, channels)}. */
public final class GlobalAveragePooling1D extends GlobalPooling<GlobalAveragePooling1D> {
    public GlobalAveragePooling1D() {
        super("global_average_pooling1d", 1);
    }

    @Override
    protected Tensor reduce(Tensor x) {
        return PoolOps.globalAvgPool1d(x);
    }

    /** Rebuilds a GlobalAveragePooling1D from {@link #getConfig()}. */
    public static GlobalAveragePooling1D fromConfig(Map<String, Object> config) {
        return new GlobalAveragePooling1D().configure(config);
    }
}
