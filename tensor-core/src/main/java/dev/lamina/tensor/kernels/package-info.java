/**
 * The numeric kernels under the op façades of {@code dev.lamina.tensor}: loops on raw {@code float[]} arrays, with
 * no shapes, no autodiff and no knowledge of the package above.
 *
 * <h2>The door</h2>
 * {@link dev.lamina.tensor.kernels.Kernels} (static entries, and its {@code Window}, the numbers of one
 * channels-last window op) and the {@link dev.lamina.tensor.kernels.Gemm} interface are the package's API for the
 * ops; everything else is package-private. {@link dev.lamina.tensor.kernels.KernelDiagnostics} is the hook for
 * benchmarks and tests that measure or compare kernels. Users set threads through
 * {@code dev.lamina.tensor.Concurrency}.
 *
 * <h2>Map</h2>
 * Below the door, each group uses only the groups after it:
 * <ul>
 * <li><b>Convolution</b>: {@code ConvPlanner} (the rule that picks an algorithm), {@code Convolution} (forward and
 * backward by that algorithm) and {@code Im2col} (patches and their adjoint, for im2col + GEMM).</li>
 * <li><b>Kernel sets</b>: {@code KernelSet}, the vector-or-scalar choice, made once by the package's one reflective
 * load: {@code VectorKernelSet} ({@code VectorGemm}, {@code VectorLoops}, the in-place convolutions) or the scalar
 * set ({@code EjmlGemm}, {@code ScalarLoops}, none).</li>
 * <li><b>In-place convolutions</b> ({@code ConvKernels}, reading the input's windows instead of building patches):
 * {@code DirectConv} with {@code DirectConvThreeFilters} (few filters) and {@code ImplicitConv} with
 * {@code ImplicitTile} (implicit GEMM).</li>
 * <li><b>Elementwise loops</b>: {@code ThreadedLoops} (split between threads) over {@code Loops} (one thread):
 * {@code VectorLoops}, which falls back to {@code ScalarLoops} for tails, and {@code ScalarLoops}; {@code Pooling}
 * holds the plain pooling loops both use.</li>
 * <li><b>GEMM</b>: {@code EjmlGemm} (EJML, single- or multi-threaded) and {@code VectorGemm} (BLIS-style blocking:
 * {@code GemmProblem} runs one call's blocks, {@code VectorKernel} packs panels and holds the register-tile
 * micro-kernel, {@code NarrowKernel} takes products narrower than half a tile, {@code VectorGemv} one-row products with B read
 * in place).</li>
 * <li><b>Threads and data</b>: {@code ParallelLoops} (a loop cut into ranges; two tasks at once),
 * {@code ThreadPolicy} (how many threads, and from what size a product is split), {@code WorkerPool} (the one set
 * of worker threads every split uses), {@code Workspace} (per-thread scratch arrays), {@code ConvGeometry} (the
 * index arithmetic of a window op).</li>
 * </ul>
 * The door's {@code Gemm} is the one type they all share: the GEMMs implement it, and the default
 * {@code Gemm.pair} runs on {@code ParallelLoops}.
 *
 * <h2>The Vector API</h2>
 * {@code VectorKernelSet}, {@code VectorGemm}, {@code VectorGemv}, {@code VectorKernel}, {@code NarrowKernel}, {@code VectorLoops},
 * {@code DirectConv}, {@code DirectConvThreeFilters}, {@code ImplicitConv} and {@code ImplicitTile} need the
 * {@code jdk.incubator.vector} module (they import it, or take their tile from a class that does). Nothing names
 * them but {@code VectorKernelSet}, which {@code KernelSet} loads by name only when the module is in the boot layer
 * (and {@code KernelDiagnostics}' vector entries, which check first); without the module the scalar set runs, with
 * the same results up to float rounding.
 *
 * <h2>Determinism</h2>
 * Every kernel gives the same bits on any thread count: work is split into parts whose values never depend on who
 * computes them or when (whole rows, columns, tiles, images or fixed blocks, each with the summation order it has
 * on one thread; partial sums in fixed groups, added in order). The vector and scalar loops compute each element
 * with the same float operations in the same order, so they agree bit for bit; the GEMMs and the convolution
 * algorithms differ from each other only in the order of their sums.
 */
package dev.lamina.tensor.kernels;
