package dev.lamina.tensor.kernels;

/**
 * Per-thread scratch arrays for temporaries that never leave an op (im2col patches, a backward pass' masked
 * gradient, packed panels), reused from call to call so that steady-state training does not allocate (and the JVM does not zero)
 * megabytes of them per step. Each slot holds one array, grown on demand and kept; two live temporaries of one op
 * use two slots. Contents are unspecified on return. Internal.
 */
final class Workspace {
    /** im2col patches (and their gradient, in the same array). */
    static final int PATCHES = 0;
    /** A backward pass' gradient at the pre-activation (relu mask applied). */
    static final int MASKED_GRAD = 1;
    /** An implicit-GEMM convolution's packed panels (the kernel for the forward, a block of dY for its gradient). */
    static final int PACKED = 2;
    private static final int SLOTS = 3;
    /** Arrays above this many floats are not kept (a one-off huge op should not pin its memory). */
    private static final int MAX_KEPT = 1 << 24;
    private static final ThreadLocal<float[][]> ARRAYS = ThreadLocal.withInitial(() -> new float[SLOTS][]);

    private Workspace() {
    }

    /** A scratch array of at least {@code n} floats for {@code slot}, on this thread. */
    static float[] get(int slot, int n) {
        float[][] a = ARRAYS.get();
        float[] w = a[slot];
        if (w != null && w.length >= n) return w;
        w = new float[n];
        if (n <= MAX_KEPT) a[slot] = w;
        return w;
    }
}
