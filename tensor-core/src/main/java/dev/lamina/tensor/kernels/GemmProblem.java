package dev.lamina.tensor.kernels;

import java.util.concurrent.atomic.AtomicInteger;

import static dev.lamina.tensor.kernels.VectorGemm.IN_PLACE_A_PANELS;
import static dev.lamina.tensor.kernels.VectorGemm.KC;
import static dev.lamina.tensor.kernels.VectorGemm.MC;
import static dev.lamina.tensor.kernels.VectorGemm.MR;
import static dev.lamina.tensor.kernels.VectorGemm.NC;
import static dev.lamina.tensor.kernels.VectorGemm.NR;
import static dev.lamina.tensor.kernels.VectorGemm.SMALL_A;
import static dev.lamina.tensor.kernels.VectorGemm.SMALL_B;
import static dev.lamina.tensor.kernels.VectorGemm.ceilDiv;
import static dev.lamina.tensor.kernels.VectorGemm.roundUp;

/**
 * One {@link VectorGemm} call's operands: {@link #run} computes the C block {@code [i0,i1) x [j0,j1)} on the current
 * thread, {@link #runChunks} the chunks it claims.
 */
final class GemmProblem {
    static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    final boolean transA, transB, accumulate;
    final int m, n, k, aOff, bOff, cOff;
    final float[] a, b, c;

    GemmProblem(boolean transA, boolean transB, int m, int n, int k,
                float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
        this.transA = transA;
        this.transB = transB;
        this.m = m;
        this.n = n;
        this.k = k;
        this.a = a;
        this.aOff = aOff;
        this.b = b;
        this.bOff = bOff;
        this.c = c;
        this.cOff = cOff;
        this.accumulate = accumulate;
    }

    /**
     * Claims chunks of {@code span} columns (or rows) from {@code next} until none is left. The shared operand is
     * packed once, for all k slices, on the first claim (a part that claims nothing packs nothing). Each element's
     * sum runs over the same k slices in the same order as in {@link #run}, so results match it bit for bit.
     */
    void runChunks(boolean byColumns, AtomicInteger next, int chunks, int span) {
        Buffers buf = BUFFERS.get();
        int kStep = kStep(), slices = ceilDiv(k, kStep);
        int sliceSize = (byColumns ? roundUp(m, MR) : roundUp(n, NR)) * kStep;
        float[] shared = null;
        for (int ch = next.getAndIncrement(); ch < chunks; ch = next.getAndIncrement()) {
            if (shared == null) {
                shared = byColumns ? buf.packedA(slices * sliceSize) : buf.packedB(slices * sliceSize);
                for (int s = 0; s < slices; s++) {
                    int pc = s * kStep, kc = Math.min(kStep, k - pc);
                    if (byColumns) VectorKernel.packA(transA, a, aOff, m, k, 0, m, pc, kc, shared, s * sliceSize);
                    else VectorKernel.packB(transB, b, bOff, n, k, 0, n, pc, kc, shared, s * sliceSize);
                }
            }
            int from = ch * span, to = Math.min(byColumns ? n : m, from + span), size = to - from;
            for (int s = 0; s < slices; s++) {
                int pc = s * kStep, kc = Math.min(kStep, k - pc), at = s * sliceSize;
                boolean add = accumulate || pc > 0;
                if (byColumns) {
                    float[] bp = buf.packedB(kc * roundUp(size, NR));
                    VectorKernel.packB(transB, b, bOff, n, k, from, size, pc, kc, bp, 0);
                    for (int jr = 0; jr < size; jr += NR) {
                        for (int ir = 0; ir < m; ir += MR) {
                            VectorKernel.tile(kc, shared, at + ir * kc, bp, jr * kc, c, cOff + ir * n + from + jr, n,
                                    Math.min(MR, m - ir), Math.min(NR, size - jr), add, buf.tile);
                        }
                    }
                } else {
                    float[] ap = buf.packedA(kc * roundUp(size, MR));
                    VectorKernel.packA(transA, a, aOff, m, k, from, size, pc, kc, ap, 0);
                    for (int jr = 0; jr < n; jr += NR) {
                        for (int ir = 0; ir < size; ir += MR) {
                            VectorKernel.tile(kc, ap, ir * kc, shared, at + jr * kc, c, cOff + (from + ir) * n + jr, n,
                                    Math.min(MR, size - ir), Math.min(NR, n - jr), add, buf.tile);
                        }
                    }
                }
            }
        }
    }

    void run(int i0, int i1, int j0, int j1) {
        Buffers buf = BUFFERS.get();
        int kStep = kStep();
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += kStep) {
                int kc = Math.min(kStep, k - pc);
                boolean add = accumulate || pc > 0;
                boolean smallA = (long) (i1 - i0) * kc <= SMALL_A;
                // A small B block stored as op(B) (not transposed), whose panels can be read a whole vector
                // pair wide (the last row's may run past the end of the array), is read in place too.
                boolean bInPlace = smallA && !transB && (long) kc * nc <= SMALL_B
                        && bOff + (long) (pc + kc - 1) * n + jc + roundUp(nc, NR) <= b.length;
                float[] bp = b;
                if (!bInPlace) {
                    bp = buf.packedB(kc * roundUp(nc, NR));
                    VectorKernel.packB(transB, b, bOff, n, k, jc, nc, pc, kc, bp, 0);
                }
                // Few B micro-panels (each A value used a few times), or an A block small enough to stay in
                // cache: read A in place, as packing it would cost as much as the arithmetic.
                if (nc <= IN_PLACE_A_PANELS * NR || smallA) {
                    for (int jr = 0; jr < nc; jr += NR) {
                        int cols = Math.min(NR, nc - jr);
                        int b0 = bInPlace ? bOff + pc * n + jc + jr : jr * kc, ldb = bInPlace ? n : NR;
                        for (int ir = i0; ir < i1; ir += MR) {
                            int a0 = transA ? aOff + pc * m + ir : aOff + ir * k + pc;
                            VectorKernel.tile(kc, a, a0, transA ? 1 : k, transA ? m : 1, bp, b0, ldb, c, cOff + ir * n + jc + jr, n,
                                    Math.min(MR, i1 - ir), cols, add, buf.tile);
                        }
                    }
                    continue;
                }
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    float[] ap = buf.packedA(kc * roundUp(mc, MR));
                    VectorKernel.packA(transA, a, aOff, m, k, ic, mc, pc, kc, ap, 0);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int cols = Math.min(NR, nc - jr);
                        int cBase = cOff + ic * n + jc + jr;
                        for (int ir = 0; ir < mc; ir += MR) {
                            VectorKernel.tile(kc, ap, ir * kc, bp, jr * kc, c, cBase + ir * n, n,
                                    Math.min(MR, mc - ir), cols, add, buf.tile);
                        }
                    }
                }
            }
        }
    }

    /** The depth of the k slices: even slices of at most KC, a function of k alone (it fixes the summation order). */
    int kStep() {
        return ceilDiv(k, ceilDiv(k, KC));
    }

    /** Per-thread packing buffers, grown on demand and kept, so steady-state calls allocate nothing. */
    static final class Buffers {
        float[] a = new float[0];
        float[] b = new float[0];
        /** A tile spilled for a clipped write-back, or {@link NarrowKernel}'s scratch. */
        final float[] tile = new float[Math.max(MR * NR, NarrowKernel.SCRATCH)];

        float[] packedA(int size) {
            if (a.length < size) a = new float[size];
            return a;
        }

        float[] packedB(int size) {
            if (b.length < size) b = new float[size];
            return b;
        }
    }
}
