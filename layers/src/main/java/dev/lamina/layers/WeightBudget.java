package dev.lamina.layers;

import dev.lamina.initializers.Initializer;
import dev.lamina.tensor.Rng;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;

import java.util.function.Supplier;

/**
 * Builds layers whose weights are about to be overwritten by a load: while {@link #loading} runs on a thread, every
 * weight a layer creates there is first checked against the bytes of weights the file holds, before anything is
 * allocated, and starts at zero instead of running its initializer. So a hostile config declaring
 * {@code Dense(30000)} on a 30000-wide input fails at once instead of allocating and initialising gigabytes.
 */
public final class WeightBudget {
    private static final ThreadLocal<WeightBudget> ACTIVE = new ThreadLocal<>();
    private final long maxBytes;
    private final String source;
    private long usedBytes;

    private WeightBudget(long maxBytes, String source) {
        this.maxBytes = maxBytes;
        this.source = source;
    }

    /** Runs {@code build} with weight creation bounded by {@code maxBytes} (the weights in {@code source}). */
    public static <T> T loading(long maxBytes, String source, Supplier<T> build) {
        if (ACTIVE.get() != null) throw new IllegalStateException("WeightBudget.loading: already loading " + ACTIVE.get().source);
        ACTIVE.set(new WeightBudget(maxBytes, source));
        try {
            return build.get();
        } finally {
            ACTIVE.remove();
        }
    }

    /** The initial value of a new weight: the initializer's, or zeros within a budget after checking its size. */
    static Tensor initialValue(Layer layer, String weightName, Shape shape, Initializer init, Rng rng) {
        WeightBudget b = ACTIVE.get();
        if (b == null) return init.initialize(shape, rng);
        long elements = 1;
        for (int i = 0; i < shape.rank(); i++) {
            elements *= shape.dim(i);
            if (elements > Integer.MAX_VALUE) break;
        }
        long bytes = 4 * elements;
        if (elements > Integer.MAX_VALUE || b.usedBytes + bytes > b.maxBytes) {
            throw new IllegalArgumentException(layer.className() + " '" + layer.name() + "': weight '" + weightName + "' of shape " + shape
                    + " needs " + (elements > Integer.MAX_VALUE ? "more than 2^31-1 elements" : bytes + " bytes") + "; with the "
                    + b.usedBytes + " bytes of the weights before it, expected at most the " + b.maxBytes + " bytes of weights in " + b.source);
        }
        b.usedBytes += bytes;
        return Tensor.zeros(shape);
    }
}
