package dev.lamina.kotlin

import dev.lamina.layers.Conv2DTranspose
import dev.lamina.layers.Cropping2D
import dev.lamina.layers.DepthwiseConv2D
import dev.lamina.layers.Dot
import dev.lamina.layers.Dropout
import dev.lamina.layers.ELU
import dev.lamina.layers.GaussianNoise
import dev.lamina.layers.Layer
import dev.lamina.layers.LeakyReLU
import dev.lamina.layers.Normalization
import dev.lamina.layers.PReLU
import dev.lamina.layers.ReLU
import dev.lamina.layers.Rescaling
import dev.lamina.layers.SeparableConv2D
import dev.lamina.layers.Softmax
import dev.lamina.layers.SpatialDropout1D
import dev.lamina.layers.SpatialDropout2D
import dev.lamina.layers.UpSampling2D
import dev.lamina.layers.ZeroPadding2D
import dev.lamina.tensor.Shape
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

/** The factories of the Keras-model layers: Keras' defaults (the Java layer's config), arguments passed through. */
class KerasLayerFactoriesSpec : FunSpec({
    val sink = FunctionalScope()
    beforeTest { dev.lamina.Lamina.clearSession() }

    fun sameConfig(made: Layer, java: Layer) = withClue(made.className()) {
        made.getConfig() - "name" shouldBe java.getConfig() - "name"
    }

    test("with only the required arguments, every factory gives the Java layer with Keras' defaults") {
        sameConfig(sink.zeroPadding2D(), ZeroPadding2D())
        sameConfig(sink.cropping2D(), Cropping2D())
        sameConfig(sink.upSampling2D(), UpSampling2D())
        sameConfig(sink.depthwiseConv2D(3), DepthwiseConv2D(3))
        sameConfig(sink.separableConv2D(8, 3), SeparableConv2D(8, 3))
        sameConfig(sink.conv2DTranspose(8, 3), Conv2DTranspose(8, 3))
        sameConfig(sink.reLU(), ReLU())
        sameConfig(sink.leakyReLU(), LeakyReLU())
        sameConfig(sink.pReLU(), PReLU())
        sameConfig(sink.elu(), ELU())
        sameConfig(sink.softmax(), Softmax())
        sameConfig(sink.rescaling(0.5), Rescaling(0.5))
        sameConfig(sink.normalization(), Normalization())
        sameConfig(sink.spatialDropout1D(0.2), SpatialDropout1D(0.2))
        sameConfig(sink.spatialDropout2D(0.2), SpatialDropout2D(0.2))
        sameConfig(sink.gaussianNoise(0.1), GaussianNoise(0.1))
        sameConfig(sink.dot(1), Dot(1))
        sameConfig(sink.dropout(0.5), Dropout(0.5))
    }

    test("arguments reach the layer under Keras' config keys") {
        sink.zeroPadding2D((0 to 1) to (0 to 1)).padding().toList() shouldBe listOf(0, 1, 0, 1)
        sink.zeroPadding2D(2 to 3).padding().toList() shouldBe listOf(2, 2, 3, 3)
        sink.cropping2D(listOf(listOf(1, 2), listOf(3, 4))).cropping().toList() shouldBe listOf(1, 2, 3, 4)
        sink.upSampling2D(size = 3 to 2, interpolation = "bilinear").getConfig()["interpolation"] shouldBe "bilinear"
        val d = sink.depthwiseConv2D(3, strides = 2, padding = "same", depthMultiplier = 2, useBias = false, name = "dw")
        d.name() shouldBe "dw"
        d.getConfig()["depth_multiplier"] shouldBe 2
        d.getConfig()["strides"] shouldBe listOf(2, 2)
        sink.separableConv2D(4, 3, activation = "relu", pointwiseInitializer = "ones").getConfig()["pointwise_initializer"]
            .let { (it as Map<*, *>)["class_name"] } shouldBe "Ones"
        sink.conv2DTranspose(4, 3, strides = 2, padding = "same", outputPadding = 1).getConfig()["output_padding"] shouldBe listOf(1, 1)
        sink.reLU(maxValue = 6.0).getConfig()["max_value"] shouldBe 6.0
        sink.pReLU(sharedAxes = listOf(1, 2)).getConfig()["shared_axes"] shouldBe listOf(1, 2)
        sink.normalization(axis = listOf(3), mean = listOf(1, 2, 3), variance = listOf(1, 1, 1)).getConfig()["mean"] shouldBe listOf(1.0, 2.0, 3.0)
        sink.normalization(axis = null).getConfig()["axis"] shouldBe emptyList<Int>()
        sink.dot(2 to 1, normalize = true).getConfig()["axes"] shouldBe listOf(2, 1)
        sink.dropout(0.2, noiseShape = listOf(null, 1, 1, 1)).getConfig()["noise_shape"] shouldBe listOf(null, 1, 1, 1)
        shouldThrow<IllegalArgumentException> { sink.zeroPadding2D(1.5) }.message shouldContain "ZeroPadding2D: expected padding"
    }

    test("a MobileNet-style block builds in a sequential scope with the shapes Keras reports") {
        val model = sequential {
            input(9, 9, 3)
            rescaling(1.0 / 255)
            zeroPadding2D((0 to 1) to (0 to 1))
            conv2D(8, 3, strides = 2, useBias = false)
            reLU(maxValue = 6.0)
            depthwiseConv2D(3, padding = "same", useBias = false)
            conv2DTranspose(4, 2, strides = 2)
            upSampling2D()
        }
        model.outputs()[0].shape() shouldBe Shape.of(-1, 16, 16, 4)
        model.countParams() shouldBe (3 * 3 * 3 * 8 + 3 * 3 * 8 + 2 * 2 * 4 * 8 + 4).toLong()
    }
})
