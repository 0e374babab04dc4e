package dev.lamina.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API half of {@link VectorGemm}: panel packing and the register-blocked micro-kernel. Only this class
 * imports {@code jdk.incubator.vector}, and only {@link VectorGemm} touches it, so nothing loads it unless the
 * module is present.
 *
 * <p>Packed layouts (BLIS): an A block is a run of {@code MR}-row micro-panels, each {@code kc} columns of
 * {@code MR} consecutive values; a B block is a run of {@code NR}-column micro-panels, each {@code kc} rows of
 * {@code NR} consecutive values. Partial panels are padded with zeros, so the micro-kernel always runs a full
 * tile and only the write-back is clipped.
 */
final class VectorKernel {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /**
     * Tile rows: 4 rows x 2 vectors = 8 accumulators, with 2 B vectors and the broadcasts 12 of 16 AVX2 registers. A
     * 6-row tile (12 accumulators, all 16 registers) was a little faster when C2 compiled it well, but C2 often
     * compiled it at half speed (accumulators on the stack inside the k loop) in JVMs with one CPU, for no cause
     * found; 4 rows always ran at full speed (figures in benchmarks/README.md).
     */
    static final int MR = 4;
    static final int NR = 2 * L;

    private VectorKernel() {
    }

    /**
     * Packs {@code op(A)[i0:i0+mc, p0:p0+kc]} into {@code ap} from index {@code apOff}. {@code A} is {@code [m,k]} as
     * stored, or {@code [k,m]} when {@code transA}.
     */
    static void packA(boolean transA, float[] a, int aOff, int m, int k, int i0, int mc, int p0, int kc, float[] ap, int apOff) {
        for (int ir = 0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir);
            int base = apOff + ir * kc;
            if (transA && rows == MR) {         // column p of op(A) is a contiguous run of the stored row p
                int s0 = aOff + p0 * m + i0 + ir;
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * MR;
                    int s = s0 + p * m;
                    ap[dst] = a[s];
                    ap[dst + 1] = a[s + 1];
                    ap[dst + 2] = a[s + 2];
                    ap[dst + 3] = a[s + 3];
                }
            } else if (transA) {
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (p0 + p) * m + i0 + ir;
                    int dst = base + p * MR;
                    for (int r = 0; r < rows; r++) ap[dst + r] = a[src + r];
                    for (int r = rows; r < MR; r++) ap[dst + r] = 0f;
                }
            } else if (rows == MR) {            // four row streams read in step, written contiguously
                int s0 = aOff + (i0 + ir) * k + p0;
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * MR;
                    int s = s0 + p;
                    ap[dst] = a[s];
                    ap[dst + 1] = a[s + k];
                    ap[dst + 2] = a[s + 2 * k];
                    ap[dst + 3] = a[s + 3 * k];
                }
            } else {
                for (int r = 0; r < MR; r++) {
                    if (r < rows) {
                        int src = aOff + (i0 + ir + r) * k + p0;
                        for (int p = 0; p < kc; p++) ap[base + p * MR + r] = a[src + p];
                    } else {
                        for (int p = 0; p < kc; p++) ap[base + p * MR + r] = 0f;
                    }
                }
            }
        }
    }

    /**
     * Packs {@code op(B)[p0:p0+kc, j0:j0+nc]} into {@code bp} from index {@code bpOff}. {@code B} is {@code [k,n]} as
     * stored, or {@code [n,k]} when {@code transB}.
     */
    static void packB(boolean transB, float[] b, int bOff, int n, int k, int j0, int nc, int p0, int kc, float[] bp, int bpOff) {
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            int base = bpOff + jr * kc;
            if (!transB) {                      // row p of op(B) is a contiguous run of the stored row p
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (p0 + p) * n + j0 + jr;
                    int dst = base + p * NR;
                    if (cols == NR) {
                        FloatVector.fromArray(S, b, src).intoArray(bp, dst);
                        FloatVector.fromArray(S, b, src + L).intoArray(bp, dst + L);
                    } else {
                        for (int j = 0; j < cols; j++) bp[dst + j] = b[src + j];
                        for (int j = cols; j < NR; j++) bp[dst + j] = 0f;
                    }
                }
            } else {                            // column j of op(B) is a contiguous run of the stored row j
                for (int j = 0; j < NR; j++) {
                    if (j < cols) {
                        int src = bOff + (j0 + jr + j) * k + p0;
                        for (int p = 0; p < kc; p++) bp[base + p * NR + j] = b[src + p];
                    } else {
                        for (int p = 0; p < kc; p++) bp[base + p * NR + j] = 0f;
                    }
                }
            }
        }
    }

    /** Packs one B micro-panel from rows scattered in {@code b}: row p ({@code p < kc}) is {@code b[off[p] + col ...]}. */
    static void packRows(float[] b, int[] off, int kc, int col, float[] bp) {
        for (int p = 0; p < kc; p++) {
            int src = off[p] + col;
            FloatVector.fromArray(S, b, src).intoArray(bp, p * NR);
            FloatVector.fromArray(S, b, src + L).intoArray(bp, p * NR + L);
        }
    }

    /**
     * One {@code MR x NR} tile: sums {@code kc} rank-1 updates of the packed panels into registers, from zero and in
     * order of p, then writes {@code C = acc} or {@code C = C + acc} for the {@code rows x cols} part that exists.
     * Every element's value depends only on its own products and the k blocking, never on tiling or threads.
     */
    static void tile(int kc, float[] ap, int a0, float[] bp, int b0, float[] c, int c0, int ldc,
                     int rows, int cols, boolean add, float[] tmp) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00,
                c30 = c00, c31 = c00;
        for (int p = 0; p < kc; p++) {
            int bi = b0 + p * NR;
            int ai = a0 + p * MR;
            FloatVector b0v = FloatVector.fromArray(S, bp, bi);
            FloatVector b1v = FloatVector.fromArray(S, bp, bi + L);
            FloatVector av = FloatVector.broadcast(S, ap[ai]);
            c00 = av.fma(b0v, c00);
            c01 = av.fma(b1v, c01);
            av = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = av.fma(b0v, c10);
            c11 = av.fma(b1v, c11);
            av = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = av.fma(b0v, c20);
            c21 = av.fma(b1v, c21);
            av = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = av.fma(b0v, c30);
            c31 = av.fma(b1v, c31);
        }
        // Written out here rather than by a helper taking vectors: when the JIT leaves such a call out of line
        // (it does when k is long and the call looks cold) it boxes the vectors, and with them every accumulator.
        if (rows == MR && cols == NR) {
            if (add) {
                c00 = c00.add(FloatVector.fromArray(S, c, c0));
                c01 = c01.add(FloatVector.fromArray(S, c, c0 + L));
                c10 = c10.add(FloatVector.fromArray(S, c, c0 + ldc));
                c11 = c11.add(FloatVector.fromArray(S, c, c0 + ldc + L));
                c20 = c20.add(FloatVector.fromArray(S, c, c0 + 2 * ldc));
                c21 = c21.add(FloatVector.fromArray(S, c, c0 + 2 * ldc + L));
                c30 = c30.add(FloatVector.fromArray(S, c, c0 + 3 * ldc));
                c31 = c31.add(FloatVector.fromArray(S, c, c0 + 3 * ldc + L));
            }
            c00.intoArray(c, c0);
            c01.intoArray(c, c0 + L);
            c10.intoArray(c, c0 + ldc);
            c11.intoArray(c, c0 + ldc + L);
            c20.intoArray(c, c0 + 2 * ldc);
            c21.intoArray(c, c0 + 2 * ldc + L);
            c30.intoArray(c, c0 + 3 * ldc);
            c31.intoArray(c, c0 + 3 * ldc + L);
            return;
        }
        c00.intoArray(tmp, 0);
        c01.intoArray(tmp, L);
        c10.intoArray(tmp, NR);
        c11.intoArray(tmp, NR + L);
        c20.intoArray(tmp, 2 * NR);
        c21.intoArray(tmp, 2 * NR + L);
        c30.intoArray(tmp, 3 * NR);
        c31.intoArray(tmp, 3 * NR + L);
        writeBack(tmp, c, c0, ldc, rows, cols, add);
    }

    /**
     * The same tile reading A in place: {@code A(r, p)} at {@code a[a0 + r * rs + p * ps]}, for blocks whose A
     * panel is used once (a single B micro-panel) or is small, where packing would cost as much as the arithmetic.
     * Row p of the B panel is at {@code bp[b0 + p * ldb]} ({@code ldb = NR} when packed; B itself, read in place,
     * has {@code ldb = n}). Rows past {@code rows} re-read the last row and are discarded.
     */
    static void tile(int kc, float[] a, int a0, int rs, int ps, float[] bp, int b0, int ldb, float[] c, int c0, int ldc,
                     int rows, int cols, boolean add, float[] tmp) {
        int r1 = a0 + Math.min(1, rows - 1) * rs, r2 = a0 + Math.min(2, rows - 1) * rs;
        int r3 = a0 + Math.min(3, rows - 1) * rs;
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00,
                c30 = c00, c31 = c00;
        for (int p = 0; p < kc; p++) {
            int bi = b0 + p * ldb;
            int ai = p * ps;
            FloatVector b0v = FloatVector.fromArray(S, bp, bi);
            FloatVector b1v = FloatVector.fromArray(S, bp, bi + L);
            FloatVector av = FloatVector.broadcast(S, a[a0 + ai]);
            c00 = av.fma(b0v, c00);
            c01 = av.fma(b1v, c01);
            av = FloatVector.broadcast(S, a[r1 + ai]);
            c10 = av.fma(b0v, c10);
            c11 = av.fma(b1v, c11);
            av = FloatVector.broadcast(S, a[r2 + ai]);
            c20 = av.fma(b0v, c20);
            c21 = av.fma(b1v, c21);
            av = FloatVector.broadcast(S, a[r3 + ai]);
            c30 = av.fma(b0v, c30);
            c31 = av.fma(b1v, c31);
        }
        // Written out here rather than by a helper taking vectors: when the JIT leaves such a call out of line
        // (it does when k is long and the call looks cold) it boxes the vectors, and with them every accumulator.
        if (rows == MR && cols == NR) {
            if (add) {
                c00 = c00.add(FloatVector.fromArray(S, c, c0));
                c01 = c01.add(FloatVector.fromArray(S, c, c0 + L));
                c10 = c10.add(FloatVector.fromArray(S, c, c0 + ldc));
                c11 = c11.add(FloatVector.fromArray(S, c, c0 + ldc + L));
                c20 = c20.add(FloatVector.fromArray(S, c, c0 + 2 * ldc));
                c21 = c21.add(FloatVector.fromArray(S, c, c0 + 2 * ldc + L));
                c30 = c30.add(FloatVector.fromArray(S, c, c0 + 3 * ldc));
                c31 = c31.add(FloatVector.fromArray(S, c, c0 + 3 * ldc + L));
            }
            c00.intoArray(c, c0);
            c01.intoArray(c, c0 + L);
            c10.intoArray(c, c0 + ldc);
            c11.intoArray(c, c0 + ldc + L);
            c20.intoArray(c, c0 + 2 * ldc);
            c21.intoArray(c, c0 + 2 * ldc + L);
            c30.intoArray(c, c0 + 3 * ldc);
            c31.intoArray(c, c0 + 3 * ldc + L);
            return;
        }
        c00.intoArray(tmp, 0);
        c01.intoArray(tmp, L);
        c10.intoArray(tmp, NR);
        c11.intoArray(tmp, NR + L);
        c20.intoArray(tmp, 2 * NR);
        c21.intoArray(tmp, 2 * NR + L);
        c30.intoArray(tmp, 3 * NR);
        c31.intoArray(tmp, 3 * NR + L);
        writeBack(tmp, c, c0, ldc, rows, cols, add);
    }

    /** Writes the {@code rows x cols} part of a tile spilled to {@code tmp} (rows of NR): {@code C = acc} or {@code C = C + acc}. */
    private static void writeBack(float[] tmp, float[] c, int c0, int ldc, int rows, int cols, boolean add) {
        for (int r = 0; r < rows; r++) {
            int ci = c0 + r * ldc, t = r * NR;
            if (add) for (int j = 0; j < cols; j++) c[ci + j] += tmp[t + j];
            else System.arraycopy(tmp, t, c, ci, cols);
        }
    }
}
