package dev.lamina.layers

import dev.lamina.Lamina
import dev.lamina.initializers.Initializers
import dev.lamina.models.LayerRegistry
import dev.lamina.regularizers.Regularizer
import dev.lamina.tensor.ConvOps
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.testing.TensorAsserts.assertClose
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/**
 * The image layers real Keras models use (ZeroPadding2D, Cropping2D, UpSampling2D, DepthwiseConv2D,
 * SeparableConv2D, Conv2DTranspose) through the layer kit (shapes, weights, gradients, config round trip), a
 * hand-computed case each, Keras' parameter counts, and TensorFlow's `same` padding in Conv2D and the pooling
 * layers (the extra cell of an odd total at the bottom/right; average pooling divides by the real cells).
 */
class ImageLayersSpec : FunSpec({
    beforeTest { Lamina.clearSession(); Lamina.setRandomSeed(0) }

    fun ramp(vararg shape: Int) = Tensor.arange(Shape.of(*shape).size()).reshape(*shape)
    fun values(t: Tensor) = t.toFloatArray().toList()

    test("ZeroPadding2D: kit, and MobileNet's ((0, 1), (0, 1)) adds a row at the bottom and a column at the right") {
        LayerTestKit { ZeroPadding2D(1, 2, 0, 1) }.input(2, 3, 2, 2).expectOutputShape(2, 6, 3, 2).expectTrainableWeights(0)
            .fromConfig(ZeroPadding2D::fromConfig).run()
        val z = ZeroPadding2D(0, 1, 0, 1)
        values(z.call(ramp(1, 2, 2, 1))) shouldBe listOf(0f, 1f, 0f, 2f, 3f, 0f, 0f, 0f, 0f)
        z.getConfig()["padding"] shouldBe listOf(listOf(0, 1), listOf(0, 1))
        ZeroPadding2D().padding().toList() shouldBe listOf(1, 1, 1, 1)
        ZeroPadding2D.fromConfig(mapOf("padding" to listOf(3L, 2L))).padding().toList() shouldBe listOf(3, 3, 2, 2)
        ZeroPadding2D.fromConfig(mapOf("padding" to 2L)).padding().toList() shouldBe listOf(2, 2, 2, 2)
    }

    test("Cropping2D: kit, a hand-computed crop, and a crop that leaves nothing is rejected") {
        LayerTestKit { Cropping2D(1, 0, 0, 2) }.input(2, 4, 5, 2).expectOutputShape(2, 3, 3, 2).expectTrainableWeights(0)
            .fromConfig(Cropping2D::fromConfig).run()
        values(Cropping2D(1, 1).call(ramp(1, 3, 4, 1))) shouldBe listOf(5f, 6f)
        val e = shouldThrow<IllegalArgumentException> { Cropping2D(2).name("crop").call(ramp(1, 4, 6, 1)) }
        e.message shouldBe "Cropping2D 'crop': expected an input larger than the cropping [[2, 2], [2, 2]] along height and width, received (None, 4, 6, 1)"
    }

    test("UpSampling2D: kit (nearest and bilinear) and the repeated rows and columns") {
        LayerTestKit { UpSampling2D(2, 3) }.input(2, 2, 2, 3).expectOutputShape(2, 4, 6, 3).expectTrainableWeights(0)
            .fromConfig(UpSampling2D::fromConfig).run()
        LayerTestKit { UpSampling2D().interpolation("bilinear") }.input(1, 3, 2, 2).expectOutputShape(1, 6, 4, 2)
            .fromConfig(UpSampling2D::fromConfig).run()
        values(UpSampling2D(1, 2).call(ramp(1, 2, 2, 1))) shouldBe listOf(0f, 0f, 1f, 1f, 2f, 2f, 3f, 3f)
    }

    test("DepthwiseConv2D: kit with depth multiplier 2, Keras' 320 parameters for 3x3 on 32 channels, and a hand case") {
        LayerTestKit { DepthwiseConv2D(3).depthMultiplier(2).strides(2).padding("same").activation("tanh") }
            .input(2, 5, 4, 3).expectOutputShape(2, 3, 2, 6).expectTrainableWeights(2).fromConfig(DepthwiseConv2D::fromConfig).run()
        val d = DepthwiseConv2D(3).padding("same")
        d.apply(Input.of(8, 8, 32)).shape() shouldBe Shape.of(-1, 8, 8, 32)
        d.countParams() shouldBe 320L
        d.weights().map { it.name().substringAfter('/') } shouldBe listOf("kernel", "bias")
        val h = DepthwiseConv2D(1, 2).useBias(false).depthwiseInitializer(Initializers.ones())
        values(h.call(Tensor.of(floatArrayOf(1f, 10f, 2f, 20f), 1, 1, 2, 2))) shouldBe listOf(3f, 30f)
    }

    test("SeparableConv2D: kit, Keras' parameter count (depthwise + pointwise + bias) and weight names") {
        LayerTestKit { SeparableConv2D(4, 3).depthMultiplier(2).padding("same").pointwiseRegularizer(Regularizer.l2(0.01)) }
            .input(2, 4, 4, 3).expectOutputShape(2, 4, 4, 4).expectTrainableWeights(3).fromConfig(SeparableConv2D::fromConfig).run()
        val s = SeparableConv2D(64, 3)
        s.apply(Input.of(10, 10, 32)).shape() shouldBe Shape.of(-1, 8, 8, 64)
        s.countParams() shouldBe (3 * 3 * 32 + 32 * 64 + 64).toLong()
        s.weights().map { it.name().substringAfter('/') } shouldBe listOf("depthwise_kernel", "pointwise_kernel", "bias")
    }

    test("SeparableConv2D equals a DepthwiseConv2D followed by a 1x1 Conv2D with the same weights") {
        val x = dev.lamina.tensor.Rng(5).normal(Shape.of(2, 5, 5, 3), 0f, 1f)
        val s = SeparableConv2D(2, 3).activation("relu")
        val y = s.call(x)
        val dw = DepthwiseConv2D(3).useBias(false)
        dw.call(x)
        dw.kernel().assign(s.depthwiseKernel().value())
        val pw = Conv2D(2, 1).activation("relu")
        pw.call(dw.call(x))
        pw.kernel().assign(s.pointwiseKernel().value())
        pw.bias().assign(s.bias().value())
        assertClose(pw.call(dw.call(x)), y, 1e-6, 1e-6, "separable")
    }

    test("Conv2DTranspose: kit (valid, same, output padding), parameter count, and a hand case") {
        LayerTestKit { Conv2DTranspose(2, 3).strides(2) }.input(2, 3, 2, 3).expectOutputShape(2, 7, 5, 2)
            .expectTrainableWeights(2).fromConfig(Conv2DTranspose::fromConfig).run()
        LayerTestKit { Conv2DTranspose(2, 3).strides(2).padding("same").outputPadding(1, 0).activation("tanh") }
            .input(1, 3, 2, 2).expectOutputShape(1, 6, 3, 2).fromConfig(Conv2DTranspose::fromConfig).run()
        val t = Conv2DTranspose(16, 3)
        t.apply(Input.of(4, 4, 8)).shape() shouldBe Shape.of(-1, 6, 6, 16)
        t.kernel().shape() shouldBe Shape.of(3, 3, 16, 8)
        t.countParams() shouldBe (3 * 3 * 16 * 8 + 16).toLong()
        // Each input cell stamps the 2x1 kernel at stride 2: [1, 2] -> [k0, k1, 2 k0, 2 k1].
        val h = Conv2DTranspose(1, 2, 1).strides(2, 1).useBias(false)
        h.call(Tensor.zeros(1, 2, 1, 1))
        h.kernel().assign(Tensor.of(floatArrayOf(3f, 5f), 2, 1, 1, 1))
        values(h.call(Tensor.of(floatArrayOf(1f, 2f), 1, 2, 1, 1))) shouldBe listOf(3f, 5f, 6f, 10f)
        val e = shouldThrow<IllegalArgumentException> { Conv2DTranspose(1, 3).strides(2).outputPadding(2) }
        e.message shouldBe "Conv2DTranspose: expected output_padding below the strides (2, 2), received output_padding=(2, 2)"
    }

    test("Conv2D 'same' pads as TensorFlow does: the extra row and column of an odd total at the bottom/right") {
        // 2x2 kernel of ones on 3x3: total padding 1 per axis, all after; out[0,0] sums the top-left 2x2 block.
        val c = Conv2D(1, 2).padding("same").useBias(false).kernelInitializer(Initializers.ones())
        values(c.call(ramp(1, 3, 3, 1))) shouldBe listOf(8f, 12f, 7f, 20f, 24f, 13f, 13f, 15f, 8f)
        // Stride 2 on 4 cells, kernel 3: out 2, total (2-1)*2 + 3 - 4 = 1, also after.
        values(ConvOps.conv2d(ramp(1, 1, 4, 1), Tensor.ones(1, 3, 1, 1), intArrayOf(1, 2), "same", intArrayOf(1, 1))) shouldBe listOf(3f, 5f)
    }

    test("AveragePooling2D 'same' averages over the cells inside the image only; MaxPooling2D 'same' ignores padding") {
        val x = ramp(1, 3, 3, 1)                                        // 0..8
        // Windows (rows 0-1, cols 0-1), (0-1, 2), (2, 0-1), (2, 2): real cells 4, 2, 2, 1.
        values(AveragePooling2D(2).padding("same").call(x)) shouldBe listOf(2f, 3.5f, 6.5f, 8f)
        val negative = Tensor.of(FloatArray(9) { -1f - it }, 1, 3, 3, 1)
        values(MaxPooling2D(2).padding("same").call(negative)) shouldBe listOf(-1f, -3f, -7f, -9f)
        // 3x3 stride 1: the corner window holds 4 real cells, the edge windows 6.
        values(AveragePooling2D(3).strides(1).padding("same").call(x))[0] shouldBe (0f + 1f + 3f + 4f) / 4f
        values(AveragePooling2D(3).strides(1).padding("same").call(x))[1] shouldBe (0f + 1f + 2f + 3f + 4f + 5f) / 6f
    }

    test("every new image layer rebuilds through the registry by its Keras class name") {
        val layers = listOf(ZeroPadding2D(1), Cropping2D(1), UpSampling2D(2), DepthwiseConv2D(3), SeparableConv2D(2, 3), Conv2DTranspose(2, 3))
        for (l in layers) {
            l.apply(Input.of(6, 6, 2))
            val copy = LayerRegistry.create(l.className(), l.getConfig())
            copy.className() shouldBe l.className()
            copy.getConfig() shouldBe l.getConfig()
        }
    }

    test("configs are read by ConfigReader: a wrong type or an int out of range names the layer, the key and the value") {
        fun message(block: () -> Unit) = shouldThrow<IllegalArgumentException>(block).message
        // Before, 4294967296 became padding 0 and 4294967297 filters 1 (truncated), and a string was a ClassCastException.
        message { ZeroPadding2D.fromConfig(mapOf("padding" to listOf(listOf(1L, 2L), listOf(3L, 4294967296L)))) } shouldBe
            "ZeroPadding2D.fromConfig: expected padding[1][1] to be an int or null, received padding[1][1]=4294967296 (Long)"
        message { Cropping2D.fromConfig(mapOf("cropping" to "1")) } shouldBe
            "Cropping2D.fromConfig: expected cropping to be a list of ints, received cropping=\"1\" (String)"
        message { SeparableConv2D.fromConfig(mapOf("filters" to 4294967297L, "kernel_size" to 3L)) } shouldBe
            "SeparableConv2D.fromConfig: expected filters to be an int, received filters=4294967297 (Long)"
        message { DepthwiseConv2D.fromConfig(mapOf("kernel_size" to 3L, "depth_multiplier" to "2")) } shouldBe
            "DepthwiseConv2D.fromConfig: expected depth_multiplier to be an int, received depth_multiplier=\"2\" (String)"
        message { Conv2DTranspose.fromConfig(mapOf("filters" to 2L, "kernel_size" to 3L, "output_padding" to listOf(1L, 1.5))) } shouldBe
            "Conv2DTranspose.fromConfig: expected output_padding[1] to be an int or null, received output_padding[1]=1.5 (Double)"
        message { UpSampling2D.fromConfig(mapOf("size" to listOf(2L, 2L, 2L))) } shouldBe
            "UpSampling2D.fromConfig: expected size to be an int or a list of 2 ints, received size=[2, 2, 2] (list)"
        // Integral doubles, as a JSON parser may give them, read as ints.
        ZeroPadding2D.fromConfig(mapOf("padding" to listOf(listOf(0.0, 1.0), listOf(2.0, 3.0)))).padding().toList() shouldBe listOf(0, 1, 2, 3)
    }
})
