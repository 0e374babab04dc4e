package dev.lamina.tensor.kernels;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Elementwise loops of the training hot path (bias + activation, the relu mask, column sums), vectorised with the
 * JDK Vector API when {@code jdk.incubator.vector} is present and plain loops otherwise. Both forms compute each
 * element with the same float operations in the same order, so results are bit-identical either way (and to the
 * unfused ops they replace). Internal.
 */
public final class Simd {
    private static final Impl IMPL = load();
    /** Elementwise loops are split between threads in blocks of this many elements. */
    private static final int BLOCK = 1024;
    /** Column sums are split between threads in groups of this many columns. */
    private static final int COLUMN_GROUP = 16;
    /** {@link #firstNonFinite} checks blocks of this many values at full speed and searches only a failing one. */
    private static final int SCAN_BLOCK = 1 << 14;
    /** Convolutions with fewer filters than this run directly (see {@link #directConvApplies}). */
    private static final int DIRECT_CONV_FILTERS = 16;

    private Simd() {
    }

    /** The loops; {@link ScalarSimd} and {@code VectorSimd} implement them. */
    interface Impl {
        void biasRelu(float[] y, int off, int rows, int n, float[] b, int bOff, boolean relu);

        void relu(float[] x, int xOff, float[] out, int outOff, int n);

        void reluGrad(float[] g, int gOff, float[] y, int yOff, float[] out, int outOff, int n);

        /** Columns {@code [j0, j1)} only. */
        void columnSums(float[] x, int off, int rows, int n, int j0, int j1, float[] out, int outOff, boolean accumulate);

        void maxPool(ConvGeometry g, float[] x, int xOff, float[] out, int n0, int n1);

        void maxPoolBackward(ConvGeometry g, float[] x, int xOff, float[] y, float[] gy, int gOff, float[] dx, int n0, int n1);

        void addInto(float[] dst, int dOff, float[] src, int sOff, int n);

        boolean allFinite(float[] x, int off, int n);

        /** False when this form has no fast path for this {@code inner} (the caller then loops itself). */
        boolean extremeSmallInner(boolean max, float[] x, int off, int outer, int mid, int inner, float[] out);

        boolean extremeGradSmallInner(float[] x, int off, int outer, int mid, int inner, float[] y, float[] g, int gOff, float[] dx);

        /** False when this form has no direct convolution (the caller then uses im2col + GEMM). */
        boolean directConv(ConvGeometry g, float[] x, int xOff, float[] kd, int kOff, int outC, float[] bias, int bOff, boolean relu, float[] y);

        boolean directConvKernelGrad(ConvGeometry g, float[] x, int xOff, float[] gy, int gOff, int outC, float[] dk, boolean accumulate);

        /** False when this form has no implicit-GEMM convolution for this one (see {@link #implicitConvApplies}). */
        boolean implicitConvApplies(ConvGeometry g, int outC);

        void implicitConv(ConvGeometry g, float[] x, int xOff, float[] kd, int kOff, int outC, float[] bias, int bOff, boolean relu, float[] y);

        void implicitConvKernelGrad(ConvGeometry g, float[] x, int xOff, float[] gy, int gOff, int outC, float[] dk, boolean accumulate);

        void implicitConvInputGrad(ConvGeometry g, float[] gy, int gOff, float[] kd, int kOff, int outC, float[] dx);


        String name();
    }

    private static Impl load() {
        if (Kernels.vectorModulePresent()) {
            try {
                return (Impl) Class.forName("dev.lamina.tensor.kernels.VectorSimd").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                System.getLogger(Simd.class.getName()).log(System.Logger.Level.WARNING, "VectorSimd unavailable, using plain loops: " + e);
            }
        }
        return new ScalarSimd();
    }

    /** {@code "vector"} or {@code "scalar"}. */
    public static String name() {
        return IMPL.name();
    }

    /**
     * In place over {@code rows} rows of {@code n}: {@code y[r,j] = act(y[r,j] + b[j])}, where {@code act} is relu
     * ({@code v <= 0 ? 0 : v}: NaN stays NaN as in TensorFlow, -0 gives +0) or the identity; {@code b} may be null (no bias).
     */
    public static void biasRelu(float[] y, int off, int rows, int n, float[] b, int bOff, boolean relu) {
        if (b == null && !relu) return;
        Parallel.forRange(rows, n, (r0, r1) -> IMPL.biasRelu(y, off + r0 * n, r1 - r0, n, b, bOff, relu));
    }

