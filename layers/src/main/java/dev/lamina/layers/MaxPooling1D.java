package dev.lamina.layers;

import dev.lamina.tensor.PoolOps;
import dev.lamina.tensor.Tensor;

import java.util.Map;

/** Keras' {@code MaxPooling1D}: the maximum over windows along the steps of {@code (batch, steps, channels)} inputs. */
public final class MaxPooling1D extends BasePooling<MaxPooling1D> {
    /** Keras' default pool of 2. */
    public MaxPooling1D() {
        this(2);
    }

    public MaxPooling1D(int poolSize) {
        super("max_pooling1d", 1, new int[]{poolSize});
    }

    @Override
    protected Tensor pool(Tensor x) {
        return PoolOps.maxPool1d(x, poolSize()[0], strides()[0], padding());
    }

    /** Rebuilds a MaxPooling1D from {@link #getConfig()}. */
    public static MaxPooling1D fromConfig(Map<String, Object> config) {
        int[] p = poolSize("MaxPooling1D", config, 1);
        return new MaxPooling1D(p.length == 0 ? 2 : p[0]).configure(config);
    }
}
