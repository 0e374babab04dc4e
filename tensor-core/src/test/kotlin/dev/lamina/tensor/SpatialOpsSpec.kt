package dev.lamina.tensor

import dev.lamina.testing.GradCheck.check
import dev.lamina.testing.TensorAsserts.assertClose
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/**
 * SpatialOps: hand-computed small cases, gradient checks of every op, depthwise convolution against conv2d with
 * a block-diagonal kernel, and the transposed convolution against the input gradient of conv2d (TensorFlow's
 * definition of conv2d_transpose) for both paddings, several strides, dilation and output padding.
 */
class SpatialOpsSpec : FunSpec({
    fun normal(seed: Long, vararg shape: Int) = Rng(seed).normal(Shape.of(*shape), 0f, 1f)
    fun ramp(vararg shape: Int) = Tensor.arange(Shape.of(*shape).size()).reshape(*shape)

    test("pad2d pads before and after, crops with negative counts, and spreads cells with interior zeros") {
        val x = ramp(1, 2, 2, 1)                                     // [[0, 1], [2, 3]]
        val p = SpatialOps.pad2d(x, intArrayOf(1, 0, 0, 2), intArrayOf(0, 0))
        p.shape() shouldBe Shape.of(1, 3, 4, 1)
        p.toFloatArray().toList() shouldBe listOf(0f, 0f, 0f, 0f, 0f, 1f, 0f, 0f, 2f, 3f, 0f, 0f)
        val s = SpatialOps.pad2d(x, intArrayOf(0, 0, 0, 0), intArrayOf(1, 2))
        s.shape() shouldBe Shape.of(1, 3, 4, 1)
        s.toFloatArray().toList() shouldBe listOf(0f, 0f, 0f, 1f, 0f, 0f, 0f, 0f, 2f, 0f, 0f, 3f)
        val c = SpatialOps.pad2d(ramp(1, 3, 4, 1), intArrayOf(-1, 0, -1, -2), intArrayOf(0, 0))
        c.shape() shouldBe Shape.of(1, 2, 1, 1)
        c.toFloatArray().toList() shouldBe listOf(5f, 9f)
    }

    test("pad2d rejects a result with no cells, naming the pads and the shape") {
        val e = shouldThrow<IllegalArgumentException> { SpatialOps.pad2d(ramp(1, 2, 2, 1), intArrayOf(-1, -1, 0, 0), intArrayOf(0, 0)) }
        e.message shouldBe "pad2d: expected a non-empty result, received pads [-1, -1, 0, 0] that leave 0x2 of input shape (1, 2, 2, 1)"
    }

    test("upSampling2d nearest repeats rows and columns; bilinear uses half-pixel centres, clamped at the edges") {
        val x = ramp(1, 2, 2, 1)
        SpatialOps.upSampling2d(x, intArrayOf(2, 1), "nearest").toFloatArray().toList() shouldBe listOf(0f, 1f, 0f, 1f, 2f, 3f, 2f, 3f)
        val row = Tensor.of(floatArrayOf(0f, 4f), 1, 1, 2, 1)
        // out j: src = (j + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25 -> 0, 1, 3, 4 (tf.image.resize, bilinear).
        SpatialOps.upSampling2d(row, intArrayOf(1, 2), "bilinear").toFloatArray().toList() shouldBe listOf(0f, 1f, 3f, 4f)
    }

    test("depthwiseConv2d: a hand-computed case with depth multiplier 2") {
        val x = Tensor.of(floatArrayOf(1f, 10f, 2f, 20f), 1, 1, 2, 2)     // two pixels, channels (1, 10) and (2, 20)
        val k = Tensor.of(floatArrayOf(1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f), 1, 2, 2, 2)
        // out[c*2+m] = x[p0,c]*k[0,0,c,m] + x[p1,c]*k[0,1,c,m]
        SpatialOps.depthwiseConv2d(x, k, intArrayOf(1, 1), "valid", intArrayOf(1, 1)).toFloatArray().toList() shouldBe
            listOf(1f * 1 + 2f * 5, 1f * 2 + 2f * 6, 10f * 3 + 20f * 7, 10f * 4 + 20f * 8)
    }

    test("depthwiseConv2d equals conv2d with a block-diagonal kernel, for every padding, stride and dilation") {
        var seed = 10L
        for (padding in listOf("valid", "same")) for (s in 1..2) for (d in 1..2) for (m in 1..2) {
            if (s > 1 && d > 1) continue
            val x = normal(seed++, 2, 7, 6, 3)
            val k = normal(seed++, 3, 2, 3, m)
            val full = FloatArray(3 * 2 * 3 * 3 * m)
            for (a in 0 until 3) for (b in 0 until 2) for (c in 0 until 3) for (j in 0 until m) {
                full[(((a * 2 + b) * 3 + c) * 3 + c) * m + j] = k.get(a, b, c, j)
            }
            val dense = Tensor.of(full, 3, 2, 3, 3 * m)
            val expected = ConvOps.conv2d(x, dense, intArrayOf(s, s), padding, intArrayOf(d, d))
            assertClose(expected, SpatialOps.depthwiseConv2d(x, k, intArrayOf(s, s), padding, intArrayOf(d, d)), 1e-5, 1e-5,
                "depthwise $padding s=$s d=$d m=$m")
        }
    }

    test("conv2dTranspose is the input gradient of conv2d (tf.nn.conv2d_transpose), with Keras' output lengths") {
        var seed = 40L
        data class Case(val n: Int, val k: Int, val s: Int, val d: Int, val padding: String, val outPad: Int?, val expectedOut: Int)
        val cases = listOf(
            Case(3, 3, 1, 1, "valid", null, 5), Case(3, 3, 2, 1, "valid", null, 7), Case(3, 2, 3, 1, "valid", null, 9),
            Case(3, 3, 2, 1, "same", null, 6), Case(4, 4, 2, 1, "same", null, 8), Case(3, 3, 1, 2, "same", null, 3),
            Case(3, 3, 2, 1, "same", 0, 5), Case(3, 3, 2, 1, "valid", 1, 8), Case(3, 1, 2, 1, "valid", null, 6),
        )
        for (c in cases) {
            val x = normal(seed++, 2, c.n, c.n + 1, 3)
            val kernel = normal(seed++, c.k, c.k, 2, 3)                  // [kh, kw, filters, in_channels]
            val op = c.outPad?.let { intArrayOf(it, it) }
            val y = SpatialOps.conv2dTranspose(x, kernel, intArrayOf(c.s, c.s), c.padding, intArrayOf(c.d, c.d), op)
            y.shape().dim(1) shouldBe c.expectedOut
            val z = Variable("z", Tensor.zeros(2, y.shape().dim(1), y.shape().dim(2), 2))
            val fwd = ConvOps.conv2d(z.value(), kernel, intArrayOf(c.s, c.s), c.padding, intArrayOf(c.d, c.d))
            fwd.shape() shouldBe x.shape()
            val g = Autodiff.gradients(ReduceOps.sum(Ops.multiply(fwd, x)), listOf(z))[0]
            assertClose(g, y, 1e-5, 1e-5, "conv2dTranspose $c")
        }
    }

    test("conv2dTranspose rejects an output padding not below the stride") {
        val e = shouldThrow<IllegalArgumentException> {
            SpatialOps.conv2dTranspose(normal(1, 1, 3, 3, 1), normal(2, 3, 3, 1, 1), intArrayOf(2, 2), "same", intArrayOf(1, 1), intArrayOf(2, 0))
        }
        e.message shouldBe "conv2dTranspose: expected output_padding below the stride 2, received output_padding=2"
    }

    test("gradient checks: pad2d (padding, cropping, interior), upSampling2d, depthwiseConv2d, conv2dTranspose") {
        check(normal(1, 2, 3, 4, 2)) { (x) -> SpatialOps.pad2d(x, intArrayOf(1, 2, -1, 1), intArrayOf(1, 0)) }
        check(normal(2, 1, 3, 3, 2)) { (x) -> SpatialOps.upSampling2d(x, intArrayOf(2, 3), "nearest") }
        check(normal(3, 1, 3, 3, 2)) { (x) -> SpatialOps.upSampling2d(x, intArrayOf(2, 2), "bilinear") }
        check(normal(4, 2, 5, 4, 3), normal(5, 3, 3, 3, 2)) { (x, k) ->
            SpatialOps.depthwiseConv2d(x, k, intArrayOf(2, 1), "same", intArrayOf(1, 1))
        }
        check(normal(6, 1, 3, 4, 3), normal(7, 3, 2, 2, 3)) { (x, k) ->
            SpatialOps.conv2dTranspose(x, k, intArrayOf(2, 2), "same", intArrayOf(1, 1), null)
        }
    }
})
