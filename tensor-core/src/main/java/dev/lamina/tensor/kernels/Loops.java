package dev.lamina.tensor.kernels;

/**
 * The elementwise loops of the training hot path (bias + activation, the relu mask, column sums, max pooling, the
 * finiteness scan, small-channel extremes) on one thread, over the range they are given; {@link ThreadedLoops} splits them
 * between threads. {@link ScalarLoops} is the plain-loop form, {@link VectorLoops} the Vector API form: both compute
 * each element with the same float operations in the same order, so results are bit-identical either way (and to
 * the unfused ops they replace).
 */
interface Loops {
    /**
     * In place over {@code rows} rows of {@code n}: {@code y[r,j] = act(y[r,j] + b[j])}, where {@code act} is relu
     * or the identity; {@code b} may be null (no bias).
     */
    void biasRelu(float[] y, int off, int rows, int n, float[] b, int bOff, boolean relu);

    /** {@code out[i] = x[i] <= 0 ? 0 : x[i]}: NaN stays NaN as in TensorFlow, -0 gives +0. */
    void relu(float[] x, int xOff, float[] out, int outOff, int n);

    /** {@code out[i] = g[i] * (y[i] > 0 ? 1 : 0)}: relu's backward from its output (or input) {@code y}; a NaN {@code y} masks, as TensorFlow's ReluGrad. */
    void reluGrad(float[] g, int gOff, float[] y, int yOff, float[] out, int outOff, int n);

    /** Sums over the rows, in order from row 0, of columns {@code [j0, j1)} of a {@code rows x n} block. */
    void columnSums(float[] x, int off, int rows, int n, int j0, int j1, float[] out, int outOff, boolean accumulate);

    /** Max pooling of images {@code [n0, n1)} ({@link Pooling} has the rule). */
    void maxPool(ConvGeometry g, float[] x, int xOff, float[] out, int n0, int n1);

    /** The backward of {@link #maxPool} for images {@code [n0, n1)}. */
    void maxPoolBackward(ConvGeometry g, float[] x, int xOff, float[] y, float[] gy, int gOff, float[] dx, int n0, int n1);

    /** {@code dst[dOff + i] += src[sOff + i]} for {@code i < n}. */
    void addInto(float[] dst, int dOff, float[] src, int sOff, int n);

    /** Whether {@code x[off, off + n)} holds neither NaN nor an infinity. */
    boolean allFinite(float[] x, int off, int n);

    /** False when this form has no fast path for this {@code inner} (the caller then loops itself). */
    boolean extremeSmallInner(boolean max, float[] x, int off, int outer, int mid, int inner, float[] out);

    /** False when this form has no fast path for this {@code inner} (the caller then loops itself). */
    boolean extremeGradSmallInner(float[] x, int off, int outer, int mid, int inner, float[] y, float[] g, int gOff, float[] dx);

    /** {@code "vector"} or {@code "scalar"}. */
    String name();
}
