package dev.lamina.tensor.kernels

import dev.lamina.tensor.kernels.ConvPlanner.Algorithm
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/**
 * The convolution planner's rule: pointwise first; im2col + GEMM without in-place convolutions or when the GEMM in
 * use is not the kernel set's own (whatever its class); then direct for few filters, implicit GEMM for windows
 * inside the input, im2col otherwise.
 */
class ConvPlannerSpec : FunSpec({
    val vector = KernelSet.LOADED
    val scalar = KernelSet.load(false, ThreadPolicy.GLOBAL)
    val halfTile = VectorGemm.NR / 2

    /** A stride-1, undilated window op on [2, h, w, c] with a kh x kw kernel and the given padding. */
    fun window(h: Int, w: Int, c: Int, kh: Int, kw: Int, pad: Int = 0, strideW: Int = 1) = ConvGeometry(
        2, h, w, c, kh, kw, 1, strideW, 1, 1, pad, pad,
        h + 2 * pad - kh + 1, (w + 2 * pad - kw) / strideW + 1)

    test("with the vector set and its own GEMM: direct for few filters, implicit inside the input, im2col otherwise") {
        vector.name() shouldBe "vector"        // Surefire runs with --add-modules=jdk.incubator.vector
        val inside = window(9, 9, 8, 3, 3)
        ConvPlanner.plan(inside, 3, vector, vector.gemm()) shouldBe Algorithm.DIRECT
        ConvPlanner.plan(inside, ConvPlanner.DIRECT_MAX_FILTERS - 1, vector, vector.gemm()) shouldBe Algorithm.DIRECT
        ConvPlanner.plan(inside, maxOf(ConvPlanner.DIRECT_MAX_FILTERS, halfTile), vector, vector.gemm()) shouldBe Algorithm.IMPLICIT
        ConvPlanner.plan(window(9, 9, 8, 3, 3, pad = 1), 64, vector, vector.gemm()) shouldBe Algorithm.IM2COL
        ConvPlanner.plan(window(9, 9, 8, 3, 3, strideW = 2), 3, vector, vector.gemm()) shouldBe Algorithm.IM2COL
        ConvPlanner.plan(window(9, 9, 8, 1, 1), 3, vector, vector.gemm()) shouldBe Algorithm.POINTWISE
    }

    test("a GEMM other than the set's own, even another VectorGemm, runs every convolution as im2col + that GEMM") {
        val inside = window(9, 9, 8, 3, 3)
        val others = listOf(VectorGemm(ThreadPolicy(1)), EjmlGemm(ThreadPolicy.GLOBAL), object : Gemm by vector.gemm() {})
        for (other in others) withClue(other.toString()) {
            ConvPlanner.plan(inside, 3, vector, other) shouldBe Algorithm.IM2COL
            ConvPlanner.plan(inside, 64, vector, other) shouldBe Algorithm.IM2COL
            ConvPlanner.plan(window(9, 9, 8, 1, 1), 64, vector, other) shouldBe Algorithm.POINTWISE
        }
    }

    test("the scalar set has no in-place convolutions: im2col, or pointwise") {
        scalar.convolutions() shouldBe null
        ConvPlanner.plan(window(9, 9, 8, 3, 3), 3, scalar, scalar.gemm()) shouldBe Algorithm.IM2COL
        ConvPlanner.plan(window(9, 9, 8, 3, 3), 64, scalar, scalar.gemm()) shouldBe Algorithm.IM2COL
        ConvPlanner.plan(window(9, 9, 8, 1, 1), 3, scalar, scalar.gemm()) shouldBe Algorithm.POINTWISE
    }

    test("installing a GEMM through the door switches convolutions to im2col, and installing the previous one back restores them") {
        val g = window(9, 9, 8, 3, 3)
        fun planNow() = ConvPlanner.plan(g, 3, KernelSet.LOADED, Kernels.gemm())
        planNow() shouldBe Algorithm.DIRECT
        val previous = Kernels.useGemm(KernelDiagnostics.vectorGemm(1))
        try {
            planNow() shouldBe Algorithm.IM2COL
        } finally {
            Kernels.useGemm(previous)
            ThreadPolicy.GLOBAL.setMaxThreads(ThreadPolicy.GLOBAL.maxThreads())      // ThreadPolicy(n) set EJML's threads
        }
        planNow() shouldBe Algorithm.DIRECT
    }
})
