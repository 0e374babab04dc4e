package dev.lamina.tensor

import dev.lamina.tensor.kernels.Gemm
import dev.lamina.tensor.kernels.Kernels
import dev.lamina.testing.TensorAsserts.assertClose
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe

/**
 * ConvOps against direct-loop references over a grid of geometries, hand-computed padding rules, the chunked
 * im2col path, views with offsets, and the GEMM seam.
 */
class ConvOpsSpec : FunSpec({
    fun normal(seed: Long, vararg shape: Int) = Rng(seed).normal(Shape.of(*shape), 0f, 1f)

    test("conv2d equals a direct loop for every mix of padding, strides and dilation") {
        var seed = 100L
        for (padding in listOf("valid", "same")) for (sh in 1..3) for (sw in 1..2) for (dh in 1..2) for (dw in 1..3) {
            for ((kh, kw) in listOf(1 to 1, 2 to 3, 3 to 3)) {
                val x = normal(seed++, 2, 7, 6, 3)
                val k = normal(seed++, kh, kw, 3, 2)
                if (padding == "valid" && (dh * (kh - 1) + 1 > 7 || dw * (kw - 1) + 1 > 6)) continue
                val y = ConvOps.conv2d(x, k, intArrayOf(sh, sw), padding, intArrayOf(dh, dw))
                assertClose(Reference.conv2d(x, k, sh, sw, padding, dh, dw), y, 1e-5, 1e-5,
                    "conv2d k=($kh,$kw) s=($sh,$sw) d=($dh,$dw) $padding")
                y.shape().dim(1) shouldBe ConvOps.outputLength(7, kh, sh, padding, dh)
                y.shape().dim(2) shouldBe ConvOps.outputLength(6, kw, sw, padding, dw)
            }
        }
    }

    test("conv1d equals conv2d on a height-1 image, and causal equals left padding") {
        val x = normal(1, 2, 9, 3)
        val k = normal(2, 3, 3, 4)
        for (padding in listOf("valid", "same")) for (s in 1..3) for (d in 1..3) {
            val y1 = ConvOps.conv1d(x, k, s, padding, d)
            val y2 = ConvOps.conv2d(x.reshape(2, 1, 9, 3), k.reshape(1, 3, 3, 4), intArrayOf(1, s), padding, intArrayOf(1, d))
            assertClose(y2.reshape(*y1.shape().toArray()), y1, 0.0, 0.0, "conv1d s=$s d=$d $padding")
        }
        for (s in 1..3) for (d in 1..2) {
            val padded = Ops.concatenate(listOf(Tensor.zeros(2, 2 * d, 3), x), 1)
            assertClose(ConvOps.conv1d(padded, k, s, "valid", d), ConvOps.conv1d(x, k, s, "causal", d), 0.0, 0.0, "causal s=$s d=$d")
        }
    }

    test("same padding puts the extra cell at the end; causal pads only the start") {
        val x = Tensor.vector(1f, 2f, 3f, 4f).reshape(1, 4, 1)
        val ones2 = Tensor.ones(2, 1, 1)
        ConvOps.conv1d(x, ones2, 1, "same", 1).toFloatArray().toList() shouldBe listOf(3f, 5f, 7f, 4f)
        ConvOps.conv1d(x, ones2, 1, "causal", 1).toFloatArray().toList() shouldBe listOf(1f, 3f, 5f, 7f)
        ConvOps.conv1d(x, Tensor.ones(3, 1, 1), 2, "same", 1).toFloatArray().toList() shouldBe listOf(6f, 7f)   // total 1: pads (0, 1)
        ConvOps.conv1d(x, Tensor.vector(1f, 10f, 100f).reshape(3, 1, 1), 1, "SAME", 1).toFloatArray().toList() shouldBe
            listOf(210f, 321f, 432f, 43f)
        ConvOps.outputLength(Shape.UNKNOWN, 3, 1, "same", 1) shouldBe Shape.UNKNOWN
        ConvOps.outputLength(7, 3, 2, "valid", 1) shouldBe 3
        ConvOps.outputLength(7, 3, 2, "same", 1) shouldBe 4
    }

    test("pooling ignores padded cells: max never picks a pad, avg divides by real cells") {
        val x = Tensor.vector(-1f, -2f, -3f).reshape(1, 3, 1)
        PoolOps.maxPool1d(x, 2, 2, "same").toFloatArray().toList() shouldBe listOf(-1f, -3f)
        PoolOps.avgPool1d(x, 2, 2, "same").toFloatArray().toList() shouldBe listOf(-1.5f, -3f)
        val img = Tensor.arange(9).reshape(1, 3, 3, 1)
        PoolOps.avgPool2d(img, intArrayOf(3, 3), intArrayOf(1, 1), "same").toFloatArray().toList() shouldBe
            listOf(2f, 2.5f, 3f, 3.5f, 4f, 4.5f, 5f, 5.5f, 6f)
        PoolOps.maxPool2d(Ops.subtract(Tensor.scalar(0f), img), intArrayOf(2, 2), null, "same").toFloatArray().toList() shouldBe
            listOf(0f, -2f, -6f, -8f)
    }

    test("pools equal direct loops over a grid of sizes, strides and paddings") {
        var seed = 500L
        for (padding in listOf("valid", "same")) for (ph in 1..3) for (pw in 1..3) for (sh in 1..3) for (sw in 1..2) {
            val x = normal(seed++, 2, 5, 6, 2)
            val st = intArrayOf(sh, sw)
            val pool = intArrayOf(ph, pw)
            assertClose(Reference.pool2d(x, ph, pw, sh, sw, padding, true), PoolOps.maxPool2d(x, pool, st, padding), 0.0, 0.0, "max $padding")
            assertClose(Reference.pool2d(x, ph, pw, sh, sw, padding, false), PoolOps.avgPool2d(x, pool, st, padding), 1e-6, 1e-6, "avg $padding")
        }
    }

    test("the max-pool gradient goes to the first maximum of each window only") {
        val v = Variable("x", Tensor.vector(1f, 3f, 3f, 0f, 5f, 2f).reshape(1, 6, 1))
        val y = PoolOps.maxPool1d(v.value(), 3, 3, "valid")
        val g = Autodiff.gradients(ReduceOps.sum(Ops.multiply(y, Tensor.vector(10f, 20f).reshape(1, 2, 1))), listOf(v))[0]
        g.toFloatArray().toList() shouldBe listOf(0f, 10f, 0f, 0f, 20f, 0f)
        val w = Variable("w", Tensor.vector(1f, 4f, 2f, 4f).reshape(1, 2, 2, 1))
        val gw = Autodiff.gradients(ReduceOps.sum(PoolOps.maxPool2d(w.value(), intArrayOf(2, 2))), listOf(w))[0]
        gw.toFloatArray().toList() shouldBe listOf(0f, 1f, 0f, 0f)
    }

    test("chunked im2col (a batch over the buffer limit) matches image-by-image results, forward and backward") {
        val small = normal(1, 3, 40, 40, 16)  // 40*40 pixels * 144 patch values = 230,400 floats per image: one chunk
        val big = normal(2, 11, 48, 48, 16)   // 48*48*144 = 331,776 per image: chunks of 6 and 5 images
        val k = normal(3, 3, 3, 16, 4)
        for (input in listOf(small, big)) {
            val xv = Variable("x", input)
            val kv = Variable("k", k)
            val up = normal(4, *ConvOps.conv2d(input, k, "same").shape().toArray())
            val y = ConvOps.conv2d(xv.value(), kv.value(), "same")
            val (gx, gk) = Autodiff.gradients(ReduceOps.sum(Ops.multiply(y, up)), listOf(xv, kv))
            var gkSum = Tensor.zeros(k.shape())
            for (n in 0 until input.shape().dim(0)) {
                val xi = Variable("xi", input.slice(n, n + 1))
                val ki = Variable("ki", k)
                val yi = ConvOps.conv2d(xi.value(), ki.value(), "same")
                assertClose(yi, y.slice(n, n + 1), 1e-5, 1e-5, "y[$n]")
                val (gxi, gki) = Autodiff.gradients(ReduceOps.sum(Ops.multiply(yi, up.slice(n, n + 1))), listOf(xi, ki))
                assertClose(gxi, gx.slice(n, n + 1), 1e-5, 1e-5, "dx[$n]")
                gkSum = Ops.add(gkSum, gki)
            }
            // Each dkernel entry sums ~25,000 float32 products of size ~1 (entries ~160): rounding alone reaches ~1e-3.
            // A lost or doubled chunk would be off by ~100.
            assertClose(gkSum, gk, 1e-4, 5e-3, "dkernel")
        }
    }

    test("views with offsets (sliced inputs and kernels) read and differentiate correctly") {
        val xs = Variable("xs", normal(1, 3, 6, 5, 2))
        val ks = Variable("ks", normal(2, 2 * 3 * 3 * 2 * 3).reshape(2, 3, 3, 2, 3))
        val x = xs.value().slice(1, 3)
        val k = ks.value().slice(1, 2).reshape(3, 3, 2, 3)
        k.offset() shouldBeGreaterThan 0
        val y = ConvOps.conv2d(x, k, intArrayOf(2, 1), "same", intArrayOf(1, 1))
        assertClose(ConvOps.conv2d(x.copy(), k.copy(), intArrayOf(2, 1), "same", intArrayOf(1, 1)), y, 0.0, 0.0, "view forward")
        val (gx, gk) = Autodiff.gradients(ReduceOps.sum(y), listOf(xs, ks))
        gx.slice(0, 1).toFloatArray().all { it == 0f } shouldBe true
        gk.slice(0, 1).toFloatArray().all { it == 0f } shouldBe true
        val xc = Variable("xc", x.copy())
        val kc = Variable("kc", k.copy())
        val (gxc, gkc) = Autodiff.gradients(ReduceOps.sum(ConvOps.conv2d(xc.value(), kc.value(), intArrayOf(2, 1), "same", intArrayOf(1, 1))), listOf(xc, kc))
        assertClose(gxc, gx.slice(1, 3), 0.0, 0.0, "view dx")
        assertClose(gkc.reshape(1, 3, 3, 2, 3), gk.slice(1, 2), 0.0, 0.0, "view dkernel")
        val pooled = PoolOps.maxPool2d(x, intArrayOf(2, 2), null, "same")
        assertClose(PoolOps.maxPool2d(x.copy(), intArrayOf(2, 2), null, "same"), pooled, 0.0, 0.0, "view max pool")
        assertClose(PoolOps.avgPool1d(x.reshape(2, 30, 2).copy(), 3), PoolOps.avgPool1d(x.reshape(2, 30, 2), 3), 0.0, 0.0, "view avg pool")
    }

    test("convolution runs through the Kernels.gemm() seam and leaves its inputs unchanged") {
        val calls = IntArray(1)
        val inner = Kernels.gemm()
        val counting = object : Gemm {
            override fun gemm(transA: Boolean, transB: Boolean, m: Int, n: Int, k: Int, a: FloatArray, aOff: Int,
                              b: FloatArray, bOff: Int, c: FloatArray, cOff: Int, accumulate: Boolean) {
                calls[0]++
                inner.gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate)
            }
            override fun name() = "counting"
        }
        val x = Variable("x", normal(1, 2, 5, 5, 2))
        val k = Variable("k", normal(2, 3, 3, 2, 3))
        val xBefore = x.snapshot()
        val kBefore = k.snapshot()
        val previous = Kernels.useGemm(counting)
        try {
            val y = ConvOps.conv2d(x.value(), k.value(), "same")
            calls[0] shouldBe 1
            Autodiff.gradients(ReduceOps.sum(y), listOf(x, k))
            calls[0] shouldBe 3   // dKernel and dCols
            ConvOps.conv1d(normal(3, 2, 6, 2), normal(4, 1, 2, 3))
            calls[0] shouldBe 4   // pointwise: no im2col, still one GEMM
        } finally {
            Kernels.useGemm(previous)
        }
        x.value().valueEquals(xBefore) shouldBe true
        k.value().valueEquals(kBefore) shouldBe true
    }

    test("an empty batch gives an empty output of the right shape") {
        ConvOps.conv2d(Tensor.zeros(0, 5, 5, 2), normal(1, 3, 3, 2, 4), "same").shape() shouldBe Shape.of(0, 5, 5, 4)
        PoolOps.maxPool2d(Tensor.zeros(0, 4, 4, 2), intArrayOf(2, 2)).shape() shouldBe Shape.of(0, 2, 2, 2)
    }
}) {
    /** Direct loops in double, straight from the Keras definitions (padding from the "same" rule). */
    object Reference {
        private fun pads(n: Int, k: Int, s: Int, d: Int, padding: String): Pair<Int, Int> {
            val eff = d * (k - 1) + 1
            return if (padding == "valid") 0 to (n - eff) / s + 1
            else {
                val out = (n + s - 1) / s
                maxOf((out - 1) * s + eff - n, 0) / 2 to out
            }
        }

        fun conv2d(x: Tensor, k: Tensor, sh: Int, sw: Int, padding: String, dh: Int, dw: Int): Tensor {
            val (n, h, w, c) = x.shape().toArray().toList()
            val (kh, kw, _, o) = k.shape().toArray().toList()
            val (top, oh) = pads(h, kh, sh, dh, padding)
            val (left, ow) = pads(w, kw, sw, dw, padding)
            val out = FloatArray(n * oh * ow * o)
            for (b in 0 until n) for (i in 0 until oh) for (j in 0 until ow) for (co in 0 until o) {
                var s = 0.0
                for (a in 0 until kh) for (bb in 0 until kw) {
                    val y = i * sh - top + a * dh
                    val z = j * sw - left + bb * dw
                    if (y < 0 || y >= h || z < 0 || z >= w) continue
                    for (ci in 0 until c) s += x.get(b, y, z, ci).toDouble() * k.get(a, bb, ci, co)
                }
                out[((b * oh + i) * ow + j) * o + co] = s.toFloat()
            }
            return Tensor.of(out, n, oh, ow, o)
        }

        fun pool2d(x: Tensor, ph: Int, pw: Int, sh: Int, sw: Int, padding: String, max: Boolean): Tensor {
            val (n, h, w, c) = x.shape().toArray().toList()
            val (top, oh) = pads(h, ph, sh, 1, padding)
            val (left, ow) = pads(w, pw, sw, 1, padding)
            val out = FloatArray(n * oh * ow * c)
            for (b in 0 until n) for (i in 0 until oh) for (j in 0 until ow) for (ch in 0 until c) {
                var best = Double.NEGATIVE_INFINITY
                var sum = 0.0
                var count = 0
                for (a in 0 until ph) for (bb in 0 until pw) {
                    val y = i * sh - top + a
                    val z = j * sw - left + bb
                    if (y < 0 || y >= h || z < 0 || z >= w) continue
                    val v = x.get(b, y, z, ch).toDouble()
                    best = maxOf(best, v)
                    sum += v
                    count++
                }
                out[((b * oh + i) * ow + j) * c + ch] = (if (max) best else sum / count).toFloat()
            }
            return Tensor.of(out, n, oh, ow, c)
        }
    }
}
