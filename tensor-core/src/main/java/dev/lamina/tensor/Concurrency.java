package dev.lamina.tensor;

import dev.lamina.tensor.kernels.Kernels;

/**
 * The one threading setting, for the whole process: how many threads Lamina's kernels may use (matrix products,
 * convolutions, elementwise loops, optimizer updates), and a parallel loop on those threads. Results do not depend
 * on it: every kernel gives the same bits on one thread as on many, so this setting only trades speed against
 * the cores left to other work. It starts at the number of processors the JVM reports.
 */
public final class Concurrency {
    private Concurrency() {
    }

    /** A loop body over the items {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /** Threads the kernels may use. */
    public static int maxThreads() {
        return Kernels.maxThreads();
    }

    /**
     * Sets {@link #maxThreads()} for every later op (EJML's setting follows); 1 keeps all work on the calling thread.
     *
     * @throws IllegalArgumentException when {@code n < 1}
     */
    public static void setMaxThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("Concurrency.setMaxThreads: expected n >= 1, received n=" + n);
        Kernels.setMaxThreads(n);
    }

    /**
     * Runs {@code body} over {@code [0, items)}: on the calling thread for small loops, else cut into contiguous
     * ranges that the kernels' threads take in turn. {@code workPerItem} is the work of one item in about float
     * operations, which decides whether splitting pays. The ranges must be independent (write disjoint elements);
     * then the result does not depend on the thread count.
     */
    public static void parallelFor(int items, long workPerItem, Range body) {
        Kernels.forRange(items, workPerItem, body::run);
    }
}
