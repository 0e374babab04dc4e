package dev.lamina.tensor.kernels;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Float GEMM on the JDK Vector API ({@code jdk.incubator.vector}), laid out like BLIS/GotoBLAS: for each
 * {@code nc}-wide column block and {@code kc}-deep slice, B is packed once into {@code NR}-wide micro-panels, each
 * {@code mc}-tall row block of A into {@code MR}-tall micro-panels, and a {@code MR x NR} register-blocked
 * micro-kernel ({@link VectorKernel#tile}) sweeps the tiles. The packing routines absorb all four transpose forms.
 * When a block has a single B micro-panel, A is read in place instead of packed. Products narrower than a tile
 * ({@code n < NR / 2}) go to {@link NarrowKernel}.
 *
 * <p>Large products (per {@link ThreadPolicy}) are split along the larger of m and n into chunks of whole tiles that
 * the threads claim in turn ({@link #SHARED_LIMIT}), or, when the operand every chunk needs is too big to pack whole,
 * into one range per thread. Each element of C is computed by one thread, and its summation order (here: the k
 * slices, in order, each summed from zero by one FMA chain) depends only on {@code n} and {@code k}, so results are
 * bit-identical for every thread count.
 *
 * <p>Load only when the {@code jdk.incubator.vector} module is present; {@link KernelSet} checks before it does.
 */
final class VectorGemm implements Gemm {
    static final int MR = VectorKernel.MR;
    static final int NR = VectorKernel.NR;
    /** A block of mc x kc floats (144 x 256 = 144 KiB) stays in L2; a B micro-panel (kc x NR = 16 KiB) in L1. */
    static final int MC = 144;
    static final int KC = 256;
    static final int NC = roundUp(4080, NR);
    /**
     * Up to this many B micro-panels per block, A is read in place rather than packed: packing costs about as
     * much as one sweep of the tiles over it, so it pays only when many panels reuse it.
     */
    static final int IN_PLACE_A_PANELS = 4;
    /** A blocks of at most this many floats (16 KiB: half of L1) are read in place rather than packed. */
    static final long SMALL_A = 4096;
    /** B blocks of at most this many floats are read in place (when A is, too, and B is not transposed). */
    static final long SMALL_B = 8192;
    /**
     * A split product whose shared operand packs into at most this many floats (512 KiB, half of L2) is cut into
     * chunks that the threads claim in turn, each thread packing the shared operand once; larger ones get one
     * static part per thread. Static parts left the threads waiting on each other: a thread that the OS or the
     * machine slows finishes last, and the other spins (figures in benchmarks/README.md).
     */
    static final long SHARED_LIMIT = 1 << 17;
    /** Chunk sizes: one B micro-panel (a product split by columns), eight row tiles (by rows). */
    static final int CHUNK_PANELS = 1;
    static final int CHUNK_ROW_TILES = 8;
    private static final WorkerPool WORKERS = WorkerPool.SHARED;

    private final ThreadPolicy policy;

    VectorGemm(ThreadPolicy policy) {
        this.policy = policy;
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public String toString() {
        return "VectorGemm[" + VectorKernel.S + ", tile " + MR + "x" + NR + "]";
    }

    /**
     * As {@link Gemm#pair}, but when both products are cut into chunks ({@link #SHARED_LIMIT}) a thread that finishes
     * its own product goes on to take chunks of the other, so neither thread waits for the other (the two products
     * of a backward pair seldom take the same time).
     */
    @Override
    public void pair(Gemm.Call first, Gemm.Call second) {
        Chunks x = chunks(first), y = chunks(second);
        if (x == null || y == null || policy.maxThreads() < 2
                || !policy.useThreads(Math.min(first.multiplyAdds(), second.multiplyAdds()))) {
            Gemm.super.pair(first, second);
            return;
        }
        WORKERS.run(2, i -> {
            (i == 0 ? x : y).run();
            (i == 0 ? y : x).run();
        });
    }

    /** A product's chunks, or null when it is not cut into chunks (empty, narrow, or its shared operand too big). */
    private static Chunks chunks(Gemm.Call g) {
        int m = g.m(), n = g.n(), k = g.k();
        check(m, n, k, g.a(), g.aOff(), g.b(), g.bOff(), g.c(), g.cOff());
        if (m == 0 || n == 0 || k == 0 || !chunked(m, n, k)) return null;
        return new Chunks(new GemmProblem(g.transA(), g.transB(), m, n, k, g.a(), g.aOff(), g.b(), g.bOff(), g.c(), g.cOff(),
                g.accumulate()));
    }

    private static void check(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("VectorGemm: expected m, n, k >= 0, received m=" + m + ", n=" + n + ", k=" + k);
        }
        checkRange("A", a, aOff, (long) m * k);
        checkRange("B", b, bOff, (long) k * n);
        checkRange("C", c, cOff, (long) m * n);
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
        check(m, n, k, a, aOff, b, bOff, c, cOff);
        if (m == 0 || n == 0) return;
        if (k == 0) {
            if (!accumulate) Arrays.fill(c, cOff, cOff + m * n, 0f);
            return;
        }
        int threads = policy.useThreads((long) m * n * k) ? policy.maxThreads() : 1;
        if (narrow(n)) {
            narrow(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate, threads);
            return;
        }
        GemmProblem pr = new GemmProblem(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
        boolean byColumns = n >= m;
        int unit = byColumns ? NR : MR;
        int tiles = ceilDiv(byColumns ? n : m, unit);
        int parts = parts(transA, m, n, threads);
        if (parts > 1 && chunked(m, n, k)) {
            Chunks chunks = new Chunks(pr);
            WORKERS.run(parts, i -> chunks.run());
            return;
        }
        WORKERS.run(parts, i -> {
            int from = (int) ((long) tiles * i / parts) * unit;
            int to = (int) Math.min(byColumns ? n : m, (long) tiles * (i + 1) / parts * unit);
            if (byColumns) pr.run(0, m, from, to);
            else pr.run(from, to, 0, n);
        });
    }

    /** B read in place, on the calling thread ({@link VectorGemv}); narrow products take the GEMM's own path. */
    @Override
    public void gemv(int n, int k, float[] x, int xOff, float[] b, int bOff, float[] y, int yOff) {
        check(1, n, k, x, xOff, b, bOff, y, yOff);
        if (n == 0) return;
        if (k == 0 || narrow(n)) {
            gemm(false, false, 1, n, k, x, xOff, b, bOff, y, yOff, false);
            return;
        }
        VectorGemv.gemv(n, k, x, xOff, b, bOff, y, yOff);
    }

    /**
     * Whether a (non-empty) product, when split, is cut into chunks: it is not narrow, and the operand every chunk
     * needs packs into {@link #SHARED_LIMIT} floats. It is split along the larger of m and n (by columns when
     * {@code n >= m}).
     */
    static boolean chunked(int m, int n, int k) {
        return !narrow(n) && sharedFloats(m, n, k, n >= m) <= SHARED_LIMIT;
    }

    /**
     * Floats of the operand every part of a split product needs, packed whole (all k slices): A when the product is
     * split by columns, B when by rows.
     */
    static long sharedFloats(int m, int n, int k, boolean byColumns) {
        return (long) (byColumns ? roundUp(m, MR) : roundUp(n, NR)) * k;
    }

    /** Products narrower than a tile: B packed once, rows of A split between threads. See {@link NarrowKernel}. */
    private static void narrow(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff,
                               float[] b, int bOff, float[] c, int cOff, boolean accumulate, int threads) {
        float[] bp = GemmProblem.BUFFERS.get().packedB(transA ? NarrowKernel.columnsSize(n, k) : NarrowKernel.dotSize(n, k));
        if (transA) NarrowKernel.packColumns(transB, b, bOff, n, k, bp);
        else NarrowKernel.packDot(transB, b, bOff, n, k, bp);
        int unit = transA ? 2 * NarrowKernel.L : 2;
        int tiles = ceilDiv(m, unit);
        int parts = parts(transA, m, n, threads);
        WORKERS.run(parts, i -> {
            int from = (int) ((long) tiles * i / parts) * unit;
            int to = (int) Math.min(m, (long) tiles * (i + 1) / parts * unit);
            GemmProblem.Buffers buf = GemmProblem.BUFFERS.get();
            if (transA) NarrowKernel.columns(m, n, k, a, aOff, bp, c, cOff, from, to, accumulate, buf.tile, buf.packedA(2 * NarrowKernel.L * k));
            else NarrowKernel.dot(n, k, a, aOff, bp, c, cOff, from, to, accumulate, buf.tile, buf.packedA(NarrowKernel.dotAccSize(to - from)));
        });
    }

    /**
     * How many parts an {@code m x n} product is split into with {@code threads} threads: narrow products by rows,
     * others along the larger of m and n (so each thread re-packs only the smaller operand), in whole tiles.
     */
    static int parts(boolean transA, int m, int n, int threads) {
        if (narrow(n)) return Math.min(threads, ceilDiv(m, transA ? 2 * NarrowKernel.L : 2));
        return Math.min(threads, n >= m ? ceilDiv(n, NR) : ceilDiv(m, MR));
    }

    /**
     * Products that go to {@link NarrowKernel}: fewer than half a tile's columns. From half a tile up (e.g. 10
     * logits), the general tile, though partly idle, beats the narrow kernels' reductions.
     */
    static boolean narrow(int n) {
        return n < NR / 2;
    }

    private static void checkRange(String what, float[] x, int off, long size) {
        if (off < 0 || off + size > x.length) {
            throw new IllegalArgumentException("VectorGemm: expected " + what + " to hold " + size
                    + " floats from offset " + off + ", received an array of length " + x.length);
        }
    }

    static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    static int roundUp(int x, int y) {
        return ceilDiv(x, y) * y;
    }

    /** A product cut into chunks of whole tiles, and the counter its threads claim them from. */
    private static final class Chunks {
        final GemmProblem problem;
        final boolean byColumns;
        final int count, span;
        final AtomicInteger next = new AtomicInteger();

        Chunks(GemmProblem problem) {
            this.problem = problem;
            this.byColumns = problem.n >= problem.m;
            int unit = byColumns ? NR : MR, tiles = byColumns ? CHUNK_PANELS : CHUNK_ROW_TILES;
            this.count = ceilDiv(ceilDiv(byColumns ? problem.n : problem.m, unit), tiles);
            this.span = tiles * unit;
        }

        /** Computes chunks on the current thread until none is left. */
        void run() {
            problem.runChunks(byColumns, next, count, span);
        }
    }
}
