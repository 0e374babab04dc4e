package dev.lamina.tensor.kernels;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A small pool of daemon threads for splitting one product into parts. The calling thread runs part 0 itself and
 * waits for the rest, so {@code parts} threads work and the pool holds {@code parts - 1}. Workers never wait on
 * other parts, so concurrent callers can share the pool without deadlock.
 */
final class GemmWorkers {
    private ExecutorService pool;
    private int size;

    /** Runs {@code part.accept(i)} for {@code i < parts}, returning when all have finished. */
    void run(int parts, IntConsumer part) {
        if (parts <= 1) {
            part.accept(0);
            return;
        }
        ExecutorService p = pool(parts - 1);
        Future<?>[] futures = new Future<?>[parts - 1];
        for (int i = 1; i < parts; i++) {
            int index = i;
            futures[i - 1] = p.submit(() -> part.accept(index));
        }
        Throwable failure = null;
        try {
            part.accept(0);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        boolean interrupted = false;
        for (Future<?> f : futures) {            // always wait for every part: they all write into C
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (failure == null) failure = e.getCause();
                    break;
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (failure instanceof RuntimeException) throw (RuntimeException) failure;
        if (failure instanceof Error) throw (Error) failure;
        if (failure != null) throw new IllegalStateException("VectorGemm: a worker failed", failure);
    }

    private synchronized ExecutorService pool(int threads) {
        if (pool == null || size < threads) {
            if (pool != null) pool.shutdown();       // idle workers of the old pool exit; running parts finish
            AtomicInteger counter = new AtomicInteger();
            pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "lamina-gemm-" + counter.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            size = threads;
        }
        return pool;
    }
}
