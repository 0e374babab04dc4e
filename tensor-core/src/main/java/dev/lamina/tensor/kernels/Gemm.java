package dev.lamina.tensor.kernels;

/**
 * Row-major float GEMM: {@code C[m,n] (+)= op(A)[m,k] · op(B)[k,n]}, where {@code op(A)} is {@code A} or its
 * transpose as stored ({@code A} is {@code [m,k]}, or {@code [k,m]} when {@code transA}). This is the one seam
 * behind which every GEMM-shaped op (matmul, Dense, convolution via im2col) runs, so a faster kernel can replace
 * the EJML one without touching the ops ({@link Kernels#useGemm}).
 */
public interface Gemm {
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate);

    /**
     * Two independent products, whose C arrays are distinct: at once, each on its own thread, when
     * {@link Kernels#both} allows it (the smaller product reaching the threading threshold), else one after the other.
     */
    default void pair(Call first, Call second) {
        ParallelLoops.both(Math.min(first.multiplyAdds(), second.multiplyAdds()), () -> first.run(this), () -> second.run(this));
    }

    /**
     * The one-row product {@code y[0,n) = x[0,k) · B[k,n]} (B as stored, not transposed), with exactly the bits of
     * {@code gemm(false, false, 1, n, k, x, xOff, b, bOff, y, yOff, false)}, on the calling thread: batch-1
     * inference, where the callers are the parallelism. A GEMM may override it with a faster form.
     */
    default void gemv(int n, int k, float[] x, int xOff, float[] b, int bOff, float[] y, int yOff) {
        gemm(false, false, 1, n, k, x, xOff, b, bOff, y, yOff, false);
    }

    /** A short name for benchmarks and logs. */
    String name();

    /** The arguments of one {@link #gemm} call, for running two products as a pair ({@link #pair}). */
    record Call(boolean transA, boolean transB, int m, int n, int k,
                float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
        /** Runs this call on {@code gemm}. */
        public void run(Gemm gemm) {
            gemm.gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
        }

        /** The product's size, {@code m * n * k}. */
        public long multiplyAdds() {
            return (long) m * n * k;
        }
    }
}
