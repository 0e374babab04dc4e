package dev.lamina.tensor.kernels;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * Daemon worker threads for splitting one product or loop into parts. The calling thread runs part 0 itself and the
 * workers the rest. Both sides spin for a while before parking, because training loops issue products back to back
 * and waking a parked thread costs as much as a mid-sized product takes, more in a virtual machine (figures in
 * benchmarks/README.md).
 *
 * <p>A part no worker has taken by the time the caller finishes its own runs on the caller: with every core busy,
 * the OS deschedules a worker now and then, for milliseconds, and the caller would otherwise wait out that time
 * slice.
 *
 * <p>One caller uses the workers at a time; a concurrent or nested caller (a part that itself splits work) runs
 * all its parts itself, which gives the same result because a part's values never depend on who computes it.
 * Workers never wait on other parts, so nothing can deadlock.
 */
final class WorkerPool {
    /** The one set of worker threads, shared by the GEMM and every parallel loop so nothing competes for the cores. */
    static final WorkerPool SHARED = new WorkerPool();
    /**
     * How long a worker spins for its next part before parking: longer than most serial gaps of a training step
     * (loss, metrics, the next batch), so a worker seldom parks within a fit.
     */
    private static final long WORKER_SPIN_NANOS = 1_000_000;
    /**
     * How long the caller spins for the workers to finish before parking: about one part of a large product, so a
     * caller parks only when a worker is far behind (a park costs the caller a wake-up on the critical path).
     */
    private static final long CALLER_SPIN_NANOS = 1_000_000;
    private final ReentrantLock inUse = new ReentrantLock();
    private Worker[] workers = new Worker[0];

    /** Runs {@code part.accept(i)} for {@code i < parts}, returning when all have finished. */
    void run(int parts, IntConsumer part) {
        if (parts <= 1) {
            part.accept(0);
            return;
        }
        if (inUse.isHeldByCurrentThread() || !inUse.tryLock()) {
            for (int i = 0; i < parts; i++) part.accept(i);
            return;
        }
        try {
            if (workers.length < parts - 1) grow(parts - 1);
            Batch batch = new Batch(part, parts - 1);
            for (int i = 1; i < parts; i++) workers[i - 1].submit(batch, i);
            Throwable failure = null;
            try {
                part.accept(0);
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            for (int i = 1; i < parts; i++) {
                if (!workers[i - 1].retract(batch)) continue;
                try {
                    if (failure == null) part.accept(i);
                } catch (RuntimeException | Error e) {
                    failure = e;
                }
                batch.done();
            }
            batch.await();                      // always: every part writes into C
            if (failure == null) failure = batch.failure;
            if (failure instanceof RuntimeException) throw (RuntimeException) failure;
            if (failure instanceof Error) throw (Error) failure;
            if (failure != null) throw new IllegalStateException("VectorGemm: a worker failed", failure);
        } finally {
            inUse.unlock();
        }
    }

    /** True while some caller's parts are running: work split now would only queue behind them. */
    boolean busy() {
        return inUse.isLocked();
    }

    private void grow(int count) {
        Worker[] w = Arrays.copyOf(workers, count);
        for (int i = workers.length; i < count; i++) {
            w[i] = new Worker("lamina-worker-" + (i + 1));
            w[i].start();
        }
        workers = w;
    }

    /** One call's parts: the work and a countdown the caller waits on. */
    private static final class Batch {
        final IntConsumer part;
        final AtomicInteger pending;
        final Thread caller = Thread.currentThread();
        volatile Throwable failure;

        Batch(IntConsumer part, int workers) {
            this.part = part;
            this.pending = new AtomicInteger(workers);
        }

        void done() {
            if (pending.decrementAndGet() == 0) LockSupport.unpark(caller);
        }

        void await() {
            long deadline = System.nanoTime() + CALLER_SPIN_NANOS;
            boolean interrupted = false;
            while (pending.get() > 0) {
                if (System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                    if (Thread.interrupted()) interrupted = true;   // keep waiting; restore the flag after
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private static final class Worker extends Thread {
        /** The batch offered to this worker and not yet taken: the worker or the caller takes it, exactly once. */
        private final AtomicReference<Batch> offered = new AtomicReference<>();
        private int index;                      // published by the volatile write of offered

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        void submit(Batch b, int i) {
            index = i;
            offered.set(b);
            LockSupport.unpark(this);
        }

        /** Takes back {@code b} if this worker has not started it; the caller then runs the part. */
        boolean retract(Batch b) {
            return offered.compareAndSet(b, null);
        }

        @Override
        public void run() {
            while (true) {
                Batch b = awaitBatch();
                try {
                    b.part.accept(index);
                } catch (Throwable t) {
                    b.failure = t;
                }
                b.done();
            }
        }

        private Batch awaitBatch() {
            long deadline = System.nanoTime() + WORKER_SPIN_NANOS;
            while (true) {
                Batch b = offered.get();
                if (b != null) {
                    if (offered.compareAndSet(b, null)) return b;
                } else if (System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                    Thread.interrupted();           // nobody should interrupt a worker; never spin on the flag
                }
            }
        }
    }
}
