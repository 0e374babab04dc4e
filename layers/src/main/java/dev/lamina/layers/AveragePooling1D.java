package dev.lamina.layers;

import dev.lamina.tensor.PoolOps;
import dev.lamina.tensor.Tensor;

import java.util.Map;

/** Keras' {@code AveragePooling1D}: the mean over windows along the steps of {@code (batch, steps, channels)} inputs (padded cells not counted). */
public final class AveragePooling1D extends BasePooling<AveragePooling1D> {
    /** Keras' default pool of 2. */
    public AveragePooling1D() {
        this(2);
    }

    public AveragePooling1D(int poolSize) {
        super("average_pooling1d", 1, new int[]{poolSize});
    }

    @Override
    protected Tensor pool(Tensor x) {
        return PoolOps.avgPool1d(x, poolSize()[0], strides()[0], padding());
    }

    /** Rebuilds a AveragePooling1D from {@link #getConfig()}. */
    public static AveragePooling1D fromConfig(Map<String, Object> config) {
        int[] p = poolSize("AveragePooling1D", config, 1);
        return new AveragePooling1D(p.length == 0 ? 2 : p[0]).configure(config);
    }
}
