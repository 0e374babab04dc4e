package dev.lamina.layers;

import dev.lamina.tensor.PoolOps;
import dev.lamina.tensor.Tensor;

import java.util.Map;

/** Keras' {@code MaxPooling2D}: the maximum over 2-D windows of NHWC inputs. */
public final class MaxPooling2D extends BasePooling<MaxPooling2D> {
    /** @param poolSize none for Keras' default (2, 2), one size for both axes, or (height, width) */
    public MaxPooling2D(int... poolSize) {
        super("max_pooling2d", 2, poolSize);
    }

    @Override
    protected Tensor pool(Tensor x) {
        return PoolOps.maxPool2d(x, poolSize(), strides(), padding());
    }

    /** Rebuilds a MaxPooling2D from {@link #getConfig()}. */
    public static MaxPooling2D fromConfig(Map<String, Object> config) {
        int[] p = poolSize("MaxPooling2D", config, 2);
        return new MaxPooling2D(p).configure(config);
    }
}
