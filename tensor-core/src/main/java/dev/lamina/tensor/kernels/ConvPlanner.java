package dev.lamina.tensor.kernels;

/**
 * Which algorithm runs a convolution, forward and backward; the rule, in order:
 * <ol>
 * <li>{@link Algorithm#POINTWISE}: a 1x1 kernel with stride 1 and no padding is one GEMM on the input as it is;</li>
 * <li>{@link Algorithm#IM2COL} when the kernel set has no in-place convolutions (the scalar set), or when the GEMM in
 * use is not the set's own: the in-place convolutions are that GEMM's tiles reading the input directly, so a GEMM
 * installed with {@code Kernels.useGemm} (EJML for a comparison, a benchmark's counter) replaces every product,
 * convolutions included, and sees them as im2col + GEMM;</li>
 * <li>{@link Algorithm#DIRECT}: fewer than {@link #DIRECT_MAX_FILTERS} filters and horizontal stride 1, where im2col +
 * GEMM is a long, thin product dominated by building the patches (the input gradient then goes through patches);</li>
 * <li>{@link Algorithm#IMPLICIT}: windows inside the input and at least half a GEMM tile of filters
 * ({@link ConvKernels#implicitApplies});</li>
 * <li>{@link Algorithm#IM2COL} otherwise: patches of a bounded number of images at a time, then the GEMM.</li>
 * </ol>
 * Every algorithm gives results that do not depend on the thread count; they differ from each other only in float
 * rounding (the order of each sum).
 */
final class ConvPlanner {
    /** Convolutions with fewer filters than this run directly. */
    static final int DIRECT_MAX_FILTERS = 16;

    /** The ways a convolution runs. */
    enum Algorithm { POINTWISE, DIRECT, IMPLICIT, IM2COL }

    private ConvPlanner() {
    }

    /** The algorithm for this convolution, on kernel set {@code set} with {@code inUse} the GEMM in use. */
    static Algorithm plan(ConvGeometry g, int outC, KernelSet set, Gemm inUse) {
        if (g.isPointwise()) return Algorithm.POINTWISE;
        ConvKernels in = set.convolutions();
        if (in == null || inUse != set.gemm()) return Algorithm.IM2COL;
        if (outC < DIRECT_MAX_FILTERS && g.strideW == 1 && g.patchSize() > 0) return Algorithm.DIRECT;
        if (in.implicitApplies(g, outC)) return Algorithm.IMPLICIT;
        return Algorithm.IM2COL;
    }
}
