package dev.lamina.layers;

import dev.lamina.tensor.PoolOps;
import dev.lamina.tensor.Tensor;

import java.util.Map;

/** Keras' {@code GlobalMaxPooling1D}: the maximum over the steps of {@code (batch, steps, channels)}, giving {@code (batch, channels)}. */
public final class GlobalMaxPooling1D extends GlobalPooling<GlobalMaxPooling1D> {
    public GlobalMaxPooling1D() {
        super("global_max_pooling1d", 1);
    }

    @Override
    protected Tensor reduce(Tensor x) {
        return PoolOps.globalMaxPool1d(x);
    }

    /** Rebuilds a GlobalMaxPooling1D from {@link #getConfig()}. */
    public static GlobalMaxPooling1D fromConfig(Map<String, Object> config) {
        return new GlobalMaxPooling1D().configure(config);
    }
}