    /** {@code out[i] = x[i] <= 0 ? 0 : x[i]} (NaN stays NaN). */
    public static void relu(float[] x, int xOff, float[] out, int outOff, int n) {
        Parallel.forRange(blocks(n), BLOCK, (b0, b1) -> {
            int from = b0 * BLOCK, to = Math.min(n, b1 * BLOCK);
            IMPL.relu(x, xOff + from, out, outOff + from, to - from);
        });
    }

    /**
     * {@code out[i] = g[i] * (y[i] > 0 ? 1 : 0)}: relu's backward from its output (or input) {@code y}; as TensorFlow's
     * ReluGrad, a NaN {@code y} masks (the NaN reaches the loss, hence {@code g}, anyway).
     */
    public static void reluGrad(float[] g, int gOff, float[] y, int yOff, float[] out, int outOff, int n) {
        Parallel.forRange(blocks(n), BLOCK, (b0, b1) -> {
            int from = b0 * BLOCK, to = Math.min(n, b1 * BLOCK);
            IMPL.reluGrad(g, gOff + from, y, yOff + from, out, outOff + from, to - from);
        });
    }

    /**
     * Sums of the {@code n} columns of a {@code rows x n} block, each summed over the rows in order from 0 (as
     * {@link Reduce} does); written to {@code out}, or added to it when {@code accumulate}.
     */
    public static void columnSums(float[] x, int off, int rows, int n, float[] out, int outOff, boolean accumulate) {
        int groups = (n + COLUMN_GROUP - 1) / COLUMN_GROUP;     // threads take whole column groups: same sums
        Parallel.forRange(groups, (long) rows * COLUMN_GROUP, (g0, g1) -> {
            int j0 = g0 * COLUMN_GROUP, j1 = Math.min(n, g1 * COLUMN_GROUP);
            IMPL.columnSums(x, off, rows, n, j0, j1, out, outOff, accumulate);
        });
    }

    /** {@link Pooling#maxForward} for images {@code [n0, n1)}. */
    static void maxPool(ConvGeometry g, float[] x, int xOff, float[] out, int n0, int n1) {
        IMPL.maxPool(g, x, xOff, out, n0, n1);
    }

    /** {@link Pooling#maxBackward} for images {@code [n0, n1)}. */
    static void maxPoolBackward(ConvGeometry g, float[] x, int xOff, float[] y, float[] gy, int gOff, float[] dx, int n0, int n1) {
        IMPL.maxPoolBackward(g, x, xOff, y, gy, gOff, dx, n0, n1);
    }

    /** {@code dst[dOff + i] += src[sOff + i]} for {@code i < n}, on the calling thread (a short run inside a loop). */
    static void addInto(float[] dst, int dOff, float[] src, int sOff, int n) {
        IMPL.addInto(dst, dOff, src, sOff, n);
    }

    /** The index (from {@code off}) of the first NaN or infinity among {@code x[off, off + n)}, or -1 if all are finite. */
    public static int firstNonFinite(float[] x, int off, int n) {
        // The blocks are shared between the threads (a fit checks all its input: 188 MB for W3, 1.8% of its time on
        // one thread); the answer is the least bad index found, whichever thread found it.
        AtomicInteger first = new AtomicInteger(Integer.MAX_VALUE);
        Parallel.forRange((n + SCAN_BLOCK - 1) / SCAN_BLOCK, SCAN_BLOCK, (b0, b1) -> {
            for (int b = b0; b < b1 && b * SCAN_BLOCK < first.get(); b++) {
                int from = b * SCAN_BLOCK, len = Math.min(SCAN_BLOCK, n - from);
                if (IMPL.allFinite(x, off + from, len)) continue;
                for (int i = from; i < from + len; i++) {
                    float v = x[off + i];
                    if (Float.isNaN(v) || Float.isInfinite(v)) {
                        first.accumulateAndGet(i, Math::min);
                        return;
                    }
                }
            }
        });
        return first.get() == Integer.MAX_VALUE ? -1 : first.get();
    }

