package dev.lamina.tensor

import dev.lamina.tensor.kernels.Kernels
import dev.lamina.testing.TensorAsserts.assertBitEqual
import dev.lamina.testing.Watchdog.finishing
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/**
 * Backward passes that run their two products at once ([Kernels.both]: dense and im2col/pointwise convolution)
 * give bit-identical gradients on one and two threads, and work split inside split work runs on its own thread
 * instead of waiting for workers that are busy with the outer split.
 */
class ParallelBothSpec : FunSpec({
    fun normal(seed: Long, vararg shape: Int) = Rng(seed).normal(Shape.of(*shape), 0f, 1f)

    /** Values and gradients of every input of `fn`, on `threads` threads. */
    fun grads(threads: Int, inputs: List<Tensor>, fn: (List<Tensor>) -> Tensor): List<Tensor> {
        val before = Concurrency.maxThreads()
        Concurrency.setMaxThreads(threads)
        try {
            val vars = inputs.mapIndexed { i, t -> Variable("v$i", t) }
            val out = fn(vars.map { it.value() })
            val upstream = Rng(9).normal(out.shape(), 0f, 1f)
            return listOf(out.detach()) + Autodiff.gradients(ReduceOps.sum(Ops.multiply(out, upstream)), vars)
        } finally {
            Concurrency.setMaxThreads(before)
        }
    }

    fun sameOnOneAndTwoThreads(what: String, inputs: List<Tensor>, fn: (List<Tensor>) -> Tensor) {
        val one = grads(1, inputs, fn)
        lateinit var two: List<Tensor>
        finishing { two = grads(2, inputs, fn) }
        one.zip(two).forEachIndexed { i, (a, b) -> assertBitEqual(a, b, "$what: ${if (i == 0) "value" else "gradient ${i - 1}"}") }
    }

    test("a dense layer above the threading threshold: dX and dW at once, same bits as one thread") {
        // 128 x 512 x 256 = 16.8 M multiply-adds per product, above the 2 M threshold
        sameOnOneAndTwoThreads("dense", listOf(normal(1, 128, 512), normal(2, 512, 256), normal(3, 256))) { (x, w, b) ->
            NnOps.dense(x, w, b, true)
        }
    }

    test("im2col, implicit and pointwise convolutions above the threshold: kernel and input gradients at once, same bits") {
        // "same" padding goes through im2col + GEMM: 8 x 12 x 12 rows x 144 x 32 = 5.3 M multiply-adds per product;
        // "valid" through implicit GEMM (kernel and input gradients at once as well)
        for (padding in listOf("same", "valid")) {
            sameOnOneAndTwoThreads("conv 3x3 $padding", listOf(normal(4, 8, 12, 12, 16), normal(5, 3, 3, 16, 32), normal(6, 32))) { (x, k, b) ->
                ConvOps.conv2d(x, k, b, true, intArrayOf(1, 1), padding, intArrayOf(1, 1))
            }
        }
        sameOnOneAndTwoThreads("conv 1x1", listOf(normal(7, 8, 16, 16, 64), normal(8, 1, 1, 64, 64))) { (x, k) ->
            ConvOps.conv2d(x, k, "valid")
        }
    }

    test("a dense layer whose input is its own kernel: its two products, run at once, still write distinct arrays (same bits as 1 thread)") {
        val w = normal(12, 256, 256)
        fun grad(threads: Int): FloatArray {
            val before = Concurrency.maxThreads()
            Concurrency.setMaxThreads(threads)
            try {
                val v = Variable("w", w)
                val y = NnOps.dense(v.value(), v.value(), null, false)
                val into = arrayOf(FloatArray(256 * 256))
                Autodiff.gradientsInto(ReduceOps.sum(Ops.multiply(y, Rng(9).normal(y.shape(), 0f, 1f))), listOf(v), into)
                return into[0]
            } finally {
                Concurrency.setMaxThreads(before)
            }
        }
        val one = grad(1)
        lateinit var two: FloatArray
        finishing { two = grad(2) }
        two.contentEquals(one) shouldBe true
    }

    test("products inside split work run on their own thread and finish, with the values of a plain call") {
        val a = normal(10, 256, 256).toFloatArray()
        val b = normal(11, 256, 256).toFloatArray()
        val expected = FloatArray(256 * 256)
        Kernels.gemm().gemm(false, false, 256, 256, 256, a, 0, b, 0, expected, 0, false)
        val results = Array(4) { FloatArray(256 * 256) }
        val before = Concurrency.maxThreads()
        Concurrency.setMaxThreads(2)
        try {
            finishing {
                Kernels.forRange(2, 1L shl 30) { from, to ->          // each range itself runs a threaded product
                    for (i in from until to) Kernels.gemm().gemm(false, false, 256, 256, 256, a, 0, b, 0, results[i], 0, false)
                }
                Kernels.both(1L shl 30,
                    { Kernels.gemm().gemm(false, false, 256, 256, 256, a, 0, b, 0, results[2], 0, false) },
                    { Kernels.both(1L shl 30, { Kernels.gemm().gemm(false, false, 256, 256, 256, a, 0, b, 0, results[3], 0, false) }, {}) })
            }
        } finally {
            Concurrency.setMaxThreads(before)
        }
        results.forEach { it.contentEquals(expected) shouldBe true }
    }
})
