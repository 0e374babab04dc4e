package dev.lamina.layers;

import dev.lamina.tensor.PoolOps;
import dev.lamina.tensor.Tensor;

import java.util.Map;

/** Keras' {@code AveragePooling2D}: the mean over 2-D windows of NHWC inputs (padded cells not counted). */
public final class AveragePooling2D extends BasePooling<AveragePooling2D> {
    /** @param poolSize none for Keras' default (2, 2), one size for both axes, or (height, width) */
    public AveragePooling2D(int... poolSize) {
        super("average_pooling2d", 2, poolSize);
    }

    @Override
    protected Tensor pool(Tensor x) {
        return PoolOps.avgPool2d(x, poolSize(), strides(), padding());
    }

    /** Rebuilds a AveragePooling2D from {@link #getConfig()}. */
    public static AveragePooling2D fromConfig(Map<String, Object> config) {
        int[] p = poolSize("AveragePooling2D", config, 2);
        return new AveragePooling2D(p).configure(config);
    }
}
