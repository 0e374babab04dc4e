package dev.lamina.tensor.kernels;

/** The arguments of one {@link Gemm#gemm} call, for running two products as a pair ({@link Gemm#pair}). */
public record GemmCall(boolean transA, boolean transB, int m, int n, int k,
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
