package dev.lamina.tensor.kernels;

/** The kernel layer's entry point: the GEMM in use and the threading setting. */
public final class Kernels {
    private static final Parallelism PARALLELISM = new Parallelism(Runtime.getRuntime().availableProcessors());
    private static volatile Gemm gemm = new EjmlGemm(PARALLELISM);

    private Kernels() {
    }

    public static Gemm gemm() {
        return gemm;
    }

    public static Parallelism parallelism() {
        return PARALLELISM;
    }

    /** Replaces the GEMM (benchmarks and tests compare kernels through this). Returns the previous one. */
    public static Gemm useGemm(Gemm g) {
        Gemm prev = gemm;
        gemm = g;
        return prev;
    }
}
