package dev.lamina.tensor.kernels;

/**
 * The supported hook into the kernels for benchmarks and tests that measure or compare them: the GEMMs by name,
 * the GEMM's micro-kernel on packed panels, and the implicit-GEMM convolution's three products. Not for models:
 * ops go through {@link Kernels}. The vector entries need the {@code jdk.incubator.vector} module and throw
 * {@link IllegalStateException} without it.
 */
public final class KernelDiagnostics {
    private KernelDiagnostics() {
    }

    /** EJML's GEMM (the scalar kernel set's) on the process's thread setting. */
    public static Gemm ejmlGemm() {
        return new EjmlGemm(ThreadPolicy.GLOBAL);
    }

    /** The Vector API GEMM on the process's thread setting. */
    public static Gemm vectorGemm() {
        requireVector("vectorGemm");
        return KernelSet.LOADED.gemm();
    }

    /** A Vector API GEMM of its own on at most {@code maxThreads} threads (EJML's thread setting follows it). */
    public static Gemm vectorGemm(int maxThreads) {
        requireVector("vectorGemm");
        return KernelSet.load(true, new ThreadPolicy(maxThreads)).gemm();
    }

    /** Rows of the GEMM's register tile ({@code MR}). */
    public static int tileRows() {
        requireVector("tileRows");
        return VectorGemm.MR;
    }

    /** Columns of the GEMM's register tile ({@code NR}): two vectors of the JVM's preferred species. */
    public static int tileColumns() {
        requireVector("tileColumns");
        return VectorGemm.NR;
    }

    /**
     * One full micro-kernel call as the GEMM runs it: {@code c [MR x NR]} (row stride NR) = (or +=, when {@code add})
     * the packed panels {@code ap [kc x MR]} times {@code bp [kc x NR]}; {@code tmp} holds MR x NR floats.
     */
    public static void tile(int kc, float[] ap, float[] bp, float[] c, boolean add, float[] tmp) {
        requireVector("tile");
        VectorKernel.tile(kc, ap, 0, bp, 0, c, 0, VectorGemm.NR, VectorGemm.MR, VectorGemm.NR, add, tmp);
    }

    /** The depth of the slices the Vector API GEMM cuts {@code k} into for this product. */
    public static int gemmDepthStep(boolean transA, boolean transB, int m, int n, int k) {
        requireVector("gemmDepthStep");
        return new GemmProblem(transA, transB, m, n, k, new float[0], 0, new float[0], 0, new float[0], 0, false).kStep();
    }

    /** Whether the planner runs this convolution as implicit GEMM with the GEMM in use. */
    public static boolean implicitConv(Kernels.Window w, int outC) {
        return ConvPlanner.plan(w.geometry, outC, KernelSet.LOADED, Kernels.gemm()) == ConvPlanner.Algorithm.IMPLICIT;
    }

    /** The implicit-GEMM forward, {@code y = conv(x, kernel)} (no bias, no relu); for {@link #implicitConv} convolutions. */
    public static void implicitConvForward(Kernels.Window w, float[] x, float[] kd, int outC, float[] y) {
        requireVector("implicitConvForward");
        KernelSet.LOADED.convolutions().implicitForward(w.geometry, x, 0, kd, 0, outC, null, 0, false, y);
    }

    /** The implicit-GEMM kernel gradient, written to {@code dk}. */
    public static void implicitConvKernelGrad(Kernels.Window w, float[] x, float[] gy, int outC, float[] dk) {
        requireVector("implicitConvKernelGrad");
        KernelSet.LOADED.convolutions().implicitKernelGrad(w.geometry, x, 0, gy, 0, outC, dk, false);
    }

    /** The implicit-GEMM input gradient, added to {@code dx}. */
    public static void implicitConvInputGrad(Kernels.Window w, float[] gy, float[] kd, int outC, float[] dx) {
        requireVector("implicitConvInputGrad");
        KernelSet.LOADED.convolutions().implicitInputGrad(w.geometry, gy, 0, kd, 0, outC, dx);
    }

    /** Adds every patch value of {@code cols} (all images, im2col's layout) back onto its input cell of {@code dx}. */
    public static void col2im(Kernels.Window w, float[] cols, float[] dx) {
        Im2col.col2im(w.geometry, cols, 0, w.geometry.batch, dx);
    }

    private static void requireVector(String what) {
        if (KernelSet.LOADED.convolutions() == null) {
            throw new IllegalStateException("KernelDiagnostics." + what + " needs the Vector API kernels; run the JVM with "
                    + "--add-modules jdk.incubator.vector");
        }
    }
}
