package dev.lamina.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * {@link ImplicitConv}'s micro-kernels: {@link VectorKernel#tile}'s {@code MR x NR} register block with A and C
 * addressed through offsets. In {@link #tile}, {@code A(r, p) = a[aRow[r] + offs[o0 + p]]}; row p of the B panel is
 * at {@code bp[b0 + p * ldb]}; C row r starts at {@code c[cRow[r] + cCol]}. Rows past {@code rows} repeat a row
 * offset in {@code aRow} (the caller's) and are discarded. {@link #tileRuns} reads A along runs of consecutive
 * values.
 */
final class ImplicitTile {
    static final VectorSpecies<Float> S = VectorKernel.S;
    static final int L = VectorKernel.L;
    /** VectorKernel's 4 rows: a 6-row tile here, too, was sometimes compiled at half speed (see its MR). */
    static final int MR = VectorKernel.MR;
    static final int NR = VectorKernel.NR;

    private ImplicitTile() {
    }

    /**
     * The same tile for A read along runs of consecutive values: patch elements {@code p} are numbered run after run,
     * {@code runLen} per run, and {@code A(r, p) = a[aRow[r] + runOff[s] + j]} for {@code p = s * runLen + j}. Row p
     * of the packed B panel is at {@code bp[b0 + p * NR]}. Inside a run every index is the loop counter plus a
     * constant, so the JIT checks bounds once per run instead of once per value. The accumulators go through
     * {@code acc} ({@code MR * NR} floats) between runs: vectors carried by nested loops are boxed by C2 (17), and
     * storing and reloading a float does not change the FMA chain.
     */
    static void tileRuns(int runs, int runLen, float[] a, int[] aRow, int[] runOff, float[] bp, int b0,
                         float[] c, int[] cRow, int cCol, int rows, int cols, boolean add, float[] acc) {
        Arrays.fill(acc, 0, MR * NR, 0f);
        for (int s = 0; s < runs; s++) {
            int o = runOff[s];
            run(runLen, a, aRow[0] + o, aRow[1] + o, aRow[2] + o, aRow[3] + o, bp, b0 + s * runLen * NR, acc);
        }
        if (rows == MR && cols == NR) {
            for (int r = 0; r < MR; r++) {
                int d = cRow[r] + cCol, t = r * NR;
                FloatVector v0 = FloatVector.fromArray(S, acc, t), v1 = FloatVector.fromArray(S, acc, t + L);
                if (add) {
                    v0 = v0.add(FloatVector.fromArray(S, c, d));
                    v1 = v1.add(FloatVector.fromArray(S, c, d + L));
                }
                v0.intoArray(c, d);
                v1.intoArray(c, d + L);
            }
            return;
        }
        for (int r = 0; r < rows; r++) {
            int ci = cRow[r] + cCol, t = r * NR;
            if (add) for (int j = 0; j < cols; j++) c[ci + j] += acc[t + j];
            else System.arraycopy(acc, t, c, ci, cols);
        }
    }

    /** {@code len} rank-1 updates of the accumulators in {@code acc}, A rows from {@code i0..i3}, B rows from {@code bi}. */
    private static void run(int len, float[] a, int i0, int i1, int i2, int i3, float[] bp, int bi, float[] acc) {
        FloatVector c00 = FloatVector.fromArray(S, acc, 0), c01 = FloatVector.fromArray(S, acc, L);
        FloatVector c10 = FloatVector.fromArray(S, acc, NR), c11 = FloatVector.fromArray(S, acc, NR + L);
        FloatVector c20 = FloatVector.fromArray(S, acc, 2 * NR), c21 = FloatVector.fromArray(S, acc, 2 * NR + L);
        FloatVector c30 = FloatVector.fromArray(S, acc, 3 * NR), c31 = FloatVector.fromArray(S, acc, 3 * NR + L);
        for (int j = 0; j < len; j++) {
            int b = bi + j * NR;
            FloatVector b0v = FloatVector.fromArray(S, bp, b);
            FloatVector b1v = FloatVector.fromArray(S, bp, b + L);
            FloatVector av = FloatVector.broadcast(S, a[i0 + j]);
            c00 = av.fma(b0v, c00);
            c01 = av.fma(b1v, c01);
            av = FloatVector.broadcast(S, a[i1 + j]);
            c10 = av.fma(b0v, c10);
            c11 = av.fma(b1v, c11);
            av = FloatVector.broadcast(S, a[i2 + j]);
            c20 = av.fma(b0v, c20);
            c21 = av.fma(b1v, c21);
            av = FloatVector.broadcast(S, a[i3 + j]);
            c30 = av.fma(b0v, c30);
            c31 = av.fma(b1v, c31);
        }
        c00.intoArray(acc, 0);
        c01.intoArray(acc, L);
        c10.intoArray(acc, NR);
        c11.intoArray(acc, NR + L);
        c20.intoArray(acc, 2 * NR);
        c21.intoArray(acc, 2 * NR + L);
        c30.intoArray(acc, 3 * NR);
        c31.intoArray(acc, 3 * NR + L);
    }

    /** Sums {@code kc} rank-1 updates from zero, in order of p, then writes {@code C = acc} or {@code C += acc}. */
    static void tile(int kc, float[] a, int[] aRow, int[] offs, int o0, float[] bp, int b0, int ldb,
                     float[] c, int[] cRow, int cCol, int rows, int cols, boolean add, float[] tmp) {
        int a0 = aRow[0], a1 = aRow[1], a2 = aRow[2], a3 = aRow[3];
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00,
                c30 = c00, c31 = c00;
        for (int p = 0; p < kc; p++) {
            int bi = b0 + p * ldb;
            int o = offs[o0 + p];
            FloatVector b0v = FloatVector.fromArray(S, bp, bi);
            FloatVector b1v = FloatVector.fromArray(S, bp, bi + L);
            FloatVector av = FloatVector.broadcast(S, a[a0 + o]);
            c00 = av.fma(b0v, c00);
            c01 = av.fma(b1v, c01);
            av = FloatVector.broadcast(S, a[a1 + o]);
            c10 = av.fma(b0v, c10);
            c11 = av.fma(b1v, c11);
            av = FloatVector.broadcast(S, a[a2 + o]);
            c20 = av.fma(b0v, c20);
            c21 = av.fma(b1v, c21);
            av = FloatVector.broadcast(S, a[a3 + o]);
            c30 = av.fma(b0v, c30);
            c31 = av.fma(b1v, c31);
        }
        // Written out, not by a helper taking vectors: see VectorKernel.tile (an out-of-line call boxes them).
        if (rows == MR && cols == NR) {
            int d0 = cRow[0] + cCol, d1 = cRow[1] + cCol, d2 = cRow[2] + cCol;
            int d3 = cRow[3] + cCol;
            if (add) {
                c00 = c00.add(FloatVector.fromArray(S, c, d0));
                c01 = c01.add(FloatVector.fromArray(S, c, d0 + L));
                c10 = c10.add(FloatVector.fromArray(S, c, d1));
                c11 = c11.add(FloatVector.fromArray(S, c, d1 + L));
                c20 = c20.add(FloatVector.fromArray(S, c, d2));
                c21 = c21.add(FloatVector.fromArray(S, c, d2 + L));
                c30 = c30.add(FloatVector.fromArray(S, c, d3));
                c31 = c31.add(FloatVector.fromArray(S, c, d3 + L));
            }
            c00.intoArray(c, d0);
            c01.intoArray(c, d0 + L);
            c10.intoArray(c, d1);
            c11.intoArray(c, d1 + L);
            c20.intoArray(c, d2);
            c21.intoArray(c, d2 + L);
            c30.intoArray(c, d3);
            c31.intoArray(c, d3 + L);
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
        for (int r = 0; r < rows; r++) {
            int ci = cRow[r] + cCol, t = r * NR;
            if (add) for (int j = 0; j < cols; j++) c[ci + j] += tmp[t + j];
            else System.arraycopy(tmp, t, c, ci, cols);
        }
    }

}
