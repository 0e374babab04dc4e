package dev.lamina.tensor.kernels;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Splits large loops (elementwise passes, pooling, patch extraction) between the threads {@link ThreadPolicy}
 * allows, on the same worker threads as the GEMM ({@link WorkerPool}), so nothing competes for the cores. A
 * loop is split into contiguous ranges of whole items, each computed by one thread with the same operations as
 * on one thread, so results never depend on the thread count. Internal.
 */
final class ParallelLoops {
    private static final WorkerPool WORKERS = WorkerPool.SHARED;
    /** Work units (about one float operation each) below which a loop stays on the calling thread. */
    static final long MIN_WORK = 1L << 16;
    /** Ranges per thread in {@link #forRange}. */
    static final int CHUNKS_PER_THREAD = 4;

    private ParallelLoops() {
    }

    /** A loop body over the items {@code [from, to)}. */
    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over {@code [0, items)} when the loop does at least {@link #MIN_WORK} units of work
     * ({@code workPerItem} per item): cut into {@link #CHUNKS_PER_THREAD} contiguous ranges per thread, which the
     * threads take in turn until none is left; on the calling thread otherwise. Such loops take about as long as a
     * worker's wake-up, so fixed halves left the caller waiting for a late worker (figures in benchmarks/README.md);
     * with chunks a late worker just takes fewer.
     */
    static void forRange(int items, long workPerItem, Range body) {
        int parts = parts(items, workPerItem);
        if (parts <= 1) {
            if (items > 0) body.run(0, items);
            return;
        }
        int chunks = Math.min(items, parts * CHUNKS_PER_THREAD);
        AtomicInteger next = new AtomicInteger();
        WORKERS.run(parts, i -> {
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                body.run((int) ((long) items * c / chunks), (int) ((long) items * (c + 1) / chunks));
            }
        });
    }

    /**
     * Runs two independent tasks, at once when threads are allowed and {@code multiplyAdds} (the smaller task's
     * size) reaches the {@link ThreadPolicy} threshold; everything the tasks split runs on their own thread then.
     * The tasks must not write the same array. Two products on one thread each scale better than each on two
     * threads in turn (no split, no repacking), and give the same values: no result depends on the thread count.
     */
    static void both(long multiplyAdds, Runnable first, Runnable second) {
        if (!ThreadPolicy.GLOBAL.useThreads(multiplyAdds)) {
            first.run();
            second.run();
            return;
        }
        WORKERS.run(2, i -> (i == 0 ? first : second).run());
    }

    /** How many ranges {@link #forRange} uses for this loop. */
    static int parts(int items, long workPerItem) {
        ThreadPolicy p = ThreadPolicy.GLOBAL;
        if (items < 2 || p.maxThreads() < 2 || (long) items * workPerItem < MIN_WORK || WORKERS.busy()) return 1;
        return Math.min(p.maxThreads(), items);
    }
}
