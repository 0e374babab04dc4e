package dev.lamina.tensor.kernels;

import org.ejml.concurrency.EjmlConcurrency;

/**
 * The one threading setting: how many threads large products may use, and from what size they are worth it.
 * Reached through {@link Kernels#parallelism()}; changing it applies to every later op.
 */
public final class Parallelism {
    /** Multiply-adds below which a product stays on the calling thread. */
    public static final long DEFAULT_THRESHOLD = 1L << 21;
    private volatile int maxThreads;
    private volatile long threshold = DEFAULT_THRESHOLD;

    Parallelism(int maxThreads) {
        setMaxThreads(maxThreads);
    }

    public int maxThreads() {
        return maxThreads;
    }

    /** Threads for large products (1 = single-threaded, deterministic scheduling). */
    public void setMaxThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("Parallelism.setMaxThreads: expected n >= 1, received " + n);
        maxThreads = n;
        EjmlConcurrency.setMaxThreads(n);
    }

    public long threshold() {
        return threshold;
    }

    public void setThreshold(long multiplyAdds) {
        if (multiplyAdds < 0) throw new IllegalArgumentException("Parallelism.setThreshold: expected >= 0, received " + multiplyAdds);
        threshold = multiplyAdds;
    }

    /** Whether a product of this size is split between threads: never inside work already split ({@link Parallel#both}). */
    boolean useThreads(long multiplyAdds) {
        return maxThreads > 1 && multiplyAdds >= threshold && !Parallel.WORKERS.busy();
    }
}
