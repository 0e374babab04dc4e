package dev.lamina.layers;

import dev.lamina.tensor.PoolOps;
import dev.lamina.tensor.Tensor;

import java.util.Map;

/** Keras' {@code GlobalAveragePooling2D}: the mean over height and width of NHWC inputs, giving {@code (batch, channels)}. */
public final class GlobalAveragePooling2D extends GlobalPooling<GlobalAveragePooling2D> {
    public GlobalAveragePooling2D() {
        super("global_average_pooling2d", 2);
    }

    @Override
    protected Tensor reduce(Tensor x) {
        return PoolOps.globalAvgPool2d(x);
    }

    /** Rebuilds a GlobalAveragePooling2D from {@link #getConfig()}. */
    public static GlobalAveragePooling2D fromConfig(Map<String, Object> config) {
        return new GlobalAveragePooling2D().configure(config);
    }
}
