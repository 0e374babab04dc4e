package dev.lamina.tensor.kernels;

/**
 * The kernels' one door (with {@link Gemm}), for the op façades of {@code dev.lamina.tensor}: the GEMM in use, the
 * thread setting and parallel loops, the hot path's elementwise loops, pooling and convolution. Users set threads
 * through {@code dev.lamina.tensor.Concurrency}. Everything behind this class is package-private (the package's
 * {@code package-info} maps it); every entry gives the same bits on any thread count. Arrays are read from their
 * offsets; outputs start at 0 unless an offset is given.
 */
public final class Kernels {
    private static final KernelSet SET = KernelSet.LOADED;
    private static final Loops LOOPS = SET.loops();
    private static volatile Gemm gemm = SET.gemm();

    private Kernels() {
    }

    // ---------------------------------------------------------------- GEMM and threads

    /** The GEMM every GEMM-shaped op runs on: {@code vector} with the Vector API module, else {@code ejml}. */
    public static Gemm gemm() {
        return gemm;
    }

    /**
     * Replaces the GEMM (benchmarks and tests compare kernels through this) and returns the previous one. While a
     * GEMM other than the kernel set's own is in use, every convolution runs as im2col + that GEMM, so it sees every
     * product (the rule is {@code ConvPlanner}'s); installing the previous one back restores the in-place paths.
     */
    public static Gemm useGemm(Gemm g) {
        if (g == null) throw new IllegalArgumentException("Kernels.useGemm: expected a Gemm, received null");
        Gemm prev = gemm;
        gemm = g;
        return prev;
    }

    /** {@code "vector"} when the Vector API kernels are loaded, else {@code "scalar"}. */
    public static String kernelSet() {
        return SET.name();
    }

    /** Threads that large products and loops may use (users read and set it through {@code Concurrency}). */
    public static int maxThreads() {
        return ThreadPolicy.GLOBAL.maxThreads();
    }

    /** Sets {@link #maxThreads()} (and EJML's), for every later op; 1 keeps all work on the calling thread. */
    public static void setMaxThreads(int n) {
        ThreadPolicy.GLOBAL.setMaxThreads(n);
    }

    /** A loop body over the items {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over {@code [0, items)}, split into contiguous ranges between the threads when the loop does
     * enough work ({@code workPerItem} units, about one float operation each, per item); the ranges must be
     * independent.
     */
    public static void forRange(int items, long workPerItem, Range body) {
        ParallelLoops.forRange(items, workPerItem, body::run);
    }

    /** Runs two independent tasks, at once when {@code multiplyAdds} (the smaller one's size) is worth a thread. */
    public static void both(long multiplyAdds, Runnable first, Runnable second) {
        ParallelLoops.both(multiplyAdds, first, second);
    }

    // ---------------------------------------------------------------- elementwise loops

    /** In place: {@code y[r,j] = act(y[r,j] + b[j])} over {@code rows x n}; {@code b} may be null, {@code act} relu or the identity. */
    public static void biasRelu(float[] y, int off, int rows, int n, float[] b, int bOff, boolean relu) {
        ThreadedLoops.biasRelu(LOOPS, y, off, rows, n, b, bOff, relu);
    }

    /** {@code out[i] = x[i] <= 0 ? 0 : x[i]}: NaN stays NaN as in TensorFlow, -0 gives +0. */
    public static void relu(float[] x, int xOff, float[] out, int outOff, int n) {
        ThreadedLoops.relu(LOOPS, x, xOff, out, outOff, n);
    }

    /** {@code out[i] = g[i] * (y[i] > 0 ? 1 : 0)}: relu's backward from its output (or input) {@code y}; a NaN {@code y} masks, as TensorFlow's ReluGrad. */
    public static void reluGrad(float[] g, int gOff, float[] y, int yOff, float[] out, int outOff, int n) {
        ThreadedLoops.reluGrad(LOOPS, g, gOff, y, yOff, out, outOff, n);
    }

    /**
     * {@link #reluGrad} into this thread's scratch array (from 0), which is returned: a backward pass' temporary,
     * valid until this thread's next call, so steady-state training does not allocate it.
     */
    public static float[] maskedGradient(float[] g, int gOff, float[] y, int yOff, int n) {
        float[] out = Workspace.get(Workspace.MASKED_GRAD, n);
        reluGrad(g, gOff, y, yOff, out, 0, n);
        return out;
    }

    /** Sums over the rows (in order from row 0) of the {@code n} columns of a {@code rows x n} block, written or added to {@code out}. */
    public static void columnSums(float[] x, int off, int rows, int n, float[] out, int outOff, boolean accumulate) {
        ThreadedLoops.columnSums(LOOPS, x, off, rows, n, out, outOff, accumulate);
    }

