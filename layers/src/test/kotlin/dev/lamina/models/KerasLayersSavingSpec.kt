package dev.lamina.models

import dev.lamina.Lamina
import dev.lamina.layers.Conv2DTranspose
import dev.lamina.layers.Cropping2D
import dev.lamina.layers.DepthwiseConv2D
import dev.lamina.layers.Dot
import dev.lamina.layers.Dropout
import dev.lamina.layers.Flatten
import dev.lamina.layers.Input
import dev.lamina.layers.Multiply
import dev.lamina.layers.Normalization
import dev.lamina.layers.PReLU
import dev.lamina.layers.ReLU
import dev.lamina.layers.Rescaling
import dev.lamina.layers.SeparableConv2D
import dev.lamina.layers.UpSampling2D
import dev.lamina.layers.ZeroPadding2D
import dev.lamina.tensor.Rng
import dev.lamina.tensor.Shape
import dev.lamina.tensor.io.Json
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Path

/**
 * A functional model made of the Keras-model layers saves and loads: the same config, the same weights (the
 * scalar `count` of Normalization included) and bit-identical predictions.
 */
class KerasLayersSavingSpec : FunSpec({
    lateinit var dir: Path
    beforeTest {
        Lamina.clearSession(); Lamina.setRandomSeed(0)
        dir = Files.createTempDirectory("lamina-keras-layers")
    }
    afterTest { dir.toFile().deleteRecursively() }

    test("save and load keep config, weights and predictions of a model of the new layers") {
        val data = Rng(1).uniform(Shape.of(4, 8, 8, 3), 0f, 255f)
        val norm = Normalization(3)
        norm.adapt(Rescaling(1.0 / 255).call(data))
        val input = Input.of(8, 8, 3)
        var x = norm.apply(Rescaling(1.0 / 255).apply(input))
        x = ZeroPadding2D(0, 1, 0, 1).apply(x)
        x = DepthwiseConv2D(3).strides(2).apply(x)
        x = ReLU().maxValue(6.0).apply(x)
        val gate = SeparableConv2D(3, 1).activation("sigmoid").apply(x)
        x = Multiply().apply(x, gate)
        x = Conv2DTranspose(2, 2).strides(2).apply(x)
        x = PReLU().sharedAxes(1, 2).apply(UpSampling2D(1, 1).apply(Cropping2D(1).apply(x)))
        x = Dropout(0.2).noiseShape(-1, 1, 1, 1).apply(x)
        val f = Flatten().apply(x)
        val out = Dot(1).normalize(true).apply(f, f)
        val model = Model.of(input, out)
        val file = dir.resolve("m.lamina")
        model.save(file)
        val loaded = Model.load(file)
        Json.write(loaded.getConfig()) shouldBe Json.write(model.getConfig())
        loaded.weights().map { it.name() to it.shape() } shouldBe model.weights().map { it.name() to it.shape() }
        loaded.weights().zip(model.weights()).forEach { (a, b) -> a.value().valueEquals(b.value()) shouldBe true }
        loaded.predict(data).valueEquals(model.predict(data)) shouldBe true
        model.nonTrainableWeights().map { it.name().substringAfter('/') } shouldBe listOf("mean", "variance", "count")
    }
})
