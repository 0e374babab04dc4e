package dev.lamina.tensor.kernels;

/**
 * Elementwise loops of the training hot path (bias + activation, the relu mask, column sums), vectorised with the
 * JDK Vector API when {@code jdk.incubator.vector} is present and plain loops otherwise. Both forms compute each
 * element with the same float operations in the same order, so results are bit-identical either way (and to the
 * unfused ops they replace). Internal.
 */
public final class Simd {
    private static final Impl IMPL = load();

    private Simd() {
    }

    /** The loops; {@link ScalarSimd} and {@code VectorSimd} implement them. */
    interface Impl {
        void biasRelu(float[] y, int off, int rows, int n, float[] b, int bOff, boolean relu);

        void relu(float[] x, int xOff, float[] out, int outOff, int n);

        void reluGrad(float[] g, int gOff, float[] y, int yOff, float[] out, int outOff, int n);

        void columnSums(float[] x, int off, int rows, int n, float[] out, int outOff, boolean accumulate);

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
     * ({@code v > 0 ? v : 0}, so NaN gives 0) or the identity; {@code b} may be null (no bias).
     */
    public static void biasRelu(float[] y, int off, int rows, int n, float[] b, int bOff, boolean relu) {
        if (b == null && !relu) return;
        IMPL.biasRelu(y, off, rows, n, b, bOff, relu);
    }

    /** {@code out[i] = x[i] > 0 ? x[i] : 0}. */
    public static void relu(float[] x, int xOff, float[] out, int outOff, int n) {
        IMPL.relu(x, xOff, out, outOff, n);
    }

    /** {@code out[i] = g[i] * (y[i] > 0 ? 1 : 0)}: relu's backward from its output (or input) {@code y}. */
    public static void reluGrad(float[] g, int gOff, float[] y, int yOff, float[] out, int outOff, int n) {
        IMPL.reluGrad(g, gOff, y, yOff, out, outOff, n);
    }

    /**
     * Sums of the {@code n} columns of a {@code rows x n} block, each summed over the rows in order from 0 (as
     * {@link Reduce} does); written to {@code out}, or added to it when {@code accumulate}.
     */
    public static void columnSums(float[] x, int off, int rows, int n, float[] out, int outOff, boolean accumulate) {
        IMPL.columnSums(x, off, rows, n, out, outOff, accumulate);
    }
}