    /** The index (from {@code off}) of the first NaN or infinity among {@code x[off, off + n)}, or -1 if all are finite. */
    public static int firstNonFinite(float[] x, int off, int n) {
        return ThreadedLoops.firstNonFinite(LOOPS, x, off, n);
    }

    /**
     * Max (or min, NaN winning) of {@code x [outer, mid, inner]} over {@code mid} into {@code out} for a few
     * {@code inner} values, a vector of lanes at a time; false when the kernel set has no such path for this
     * {@code inner} (the caller then loops itself).
     */
    public static boolean extremeSmallInner(boolean max, float[] x, int off, int outer, int mid, int inner, float[] out) {
        return LOOPS.extremeSmallInner(max, x, off, outer, mid, inner, out);
    }

    /**
     * The gradient of {@link #extremeSmallInner} ({@code (mask * g) / count} per element, {@code mask = x == y}) into
     * all of {@code dx}; false when the kernel set has no such path for this {@code inner}.
     */
    public static boolean extremeGradSmallInner(float[] x, int off, int outer, int mid, int inner, float[] y, float[] g, int gOff, float[] dx) {
        return LOOPS.extremeGradSmallInner(x, off, outer, mid, inner, y, g, gOff, dx);
    }

    // ---------------------------------------------------------------- pooling and convolution

    /**
     * One channels-last window op (convolution or pooling) over {@code [batch, height, width, channels]}, already
     * validated by the op: window {@code (oy, ox)} reads input rows {@code oy*strideH - padTop + a*dilationH} for
     * {@code a < kernelH} (columns likewise); positions outside the input are padding. A 1-D op has
     * {@code height = kernelH = 1}.
     */
    public static final class Window {
        final ConvGeometry geometry;

        public Window(int batch, int height, int width, int channels, int kernelH, int kernelW, int strideH, int strideW,
                      int dilationH, int dilationW, int padTop, int padLeft, int outH, int outW) {
            geometry = new ConvGeometry(batch, height, width, channels, kernelH, kernelW, strideH, strideW,
                    dilationH, dilationW, padTop, padLeft, outH, outW);
        }
    }

    /** Window maxima (a window's first NaN if it holds one) into {@code out}. */
    public static void maxPool(Window w, float[] x, int xOff, float[] out) {
        ThreadedLoops.maxPool(LOOPS, w.geometry, x, xOff, out);
    }

    /** Adds each output gradient onto the first cell of its window holding the maximum {@code y}; {@code dx} starts as zeros. */
    public static void maxPoolBackward(Window w, float[] x, int xOff, float[] y, float[] gy, int gOff, float[] dx) {
        ThreadedLoops.maxPoolBackward(LOOPS, w.geometry, x, xOff, y, gy, gOff, dx);
    }

    /** Window means over the real (non-padded) cells into {@code out}. */
    public static void avgPool(Window w, float[] x, int xOff, float[] out) {
        Pooling.avgForward(w.geometry, x, xOff, out);
    }

    /** Spreads each output gradient evenly over its window's real cells of {@code dx} (zeros to start). */
    public static void avgPoolBackward(Window w, float[] gy, int gOff, float[] dx) {
        Pooling.avgBackward(w.geometry, gy, gOff, dx);
    }

    /**
     * {@code y [batch, outH, outW, outC] = act(conv(x, kernel) + bias)} for an HWIO kernel viewed as {@code [patch, outC]};
     * {@code bias} may be null, {@code act} is relu or the identity.
     */
    public static void convForward(Window w, int outC, float[] x, int xOff, float[] kernel, int kOff, float[] bias, int bOff,
                                   boolean relu, float[] y) {
        Convolution.forward(SET, gemm, w.geometry, outC, x, xOff, kernel, kOff, bias, bOff, relu, y);
    }

    /**
     * The input gradient into {@code dx} and the kernel gradient into {@code dk} (each skipped when null) for the
     * output gradient {@code gy}; each array holds zeros, or with {@code dxAdd}/{@code dkAdd} the values to add to.
     */
    public static void convBackward(Window w, int outC, float[] x, int xOff, float[] kernel, int kOff, float[] gy, int gOff,
                                    float[] dx, boolean dxAdd, float[] dk, boolean dkAdd) {
        Convolution.backward(SET, gemm, w.geometry, outC, x, xOff, kernel, kOff, gy, gOff, dx, dxAdd, dk, dkAdd);
    }
}
