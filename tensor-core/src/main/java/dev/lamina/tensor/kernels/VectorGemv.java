package dev.lamina.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link VectorGemm}'s one-row product for batch-1 inference: {@code y = x · B} with B {@code [k,n]} as stored, read
 * in place (a one-row GEMM packs all of B first, which doubles the memory traffic of a memory-bound product). Each
 * element is summed exactly as {@link GemmProblem} sums it: the same k slices, each one FMA chain from zero in
 * order of p, the slices added in order; so the results are {@link VectorGemm}'s bits. Products narrower than half
 * a tile go to the GEMM itself, whose narrow kernel sums in another order.
 */
final class VectorGemv {
    private static final VectorSpecies<Float> S = VectorKernel.S;
    private static final int L = VectorKernel.L;

    private VectorGemv() {
    }

    static void gemv(int n, int k, float[] x, int xOff, float[] b, int bOff, float[] y, int yOff) {
        int kStep = VectorGemm.ceilDiv(k, VectorGemm.ceilDiv(k, VectorGemm.KC));
        for (int pc = 0; pc < k; pc += kStep) {
            int kc = Math.min(kStep, k - pc);
            boolean add = pc > 0;
            int x0 = xOff + pc, b0 = bOff + pc * n;
            int j = 0;
            for (; j + 4 * L <= n; j += 4 * L) {       // four vectors of columns per sweep down the slice
                FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
                for (int p = 0; p < kc; p++) {
                    FloatVector xv = FloatVector.broadcast(S, x[x0 + p]);
                    int r = b0 + p * n + j;
                    a0 = xv.fma(FloatVector.fromArray(S, b, r), a0);
                    a1 = xv.fma(FloatVector.fromArray(S, b, r + L), a1);
                    a2 = xv.fma(FloatVector.fromArray(S, b, r + 2 * L), a2);
                    a3 = xv.fma(FloatVector.fromArray(S, b, r + 3 * L), a3);
                }
                int o = yOff + j;
                if (add) {
                    a0 = a0.add(FloatVector.fromArray(S, y, o));
                    a1 = a1.add(FloatVector.fromArray(S, y, o + L));
                    a2 = a2.add(FloatVector.fromArray(S, y, o + 2 * L));
                    a3 = a3.add(FloatVector.fromArray(S, y, o + 3 * L));
                }
                a0.intoArray(y, o);
                a1.intoArray(y, o + L);
                a2.intoArray(y, o + 2 * L);
                a3.intoArray(y, o + 3 * L);
            }
            for (; j + L <= n; j += L) {
                FloatVector a0 = FloatVector.zero(S);
                for (int p = 0; p < kc; p++) a0 = FloatVector.broadcast(S, x[x0 + p]).fma(FloatVector.fromArray(S, b, b0 + p * n + j), a0);
                if (add) a0 = a0.add(FloatVector.fromArray(S, y, yOff + j));
                a0.intoArray(y, yOff + j);
            }
            for (; j < n; j++) {                        // Math.fma is the vector lanes' fused operation
                float s = 0f;
                for (int p = 0; p < kc; p++) s = Math.fma(x[x0 + p], b[b0 + p * n + j], s);
                y[yOff + j] = add ? y[yOff + j] + s : s;
            }
        }
    }
}
