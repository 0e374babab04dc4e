package dev.lamina.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels for narrow products ({@code n < NR}, e.g. a 10-class logits layer), where the general path wastes most
 * of its tile and packing A costs as much as the arithmetic. A is read in place; only the small B is packed.
 * <ul>
 * <li>{@link #dot}, for A as stored {@code [m,k]}: dot products along k, 2 rows x 5 columns at a time. Each
 * element's sum is L lane-wise FMA chains over k, added lane by lane in order, then the k tail by FMA.</li>
 * <li>{@link #columns}, for A stored {@code [k,m]} (transA): vectors along m, 2L rows x 4 columns at a time, one
 * FMA chain over all of k per element.</li>
 * </ul>
 * Either way an element's value depends only on k, never on the row range or thread that computes it.
 */
final class NarrowKernel {
    static final VectorSpecies<Float> S = VectorKernel.S;
    static final int L = VectorKernel.L;
    /** Columns per group in {@link #dot}: 2 rows x 5 columns = 10 accumulators, + 2 A vectors + 1 B vector. */
    static final int DOT_COLS = 5;
    /** Columns per group in {@link #columns}: 2 vectors x 4 columns = 8 accumulators. */
    static final int COL_COLS = 4;
    /** Values of k per sweep in {@link #dot}: a block of packed B (5 x 1024 floats = 20 KiB) stays in L1. */
    static final int K_BLOCK = 1024;

    /**
     * Floats of scratch ({@code tmp}) its kernels spill to: {@link #dot}'s 2 rows x 5 accumulators, or
     * {@link #columns}' 4 columns x 2 vectors, of L lanes.
     */
    static final int SCRATCH = Math.max(2 * DOT_COLS, 2 * COL_COLS) * L;

    private NarrowKernel() {
    }

    /** Floats {@link #packDot} writes. */
    static int dotSize(int n, int k) {
        return VectorGemm.ceilDiv(n, DOT_COLS) * DOT_COLS * VectorGemm.roundUp(k, L);
    }

    /**
     * Packs op(B) {@code [k,n]} for {@link #dot}: per group of 5 columns, per chunk of L values of p, the 5 columns'
     * chunks one after another; missing columns are zeros.
     */
    static void packDot(boolean transB, float[] b, int bOff, int n, int k, float[] bp) {
        int kp = VectorGemm.roundUp(k, L);
        java.util.Arrays.fill(bp, 0, dotSize(n, k), 0f);
        for (int j = 0; j < n; j++) {
            int col = (j / DOT_COLS) * DOT_COLS * kp + (j % DOT_COLS) * L;
            for (int p = 0; p < k; p++) {
                bp[col + (p / L) * DOT_COLS * L + p % L] = b[bOff + (transB ? j * k + p : p * n + j)];
            }
        }
    }

    /**
     * Rows {@code [i0,i1)} of C (+)= A·op(B), A as stored {@code [m,k]}, op(B) packed by {@link #packDot}. Long k is
     * swept in blocks of {@link #K_BLOCK} so the block of packed B stays in cache while every row pair passes over
     * it; the pairs' accumulators wait in {@code acc} between blocks (at least {@link #dotAccSize} floats), so each
     * element is still the same FMA chains over all of k.
     */
    static void dot(int n, int k, float[] a, int aOff, float[] bp, float[] c, int cOff, int i0, int i1,
                    boolean add, float[] tmp, float[] acc) {
        int kp = VectorGemm.roundUp(k, L);
        int kv = S.loopBound(k);
        FloatVector z = FloatVector.zero(S);
        for (int g = 0; g * DOT_COLS < n; g++) {
            int b0 = g * DOT_COLS * kp;
            int cols = Math.min(DOT_COLS, n - g * DOT_COLS);
            int kb = 0;
            do {
                int ke = Math.min(kv, kb + K_BLOCK);
                boolean first = kb == 0, last = ke == kv;
                for (int i = i0; i < i1; i += 2) {
                    int r0 = aOff + i * k;
                    int r1 = i + 1 < i1 ? r0 + k : r0;      // a lone last row is computed twice, written once
                    int ai = (i - i0) / 2 * 2 * DOT_COLS * L;
                    FloatVector s00 = z, s01 = z, s02 = z, s03 = z, s04 = z, s10 = z, s11 = z, s12 = z, s13 = z, s14 = z;
                    if (!first) {
                        s00 = FloatVector.fromArray(S, acc, ai);
                        s01 = FloatVector.fromArray(S, acc, ai + L);
                        s02 = FloatVector.fromArray(S, acc, ai + 2 * L);
                        s03 = FloatVector.fromArray(S, acc, ai + 3 * L);
                        s04 = FloatVector.fromArray(S, acc, ai + 4 * L);
                        s10 = FloatVector.fromArray(S, acc, ai + 5 * L);
                        s11 = FloatVector.fromArray(S, acc, ai + 6 * L);
                        s12 = FloatVector.fromArray(S, acc, ai + 7 * L);
                        s13 = FloatVector.fromArray(S, acc, ai + 8 * L);
                        s14 = FloatVector.fromArray(S, acc, ai + 9 * L);
                    }
                    for (int p = kb; p < ke; p += L) {
                        FloatVector x0 = FloatVector.fromArray(S, a, r0 + p);
                        FloatVector x1 = FloatVector.fromArray(S, a, r1 + p);
                        int bi = b0 + p * DOT_COLS;
                        FloatVector y = FloatVector.fromArray(S, bp, bi);
                        s00 = x0.fma(y, s00);
                        s10 = x1.fma(y, s10);
                        y = FloatVector.fromArray(S, bp, bi + L);
                        s01 = x0.fma(y, s01);
                        s11 = x1.fma(y, s11);
                        y = FloatVector.fromArray(S, bp, bi + 2 * L);
                        s02 = x0.fma(y, s02);
                        s12 = x1.fma(y, s12);
                        y = FloatVector.fromArray(S, bp, bi + 3 * L);
                        s03 = x0.fma(y, s03);
                        s13 = x1.fma(y, s13);
                        y = FloatVector.fromArray(S, bp, bi + 4 * L);
                        s04 = x0.fma(y, s04);
                        s14 = x1.fma(y, s14);
                    }
                    if (!last) {
                        s00.intoArray(acc, ai);
                        s01.intoArray(acc, ai + L);
                        s02.intoArray(acc, ai + 2 * L);
                        s03.intoArray(acc, ai + 3 * L);
                        s04.intoArray(acc, ai + 4 * L);
                        s10.intoArray(acc, ai + 5 * L);
                        s11.intoArray(acc, ai + 6 * L);
                        s12.intoArray(acc, ai + 7 * L);
                        s13.intoArray(acc, ai + 8 * L);
                        s14.intoArray(acc, ai + 9 * L);
                        continue;
                    }
                    // Spill here, not in a callee: vectors passed to a call the JIT leaves out of line get boxed,
                    // and then so do the accumulators of the whole loop (that happens when k is long).
                    s00.intoArray(tmp, 0);
                    s01.intoArray(tmp, L);
                    s02.intoArray(tmp, 2 * L);
                    s03.intoArray(tmp, 3 * L);
                    s04.intoArray(tmp, 4 * L);
                    s10.intoArray(tmp, 5 * L);
                    s11.intoArray(tmp, 6 * L);
                    s12.intoArray(tmp, 7 * L);
                    s13.intoArray(tmp, 8 * L);
                    s14.intoArray(tmp, 9 * L);
                    int tail = b0 + kv * DOT_COLS;
                    int c0 = cOff + i * n + g * DOT_COLS;
                    finish(tmp, 0, a, r0, bp, tail, kv, k, c, c0, cols, add);
                    if (r1 != r0) finish(tmp, 5 * L, a, r1, bp, tail, kv, k, c, c0 + n, cols, add);
                }
                kb = ke;
            } while (kb < kv);
        }
    }

    /** Floats of {@code acc} {@link #dot} needs for rows {@code [i0, i1)}. */
    static int dotAccSize(int rows) {
        return (rows + 1) / 2 * 2 * DOT_COLS * L;
    }

    /**
     * Sums each accumulator's lanes (spilled to {@code tmp} from {@code t0}, L per column) in order, adds the k tail
     * by FMA, and writes one row's group of columns.
     */
    private static void finish(float[] tmp, int t0, float[] a, int r, float[] bp, int tail, int kv, int k,
                               float[] c, int c0, int cols, boolean add) {
        for (int q = 0; q < cols; q++) {
            float s = tmp[t0 + q * L];
            for (int l = 1; l < L; l++) s += tmp[t0 + q * L + l];
            for (int p = kv; p < k; p++) s = Math.fma(a[r + p], bp[tail + q * L + p - kv], s);
            c[c0 + q] = add ? c[c0 + q] + s : s;
        }
    }

    /** Floats {@link #packColumns} writes. */
    static int columnsSize(int n, int k) {
        return VectorGemm.ceilDiv(n, COL_COLS) * COL_COLS * k;
    }

    /** Packs op(B) {@code [k,n]} for {@link #columns}: per group of 4 columns, k rows of 4; missing columns are zeros. */
    static void packColumns(boolean transB, float[] b, int bOff, int n, int k, float[] bp) {
        java.util.Arrays.fill(bp, 0, columnsSize(n, k), 0f);
        for (int j = 0; j < n; j++) {
            int col = (j / COL_COLS) * COL_COLS * k + j % COL_COLS;
            for (int p = 0; p < k; p++) bp[col + p * COL_COLS] = b[bOff + (transB ? j * k + p : p * n + j)];
        }
    }

    /**
     * Rows {@code [i0,i1)} of C (+)= op(A)·op(B), A stored {@code [k,m]} (transA), op(B) packed by
     * {@link #packColumns}. In a last block of fewer than 2L rows, A is still read in place (the extra lanes read
     * neighbouring values and are never written) as far as the array allows; only the remaining values of p are
     * first copied into {@code edge} ({@code k x 2L}). Both parts continue one FMA chain per element.
     */
    static void columns(int m, int n, int k, float[] a, int aOff, float[] bp, float[] c, int cOff, int i0, int i1,
                        boolean add, float[] tmp, float[] edge) {
        for (int i = i0; i < i1; i += 2 * L) {
            int rows = Math.min(2 * L, i1 - i);
            int inPlace = k;
            if (rows < 2 * L) {
                long room = (long) a.length - (aOff + i + 2 * L);
                inPlace = room < 0 ? 0 : (int) Math.min(k, room / m + 1);
                for (int p = inPlace; p < k; p++) {
                    int e = (p - inPlace) * 2 * L;
                    for (int r = 0; r < 2 * L; r++) edge[e + r] = r < rows ? a[aOff + p * m + i + r] : 0f;
                }
            }
            for (int g = 0; g * COL_COLS < n; g++) {
                int b0 = g * COL_COLS * k;
                columnBlock(inPlace, a, aOff + i, m, bp, b0, tmp, false);
                if (inPlace < k) columnBlock(k - inPlace, edge, 0, 2 * L, bp, b0 + inPlace * COL_COLS, tmp, inPlace > 0);
                int cols = Math.min(COL_COLS, n - g * COL_COLS);
                int c0 = cOff + i * n + g * COL_COLS;
                for (int r = 0; r < rows; r++) {
                    for (int q = 0; q < cols; q++) {
                        float s = tmp[q * 2 * L + r];
                        int ci = c0 + r * n + q;
                        c[ci] = add ? c[ci] + s : s;
                    }
                }
            }
        }
    }

    /**
     * 2L rows x 4 columns over {@code k} values of p into {@code tmp} (column q's 2L values at {@code q * 2L}),
     * starting from zero, or from {@code tmp} when {@code cont} (the chain continued over a second part of p).
     */
    private static void columnBlock(int k, float[] a, int a0, int lda, float[] bp, int b0, float[] tmp, boolean cont) {
        FloatVector z = FloatVector.zero(S), x0 = z, x1 = z, x2 = z, x3 = z, y0 = z, y1 = z, y2 = z, y3 = z;
        if (cont) {
            x0 = FloatVector.fromArray(S, tmp, 0);
            y0 = FloatVector.fromArray(S, tmp, L);
            x1 = FloatVector.fromArray(S, tmp, 2 * L);
            y1 = FloatVector.fromArray(S, tmp, 3 * L);
            x2 = FloatVector.fromArray(S, tmp, 4 * L);
            y2 = FloatVector.fromArray(S, tmp, 5 * L);
            x3 = FloatVector.fromArray(S, tmp, 6 * L);
            y3 = FloatVector.fromArray(S, tmp, 7 * L);
        }
        for (int p = 0; p < k; p++) {
            int ai = a0 + p * lda;
            FloatVector u = FloatVector.fromArray(S, a, ai);
            FloatVector w = FloatVector.fromArray(S, a, ai + L);
            int bi = b0 + p * COL_COLS;
            FloatVector bv = FloatVector.broadcast(S, bp[bi]);
            x0 = u.fma(bv, x0);
            y0 = w.fma(bv, y0);
            bv = FloatVector.broadcast(S, bp[bi + 1]);
            x1 = u.fma(bv, x1);
            y1 = w.fma(bv, y1);
            bv = FloatVector.broadcast(S, bp[bi + 2]);
            x2 = u.fma(bv, x2);
            y2 = w.fma(bv, y2);
            bv = FloatVector.broadcast(S, bp[bi + 3]);
            x3 = u.fma(bv, x3);
            y3 = w.fma(bv, y3);
        }
        x0.intoArray(tmp, 0);
        y0.intoArray(tmp, L);
        x1.intoArray(tmp, 2 * L);
        y1.intoArray(tmp, 3 * L);
        x2.intoArray(tmp, 4 * L);
        y2.intoArray(tmp, 5 * L);
        x3.intoArray(tmp, 6 * L);
        y3.intoArray(tmp, 7 * L);
    }
}
