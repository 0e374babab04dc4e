package dev.lamina.tensor.kernels;

/**
 * Row-major float GEMM: {@code C[m,n] (+)= op(A)[m,k] · op(B)[k,n]}, where {@code op(A)} is {@code A} or its
 * transpose as stored ({@code A} is {@code [m,k]}, or {@code [k,m]} when {@code transA}). This is the one seam
 * behind which every GEMM-shaped op (matmul, Dense, convolution via im2col) runs, so a faster kernel can replace
 * the EJML one without touching the ops.
 */
public interface Gemm {
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate);

    /** A short name for benchmarks and logs. */
    String name();
}
