package dev.lamina.tensor

import dev.lamina.tensor.kernels.KernelDiagnostics
import dev.lamina.tensor.kernels.Kernels
import dev.lamina.testing.GradCheck.check
import dev.lamina.testing.TensorAsserts.assertBitEqual
import dev.lamina.testing.TensorAsserts.assertClose
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

/**
 * The fused training ops (dense, conv + bias + relu, sparse softmax cross-entropy, the one-pass max-reduction
 * gradient) against the compositions of plain ops they replace: the same values and gradients, bit for bit.
 */
class FusedOpsSpec : FunSpec({
    fun normal(seed: Long, vararg shape: Int) = Rng(seed).normal(Shape.of(*shape), 0f, 1f)

    /** Values and gradients (for every variable) of {@code fn} on fresh variables holding {@code inputs}. */
    fun run(inputs: List<Tensor>, fn: (List<Tensor>) -> Tensor): Pair<Tensor, List<Tensor>> {
        val vars = inputs.mapIndexed { i, t -> Variable("v$i", t) }
        val out = fn(vars.map { it.value() })
        val upstream = Rng(9).normal(out.shape(), 0f, 1f)
        val grads = Autodiff.gradients(ReduceOps.sum(Ops.multiply(out, upstream)), vars)
        return out.detach() to grads
    }

    fun assertSame(a: Pair<Tensor, List<Tensor>>, b: Pair<Tensor, List<Tensor>>, what: String) {
        assertBitEqual(a.first, b.first, "$what: value")
        a.second.zip(b.second).forEachIndexed { i, (x, y) -> assertBitEqual(x, y, "$what: gradient $i") }
    }

    test("dense equals relu(add(matmul(x, kernel), bias)) bit for bit, values and gradients, for every form") {
        for ((shape, seed) in listOf(intArrayOf(5, 7) to 1L, intArrayOf(2, 3, 7) to 2L, intArrayOf(33, 7) to 3L)) {
            val x = normal(seed, *shape)
            val k = normal(seed + 10, 7, 20)
            val b = normal(seed + 20, 20)
            for (relu in listOf(true, false)) {
                val fused = run(listOf(x, k, b)) { (a, w, c) -> NnOps.dense(a, w, c, relu) }
                val plain = run(listOf(x, k, b)) { (a, w, c) -> Ops.add(Ops.matmul(a, w), c).let { if (relu) NnOps.relu(it) else it } }
                assertSame(fused, plain, "dense relu=$relu ${Shape.of(*shape)}")
                val noBias = run(listOf(x, k)) { (a, w) -> NnOps.dense(a, w, null, relu) }
                val plainNoBias = run(listOf(x, k)) { (a, w) -> Ops.matmul(a, w).let { if (relu) NnOps.relu(it) else it } }
                assertSame(noBias, plainNoBias, "dense without bias relu=$relu")
            }
        }
    }

    test("dense passes the gradient check, and rejects mismatched shapes naming the op") {
        check(normal(1, 4, 3), normal(2, 3, 5), normal(3, 5)) { (x, w, b) -> NnOps.dense(x, w, b, false) }
        shouldThrow<ShapeMismatchException> { NnOps.dense(normal(1, 4, 3), normal(2, 4, 5), null, true) }.message shouldContain "dense"
        shouldThrow<ShapeMismatchException> { NnOps.dense(normal(1, 4, 3), normal(2, 3, 5), normal(3, 4), true) }.message shouldContain "bias"
    }

    test("relu keeps NaN (as TensorFlow), maps negative zero to +0 and masks the gradient where the input was not positive") {
        val v = Variable("v", Tensor.vector(-1f, -0f, 0f, 2f, Float.NaN, 3f))
        val y = NnOps.relu(v.value())
        y.toFloatArray().map { java.lang.Float.floatToIntBits(it) } shouldBe
            listOf(0f, 0f, 0f, 2f, Float.NaN, 3f).map { java.lang.Float.floatToIntBits(it) }
        java.lang.Float.floatToIntBits(y.get(1)) shouldBe 0
        val g = Autodiff.gradients(ReduceOps.sum(Ops.multiply(y, Tensor.vector(1f, 2f, 3f, 4f, 5f, 6f))), listOf(v))[0]
        g.toFloatArray().toList() shouldBe listOf(0f, 0f, 0f, 4f, 0f, 6f)
    }

    test("sparse softmax cross-entropy equals the one-hot form bit for bit, and rejects bad labels") {
        val logits = normal(4, 6, 5)
        val labels = Tensor.vector(0f, 4f, 2f, 2f, 1f, 3f)
        val sparse = run(listOf(logits)) { (z) -> NnOps.sparseSoftmaxCrossEntropyWithLogits(z, labels) }
        val dense = run(listOf(logits)) { (z) -> NnOps.softmaxCrossEntropyWithLogits(z, Tensor.oneHot(labels, 5)) }
        assertSame(sparse, dense, "sparse CE")
        shouldThrow<IllegalArgumentException> {
            NnOps.sparseSoftmaxCrossEntropyWithLogits(logits, Tensor.vector(0f, 5f, 0f, 0f, 0f, 0f))
        }.message shouldContain "received 5.0 at index 1"
    }

    test("conv2d and conv1d with bias and relu equal the separate ops bit for bit, with few and many filters") {
        for (filters in listOf(3, 20)) {
            val x = normal(5, 2, 7, 6, 3)
            val k = normal(6, 3, 3, 3, filters)
            val b = normal(7, filters)
            for (relu in listOf(true, false)) for (padding in listOf("valid", "same")) {
                val s = intArrayOf(1, 1)
                val fused = run(listOf(x, k, b)) { (a, w, c) -> ConvOps.conv2d(a, w, c, relu, s, padding, s) }
                val plain = run(listOf(x, k, b)) { (a, w, c) ->
                    Ops.add(ConvOps.conv2d(a, w, s, padding, s), c).let { if (relu) NnOps.relu(it) else it }
                }
                assertSame(fused, plain, "conv2d filters=$filters relu=$relu $padding")
            }
            val x1 = normal(8, 3, 9, 4)
            val k1 = normal(9, 3, 4, filters)
            val fused1 = run(listOf(x1, k1, b)) { (a, w, c) -> ConvOps.conv1d(a, w, c, true, 1, "causal", 2) }
            val plain1 = run(listOf(x1, k1, b)) { (a, w, c) -> NnOps.relu(Ops.add(ConvOps.conv1d(a, w, 1, "causal", 2), c)) }
            assertSame(fused1, plain1, "conv1d filters=$filters")
        }
        shouldThrow<ShapeMismatchException> {
            ConvOps.conv2d(normal(1, 1, 4, 4, 2), normal(2, 3, 3, 2, 3), normal(3, 4), false, intArrayOf(1, 1), "valid", intArrayOf(1, 1))
        }.message shouldContain "bias"
    }

    test("few-filter convolutions (run directly) match im2col + GEMM and do not depend on the thread count") {
        var seed = 200L
        for (padding in listOf("valid", "same")) for (sh in 1..2) for (d in 1..2) for (filters in listOf(1, 3, 5, 15)) {
            val x = normal(seed++, 9, 11, 13, 2)
            val k = normal(seed++, 3, 2, 2, filters)
            val st = intArrayOf(sh, 1)
            val dil = intArrayOf(d, d)
            val direct = run(listOf(x, k)) { (a, w) -> ConvOps.conv2d(a, w, st, padding, dil) }
            val previous = Kernels.useGemm(KernelDiagnostics.ejmlGemm())      // any other GEMM: im2col path
            val viaGemm = try {
                run(listOf(x, k)) { (a, w) -> ConvOps.conv2d(a, w, st, padding, dil) }
            } finally {
                Kernels.useGemm(previous)
            }
            val what = "filters=$filters s=$sh d=$d $padding"
            assertClose(viaGemm.first, direct.first, 1e-5, 1e-5, "$what: value")
            viaGemm.second.zip(direct.second).forEach { (e, a) -> assertClose(e, a, 1e-4, 1e-4, "$what: gradient") }
            val threads = Concurrency.maxThreads()
            Concurrency.setMaxThreads(1)
            val oneThread = try {
                run(listOf(x, k)) { (a, w) -> ConvOps.conv2d(a, w, st, padding, dil) }
            } finally {
                Concurrency.setMaxThreads(threads)
            }
            assertSame(direct, oneThread, "$what: 1 thread")
        }
    }

    test("the max-reduction gradient is shared by ties, and a NaN maximum gives NaN gradients, as composed") {
        val x = Variable("x", Tensor.of(floatArrayOf(1f, 5f, 3f, 2f, 5f, 0f, 5f, 5f, Float.NaN, 1f, 2f, 0f), 2, 2, 3))
        val y = ReduceOps.max(x.value(), false, 1, 2)
        y.toFloatArray().toList().subList(0, 1) shouldBe listOf(5f)
        val g = Autodiff.gradients(ReduceOps.sum(Ops.multiply(y, Tensor.vector(6f, 4f))), listOf(x))[0]
        g.toFloatArray().take(6) shouldBe listOf(0f, 3f, 0f, 0f, 3f, 0f)
        g.toFloatArray().drop(6).all { it.isNaN() } shouldBe true      // 0/0 for every cell, as mask*g/count
        // Random values on a coarse grid (many ties), reduced over the middle axis: (mask * g) / count per cell.
        val z = Tensor.of(FloatArray(60) { Math.round(normal(11, 60).get(it) * 2f) / 2f }, 3, 4, 5)
        val (out, grads) = run(listOf(z)) { (a) -> ReduceOps.max(a, true, 1) }
        val up = Rng(9).normal(out.shape(), 0f, 1f)
        for (o in 0 until 3) for (j in 0 until 5) {
            val m = out.get(o * 5 + j)
            val count = (0 until 4).count { z.get((o * 4 + it) * 5 + j) == m }.toFloat()
            for (r in 0 until 4) {
                val mask = if (z.get((o * 4 + r) * 5 + j) == m) 1f else 0f
                grads[0].get((o * 4 + r) * 5 + j) shouldBe mask * up.get(o * 5 + j) / count
            }
        }
    }

    test("gradientsInto writes the same gradients into the caller's arrays, for fused and plain ops and repeated uses") {
        val x = normal(21, 6, 5, 5, 2)
        val k = Variable("k", normal(22, 3, 3, 2, 4))
        val b = Variable("b", normal(23, 4))
        val w = Variable("w", normal(24, 24, 3))
        val frozen = Variable("f", normal(25, 3), false)
        val unused = Variable("u", normal(26, 2))
        val vars = listOf(k, b, w, frozen, unused, w)
        fun loss(): Tensor {
            val h = ConvOps.conv2d(x, k.value(), b.value(), true, intArrayOf(2, 1), "valid", intArrayOf(1, 1))
            val flat = Ops.reshape(h, 6, 24)
            val y = NnOps.dense(flat, w.value(), frozen.value(), false)
            // w used twice (dense and a plain op), so its gradient is summed from both paths.
            return Ops.add(ReduceOps.sum(Ops.square(y)), ReduceOps.sum(Ops.multiply(w.value(), w.value())))
        }
        val expected = Autodiff.gradients(loss(), vars)
        val into = vars.map { v -> FloatArray(v.size()) { 7f } }.toTypedArray()     // stale contents are overwritten
        val got = Autodiff.gradientsInto(loss(), vars, into)
        for (i in vars.indices) {
            (got[i].data() === into[i]) shouldBe true
            assertClose(expected[i], got[i], 1e-6, 1e-6, "gradient of ${vars[i].name()}")
        }
        assertBitEqual(expected[0], got[0], "kernel written by the fused conv")
        got[3].toFloatArray().all { it == 0f } shouldBe true
        got[4].toFloatArray().all { it == 0f } shouldBe true
        shouldThrow<IllegalArgumentException> { Autodiff.gradientsInto(loss(), vars, into.copyOf(2)) }.message shouldContain "one array per variable"
        shouldThrow<IllegalArgumentException> {
            Autodiff.gradientsInto(loss(), vars, Array(vars.size) { FloatArray(1) })
        }.message shouldContain "variable 'k'"
    }
})
