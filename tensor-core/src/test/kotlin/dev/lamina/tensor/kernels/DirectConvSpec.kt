package dev.lamina.tensor.kernels

import dev.lamina.tensor.Autodiff
import dev.lamina.tensor.ConvOps
import dev.lamina.tensor.NnOps
import dev.lamina.tensor.Ops
import dev.lamina.tensor.ReduceOps
import dev.lamina.tensor.Rng
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.tensor.Variable
import dev.lamina.testing.GradCheck
import dev.lamina.testing.TensorAsserts.assertBitEqual
import dev.lamina.testing.TensorAsserts.assertClose
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/**
 * The direct convolution's three-filter kernels (forward with bias and relu written on the fly, kernel gradient with
 * nine chains) and its channel splitting (one, three and other channel counts): against im2col + GEMM, across
 * thread counts bit for bit, and against central differences.
 */
class DirectConvSpec : FunSpec({
    fun normal(seed: Long, vararg shape: Int) = Rng(seed).normal(Shape.of(*shape), 0f, 1f)

    /** The output and the gradients of x, kernel and bias of a fused conv2d under a seeded upstream. */
    fun run(x: Tensor, k: Tensor, b: Tensor, relu: Boolean, s: IntArray, padding: String, d: IntArray): Pair<Tensor, List<Tensor>> {
        val vars = listOf(Variable("x", x), Variable("k", k), Variable("b", b))
        val y = ConvOps.conv2d(vars[0].value(), vars[1].value(), vars[2].value(), relu, s, padding, d)
        val up = Rng(9).normal(y.shape(), 0f, 1f)
        return y.detach() to Autodiff.gradients(ReduceOps.sum(Ops.multiply(y, up)), vars)
    }

    fun viaGemm(block: () -> Pair<Tensor, List<Tensor>>): Pair<Tensor, List<Tensor>> {
        val previous = Kernels.useGemm(EjmlGemm(ThreadPolicy.GLOBAL))      // any other GEMM: im2col path
        try {
            return block()
        } finally {
            Kernels.useGemm(previous)
        }
    }

    fun oneThread(block: () -> Pair<Tensor, List<Tensor>>): Pair<Tensor, List<Tensor>> {
        val threads = ThreadPolicy.GLOBAL.maxThreads()
        ThreadPolicy.GLOBAL.setMaxThreads(1)
        try {
            return block()
        } finally {
            ThreadPolicy.GLOBAL.setMaxThreads(threads)
        }
    }

    test("three filters on 1, 2, 3 and 4 channels, widths past four vectors, match im2col + GEMM and one thread") {
        var seed = 500L
        val cases = listOf(intArrayOf(6, 9, 41), intArrayOf(9, 4, 6), intArrayOf(4, 12, 70))       // batch, height, width
        for (c in 1..4) for ((bi, case) in cases.withIndex()) for (padding in listOf("valid", "same")) {
            val (sh, d) = if (bi == 1) 1 to 1 else if (c % 2 == 0) 2 to 1 else 1 to 2
            val x = normal(seed++, case[0], case[1], case[2], c)
            val k = normal(seed++, 3, 3, c, 3)
            val b = normal(seed++, 3)
            val s = intArrayOf(sh, 1)
            val dil = intArrayOf(d, d)
            val g = ConvGeometry(case[0], case[1], case[2], c, 3, 3, sh, 1, d, d, 0, 0, 1, 1)
            (ConvPlanner.plan(g, 3, KernelSet.LOADED, Kernels.gemm()) == ConvPlanner.Algorithm.DIRECT) shouldBe KernelSet.vectorModulePresent()
            for (relu in listOf(true, false)) {
                val what = "c=$c shape=${case.toList()} s=$sh d=$d $padding relu=$relu"
                val direct = run(x, k, b, relu, s, padding, dil)
                val gemm = viaGemm { run(x, k, b, relu, s, padding, dil) }
                assertClose(gemm.first, direct.first, 1e-5, 1e-5, "$what: value")
                gemm.second.zip(direct.second).forEachIndexed { i, (e, a) -> assertClose(e, a, 1e-4, 1e-4, "$what: gradient $i") }
                val one = oneThread { run(x, k, b, relu, s, padding, dil) }
                assertBitEqual(direct.first, one.first, "$what: 1 thread value")
                direct.second.zip(one.second).forEachIndexed { i, (e, a) -> assertBitEqual(e, a, "$what: 1 thread gradient $i") }
            }
        }
    }

    test("bias and relu on the fly equal the separate ops bit for bit, a NaN window staying NaN as relu keeps it") {
        val x = normal(700, 2, 37, 3)
        x.data()[3 * 5 + 1] = Float.NaN                      // image 0, position 5: windows 3..5 are NaN
        val k = normal(701, 3, 3, 3)
        val b = normal(702, 3)
        val fused = ConvOps.conv1d(x, k, b, true, 1, "valid", 1)
        val plain = NnOps.relu(Ops.add(ConvOps.conv1d(x, k, 1, "valid", 1), b))
        assertBitEqual(plain, fused, "fused conv1d")
        for (i in 3 * 3 until 6 * 3) fused.get(i).isNaN() shouldBe true
    }

    test("the three-filter path passes a gradient check, with and without padding") {
        for (padding in listOf("valid", "same")) {
            val x = normal(600, 2, 4, 11, 3)
            val k = normal(601, 2, 3, 3, 3)
            val b = normal(602, 3)
            GradCheck.check(x, k, b) { (a, w, c) -> ConvOps.conv2d(a, w, c, false, intArrayOf(1, 1), padding, intArrayOf(1, 1)) }
        }
    }
})