    /**
     * Whether {@link #directConv} takes this convolution: few filters (where im2col + GEMM is a thin product
     * dominated by building the patches), horizontal stride 1, the Vector API present, and the GEMM in use the
     * default one (a GEMM installed with {@link Kernels#useGemm} gets every convolution).
     */
    public static boolean directConvApplies(ConvGeometry g, int outC) {
        return outC < DIRECT_CONV_FILTERS && g.strideW == 1 && g.patchSize() > 0 && IMPL.name().equals("vector")
                && Kernels.gemm() instanceof VectorGemm;
    }

    /**
     * {@code y [batch, outH, outW, outC]} (from 0) = {@code act(conv(x, kernel) + bias)} ({@code bias} may be null,
     * {@code act} relu or the identity); see {@link DirectConv}.
     */
    public static void directConv(ConvGeometry g, float[] x, int xOff, float[] kd, int kOff, int outC, float[] bias, int bOff,
                                  boolean relu, float[] y) {
        if (!IMPL.directConv(g, x, xOff, kd, kOff, outC, bias, bOff, relu, y)) throw new IllegalStateException("Simd: no direct convolution");
    }

    /** The kernel gradient {@code dk [kh*kw*in, outC]} (from 0) of {@link #directConv}, written or added to {@code dk}. */
    public static void directConvKernelGrad(ConvGeometry g, float[] x, int xOff, float[] gy, int gOff, int outC, float[] dk, boolean accumulate) {
        if (!IMPL.directConvKernelGrad(g, x, xOff, gy, gOff, outC, dk, accumulate)) throw new IllegalStateException("Simd: no direct convolution");
    }

    /**
     * Whether this convolution's forward and kernel gradient run as implicit GEMM, reading the patches in place
     * instead of building them (see {@code ImplicitConv}): windows inside the input, at least half a GEMM tile of
     * filters, the Vector API present and the GEMM in use the default one (a GEMM installed with
     * {@link Kernels#useGemm} gets every convolution).
     */
    public static boolean implicitConvApplies(ConvGeometry g, int outC) {
        return Kernels.gemm() instanceof VectorGemm && IMPL.implicitConvApplies(g, outC);
    }

    /**
     * {@code y [batch*outPixels, outC]} (from 0) = {@code act(conv(x, kernel) + bias)} ({@code bias} may be null,
     * {@code act} relu or the identity), bit-identical to {@link #biasRelu} after; for {@link #implicitConvApplies}.
     */
    public static void implicitConv(ConvGeometry g, float[] x, int xOff, float[] kd, int kOff, int outC, float[] bias, int bOff,
                                    boolean relu, float[] y) {
        IMPL.implicitConv(g, x, xOff, kd, kOff, outC, bias, bOff, relu, y);
    }

    /** The kernel gradient {@code dk [patch, outC]} (from 0), written or added to {@code dk}. */
    public static void implicitConvKernelGrad(ConvGeometry g, float[] x, int xOff, float[] gy, int gOff, int outC, float[] dk, boolean accumulate) {
        IMPL.implicitConvKernelGrad(g, x, xOff, gy, gOff, outC, dk, accumulate);
    }

    /** The input gradient, added to {@code dx} (an NHWC array from 0, zeros for a fresh one). */
    public static void implicitConvInputGrad(ConvGeometry g, float[] gy, int gOff, float[] kd, int kOff, int outC, float[] dx) {
        IMPL.implicitConvInputGrad(g, gy, gOff, kd, kOff, outC, dx);
    }

    /**
     * Max (or min) of {@code x [outer, mid, inner]} over {@code mid} for a few {@code inner} values (channels of a
     * global pooling), a vector of lanes at a time; false when there is no such path for this {@code inner}.
     * A column holding both zeros keeps either sign; NaN wins as in {@link Reduce}.
     */
    static boolean extremeSmallInner(boolean max, float[] x, int off, int outer, int mid, int inner, float[] out) {
        return IMPL.extremeSmallInner(max, x, off, outer, mid, inner, out);
    }

    /** {@link Reduce#extremeGrad} a vector of lanes at a time, for a few {@code inner} values; false when not available. */
    static boolean extremeGradSmallInner(float[] x, int off, int outer, int mid, int inner, float[] y, float[] g, int gOff, float[] dx) {
        return IMPL.extremeGradSmallInner(x, off, outer, mid, inner, y, g, gOff, dx);
    }

    private static int blocks(int n) {
        return (n + BLOCK - 1) / BLOCK;
    }
}
