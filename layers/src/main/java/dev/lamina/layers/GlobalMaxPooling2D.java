package dev.lamina.layers;

import dev.lamina.tensor.PoolOps;
import dev.lamina.tensor.Tensor;

import java.util.Map;

/** Keras' {@code GlobalMaxPooling2D}: the maximum over height and width of NHWC inputs, giving {@code (batch, channels)}. */
public final class GlobalMaxPooling2D extends GlobalPooling<GlobalMaxPooling2D> {
    public GlobalMaxPooling2D() {
        super("global_max_pooling2d", 2);
    }

    @Override
    protected Tensor reduce(Tensor x) {
        return PoolOps.globalMaxPool2d(x);
    }

    /** Rebuilds a GlobalMaxPooling2D from {@link #getConfig()}. */
    public static GlobalMaxPooling2D fromConfig(Map<String, Object> config) {
        return new GlobalMaxPooling2D().configure(config);
    }
}
