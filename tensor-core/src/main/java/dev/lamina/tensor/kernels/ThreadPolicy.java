package dev.lamina.tensor.kernels;

import org.ejml.concurrency.EjmlConcurrency;

/**
 * The threading setting: how many threads large products and loops may use, and from what size products are worth
 * splitting. {@link #GLOBAL} is the process's setting ({@code Kernels.setMaxThreads}); changing it applies to every
 * later op. Tests and benchmarks make their own to run one kernel on a fixed thread count.
 */
final class ThreadPolicy {
    /** The process's setting: as many threads as the JVM reports processors until {@code Kernels.setMaxThreads}. */
    static final ThreadPolicy GLOBAL = new ThreadPolicy(Runtime.getRuntime().availableProcessors());
    /** Multiply-adds below which a product stays on the calling thread. */
    static final long DEFAULT_THRESHOLD = 1L << 21;
    private volatile int maxThreads;
    private volatile long threshold = DEFAULT_THRESHOLD;

    ThreadPolicy(int maxThreads) {
        setMaxThreads(maxThreads);
    }

    int maxThreads() {
        return maxThreads;
    }

    /** Threads for large products (1 = single-threaded, deterministic scheduling). */
    void setMaxThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("setMaxThreads: expected n >= 1, received n=" + n);
        maxThreads = n;
        EjmlConcurrency.setMaxThreads(n);
    }

    long threshold() {
        return threshold;
    }

    void setThreshold(long multiplyAdds) {
        if (multiplyAdds < 0) throw new IllegalArgumentException("ThreadPolicy.setThreshold: expected >= 0, received " + multiplyAdds);
        threshold = multiplyAdds;
    }

    /** Whether a product of this size is split between threads: never inside work already split ({@link ParallelLoops#both}). */
    boolean useThreads(long multiplyAdds) {
        return maxThreads > 1 && multiplyAdds >= threshold && !WorkerPool.SHARED.busy();
    }
}
