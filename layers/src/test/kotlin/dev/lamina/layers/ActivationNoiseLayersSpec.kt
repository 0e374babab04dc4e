package dev.lamina.layers

import dev.lamina.Lamina
import dev.lamina.models.LayerRegistry
import dev.lamina.tensor.Rng
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.testing.TensorAsserts.assertClose
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.doubles.shouldBeBetween
import io.kotest.matchers.floats.plusOrMinus
import io.kotest.matchers.shouldBe
import kotlin.math.exp

/**
 * The activation, preprocessing, noise and merge layers real Keras models use: ReLU, LeakyReLU, PReLU, ELU,
 * Softmax, Rescaling, Normalization, Dropout with noise_shape, SpatialDropout1D/2D, GaussianNoise, Dot and
 * broadcasting Multiply, each through the layer kit (gradients, config round trip) and a hand-computed case.
 */
class ActivationNoiseLayersSpec : FunSpec({
    beforeTest { Lamina.clearSession(); Lamina.setRandomSeed(0) }

    fun values(t: Tensor) = t.toFloatArray().toList()
    val points = Tensor.of(floatArrayOf(-2f, -0.5f, 0.5f, 1f, 2f, 7f), 1, 6)

    /** Seeded normal values kept 0.05 away from the kinks at 0, 1 (threshold) and 1.5 (max_value). */
    fun awayFromKinks(vararg shape: Int): Tensor {
        val t = Rng(3).normal(Shape.of(*shape), 0f, 1.5f).toFloatArray()
        for (i in t.indices) for (k in floatArrayOf(0f, 1f, 1.5f)) if (Math.abs(t[i] - k) < 0.05f) t[i] = k + 0.1f
        return Tensor.of(t, *shape)
    }

    test("ReLU: max_value, negative_slope and threshold as Keras computes them; kit for each") {
        values(ReLU().call(points)) shouldBe listOf(0f, 0f, 0.5f, 1f, 2f, 7f)
        values(ReLU().maxValue(6.0).call(points)) shouldBe listOf(0f, 0f, 0.5f, 1f, 2f, 6f)
        val r = ReLU().negativeSlope(0.5).threshold(1.0).maxValue(6.0).call(points).toFloatArray()
        // x <= threshold: slope * (x - threshold) (0 exactly at the threshold); above: x, capped at max_value.
        r.toList() shouldBe listOf(-1.5f, -0.75f, -0.25f, 0f, 2f, 6f)
        LayerTestKit { ReLU().maxValue(1.5).negativeSlope(0.2).threshold(1.0) }.inputs(awayFromKinks(2, 5))
            .expectOutputShape(2, 5).expectTrainableWeights(0).fromConfig(ReLU::fromConfig).run()
        LayerTestKit { ReLU().negativeSlope(0.1) }.inputs(awayFromKinks(2, 3, 2)).expectOutputShape(2, 3, 2).fromConfig(ReLU::fromConfig).run()
        shouldThrow<IllegalArgumentException> { ReLU().maxValue(-1.0) }.message shouldBe
            "ReLU: expected max_value >= 0 or None, received max_value=-1.0"
    }

    test("LeakyReLU (Keras 3's default slope 0.3; tf.keras' alpha read too), ELU and Softmax") {
        values(LeakyReLU().call(points))[0] shouldBe (-0.6f plusOrMinus 1e-7f)
        LeakyReLU.fromConfig(mapOf("alpha" to 0.1)).negativeSlope() shouldBe 0.1
        LayerTestKit { LeakyReLU(0.2) }.inputs(awayFromKinks(2, 4)).expectOutputShape(2, 4).fromConfig(LeakyReLU::fromConfig).run()
        values(ELU(2.0).call(points))[0] shouldBe ((2 * (exp(-2.0) - 1)).toFloat() plusOrMinus 1e-6f)
        LayerTestKit { ELU(0.5) }.inputs(awayFromKinks(2, 4)).expectOutputShape(2, 4).fromConfig(ELU::fromConfig).run()
        val s = Softmax(1).call(Tensor.of(floatArrayOf(0f, 1f, 0f, 1f), 1, 2, 2))           // equal along axis 1
        values(s) shouldBe listOf(0.5f, 0.5f, 0.5f, 0.5f)
        LayerTestKit { Softmax(1) }.input(2, 3, 2).expectOutputShape(2, 3, 2).fromConfig(Softmax::fromConfig).run()
        Softmax.fromConfig(mapOf("axis" to listOf(-1L))).axis() shouldBe -1
    }

    test("PReLU: alpha per element or shared along axes, zeros-initialised, trained by the kit") {
        val p = PReLU().sharedAxes(1, 2)
        p.apply(Input.of(3, 3, 2))
        p.alpha()!!.shape() shouldBe Shape.of(1, 1, 2)
        p.countParams() shouldBe 2L
        values(p.call(Tensor.of(floatArrayOf(-1f, 2f), 1, 1, 1, 2))) shouldBe listOf(0f, 2f)
        p.alpha()!!.assign(Tensor.of(floatArrayOf(0.5f, 0.25f), 1, 1, 2))
        values(p.call(Tensor.of(floatArrayOf(-1f, -2f, 3f, -4f), 1, 1, 2, 2))) shouldBe listOf(-0.5f, -0.5f, 3f, -1f)
        LayerTestKit { PReLU().alphaInitializer(dev.lamina.initializers.Initializers.constant(0.3)) }.inputs(awayFromKinks(2, 3))
            .expectOutputShape(2, 3).expectTrainableWeights(1).fromConfig(PReLU::fromConfig).run()
        LayerTestKit { PReLU().sharedAxes(1) }.inputs(awayFromKinks(2, 3, 2)).expectOutputShape(2, 3, 2).fromConfig(PReLU::fromConfig).run()
    }

    test("Rescaling: x * scale + offset") {
        values(Rescaling(1.0 / 127.5, -1.0).call(Tensor.of(floatArrayOf(0f, 127.5f, 255f), 1, 3))) shouldBe listOf(-1f, 0f, 1f)
        LayerTestKit { Rescaling(0.5, 2.0) }.input(2, 3).expectOutputShape(2, 3).fromConfig(Rescaling::fromConfig).run()
    }

    test("Rescaling with per-channel scale and offset lists (Keras 3 EfficientNet), broadcast over the last axis") {
        val x = Tensor.of(floatArrayOf(1f, 2f, 3f, 4f, 5f, 6f), 1, 2, 3)
        val r = Rescaling(doubleArrayOf(1.0, 2.0, 0.5), doubleArrayOf(0.0, 1.0, -1.0))
        values(r.call(x)) shouldBe listOf(1f, 5f, 0.5f, 4f, 11f, 2f)
        values(Rescaling(doubleArrayOf(2.0, 3.0, 4.0), doubleArrayOf(1.0)).call(x)) shouldBe listOf(3f, 7f, 13f, 9f, 16f, 25f)
        LayerTestKit { Rescaling(doubleArrayOf(0.5, 2.0, -1.0), doubleArrayOf(0.1, 0.2, 0.3)) }.input(2, 4, 3).expectOutputShape(2, 4, 3)
            .expectTrainableWeights(0).fromConfig(Rescaling::fromConfig).run()
        r.getConfig()["scale"] shouldBe listOf(1.0, 2.0, 0.5)
        Rescaling(0.5).getConfig()["scale"] shouldBe 0.5
        val fromKeras = Rescaling.fromConfig(mapOf("scale" to listOf(1.0, 0.5), "offset" to 0.0))
        fromKeras.scale().toList() shouldBe listOf(1.0, 0.5)
        fromKeras.offset().toList() shouldBe listOf(0.0)
        shouldThrow<IllegalArgumentException> { Rescaling(doubleArrayOf(1.0, 2.0), doubleArrayOf(0.0)).name("r").call(x) }.message shouldBe
            "Rescaling 'r': expected an input with 2 channels (last axis) for the per-channel scale, received (None, 2, 3)"
        shouldThrow<IllegalArgumentException> { Rescaling.fromConfig(mapOf("scale" to listOf(1.0, "2"))) }.message shouldBe
            "Rescaling.fromConfig: expected scale[1] to be a number, received scale[1]=\"2\" (String)"
        shouldThrow<IllegalArgumentException> { Rescaling.fromConfig(mapOf("offset" to 1.0)) }.message shouldBe
            "Rescaling.fromConfig: expected config key 'scale', received keys [offset]"
    }

    test("Normalization: adapt sets Keras' non-trainable mean, variance and count; the output is standardised") {
        val data = Tensor.of(floatArrayOf(1f, 2f, 3f, 6f), 2, 2)
        val n = Normalization()
        n.adapt(data)
        values(n.mean()!!.value()) shouldBe listOf(2f, 4f)
        values(n.variance()!!.value()) shouldBe listOf(1f, 4f)
        n.count()!!.value().item() shouldBe 2f
        n.trainableWeights().size shouldBe 0
        n.nonTrainableWeights().map { it.name().substringAfter('/') } shouldBe listOf("mean", "variance", "count")
        n.countParams() shouldBe 5L
        values(n.call(data)) shouldBe listOf(-1f, -1f, 1f, 1f)
        val image = Normalization(3)
        image.apply(Input.of(4, 4, 3))
        image.mean()!!.shape() shouldBe Shape.of(3)
        image.countParams() shouldBe 7L                                   // EfficientNetB0's 3 + 3 + 1
        LayerTestKit { Normalization(-1) }.input(2, 3, 2).expectOutputShape(2, 3, 2).expectTrainableWeights(0)
            .expectNonTrainableWeights(3).fromConfig(Normalization::fromConfig).run()
    }

    test("Normalization with given mean and variance has no weights; invert undoes it; adapt then is refused") {
        val n = Normalization().meanAndVariance(floatArrayOf(1f, 2f), floatArrayOf(4f, 0f))
        val x = Tensor.of(floatArrayOf(3f, 2f), 1, 2)
        values(n.call(x)) shouldBe listOf(1f, 0f)                          // variance 0 divides by 1e-7
        n.weights().size shouldBe 0
        val inv = Normalization().meanAndVariance(floatArrayOf(1f, 2f), floatArrayOf(4f, 1f)).invert(true)
        values(inv.call(Tensor.of(floatArrayOf(1f, 0f), 1, 2))) shouldBe listOf(3f, 2f)
        LayerTestKit { Normalization().meanAndVariance(floatArrayOf(0.5f), floatArrayOf(2f)) }.input(2, 3)
            .expectOutputShape(2, 3).expectTrainableWeights(0).fromConfig(Normalization::fromConfig).run()
        shouldThrow<IllegalStateException> { n.adapt(x) }
        val all = Normalization.overAllAxes()
        all.adapt(Tensor.of(floatArrayOf(1f, 3f, 1f, 3f), 2, 2))
        values(all.mean()!!.value()) shouldBe listOf(2f)
        Normalization.fromConfig(all.getConfig()).getConfig() shouldBe all.getConfig()
    }

    test("Dropout noise_shape: one mask cell per sample drops or keeps whole rows") {
        val x = Rng(1).uniform(Shape.of(200, 5), 0.5f, 1.5f)
        val d = Dropout(0.5).noiseShape(-1, 1).seed(3)
        val y = d.forward(listOf(x), true)[0]
        var dropped = 0
        for (r in 0 until 200) {
            val row = (0 until 5).map { y.get(r, it) }
            val kept = row.map { it != 0f }
            (kept.all { it } || kept.none { it }).shouldBeTrue()
            if (kept.none { it }) dropped++ else for (c in 0 until 5) row[c] shouldBe x.get(r, c) * 2f
        }
        (dropped / 200.0).shouldBeBetween(0.4, 0.6, 0.0)
        d.getConfig()["noise_shape"] shouldBe listOf(null, 1)
        LayerTestKit { Dropout(0.3).noiseShape(-1, 1, 1, 1) }.input(2, 3, 3, 2).expectOutputShape(2, 3, 3, 2)
            .fromConfig(Dropout::fromConfig).run()
        shouldThrow<IllegalArgumentException> { Dropout(0.5).noiseShape(-1, 3).name("d").call(x) }.message shouldBe
            "Dropout 'd': expected noise_shape [-1, 3] to broadcast to the input shape, received (None, 5)"
    }

    test("SpatialDropout1D/2D drop whole channels, the same at every position") {
        val x = Rng(2).uniform(Shape.of(20, 4, 3, 6), 0.5f, 1.5f)
        val y = SpatialDropout2D(0.5).seed(1).forward(listOf(x), true)[0]
        for (n in 0 until 20) for (c in 0 until 6) {
            val kept = (0 until 4).flatMap { h -> (0 until 3).map { w -> y.get(n, h, w, c) != 0f } }
            (kept.all { it } || kept.none { it }).shouldBeTrue()
        }
        val y1 = SpatialDropout1D(0.5).seed(1).forward(listOf(x.reshape(20, 12, 6)), true)[0]
        for (n in 0 until 20) for (c in 0 until 6) (0 until 12).map { y1.get(n, it, c) != 0f }.toSet().size shouldBe 1
        LayerTestKit { SpatialDropout1D(0.2).seed(4) }.input(2, 3, 2).expectOutputShape(2, 3, 2).fromConfig(SpatialDropout1D::fromConfig).run()
        LayerTestKit { SpatialDropout2D(0.2) }.input(2, 2, 2, 2).expectOutputShape(2, 2, 2, 2).fromConfig(SpatialDropout2D::fromConfig).run()
    }

    test("GaussianNoise adds seeded normal noise of stddev only when training") {
        val x = Tensor.zeros(100, 100)
        val g = GaussianNoise(0.5).seed(7)
        g.forward(listOf(x), false)[0] shouldBe x
        val y = g.forward(listOf(x), true)[0].toFloatArray()
        val sd = Math.sqrt(y.map { it.toDouble() * it }.average())
        sd.shouldBeBetween(0.48, 0.52, 0.0)
        GaussianNoise(0.5).seed(7).forward(listOf(x), true)[0].toFloatArray().contentEquals(y).shouldBeTrue()
        LayerTestKit { GaussianNoise(0.1).seed(1) }.input(2, 3).expectOutputShape(2, 3).fromConfig(GaussianNoise::fromConfig).run()
    }

    test("Dot: per-sample dot products along the given axes, cosine with normalize, Keras' output shapes") {
        val a = Tensor.of(floatArrayOf(1f, 2f, 3f, 4f), 2, 2)
        val b = Tensor.of(floatArrayOf(5f, 6f, 7f, 8f), 2, 2)
        val y = Dot(1).forward(listOf(a, b), false)[0]
        y.shape() shouldBe Shape.of(2, 1)
        values(y) shouldBe listOf(17f, 53f)
        val cos = Dot(-1).normalize(true).forward(listOf(a, a), false)[0]
        assertClose(Tensor.of(floatArrayOf(1f, 1f), 2, 1), cos, 1e-6, 1e-6, "cosine")
        Dot(2, 1).apply(Input.of(3, 4), Input.of(4, 5)).shape() shouldBe Shape.of(-1, 3, 5)
        Dot(1, 1).apply(Input.of(3, 4), Input.of(3, 5)).shape() shouldBe Shape.of(-1, 4, 5)
        val p = Rng(1).normal(Shape.of(2, 3, 4), 0f, 1f)
        val q = Rng(2).normal(Shape.of(2, 4, 2), 0f, 1f)
        val r = Dot(2, 1).forward(listOf(p, q), false)[0]
        for (n in 0 until 2) for (i in 0 until 3) for (j in 0 until 2) {
            r.get(n, i, j) shouldBe ((0 until 4).sumOf { k -> (p.get(n, i, k) * q.get(n, k, j)).toDouble() }.toFloat() plusOrMinus 1e-5f)
        }
        LayerTestKit { Dot(2, 1) }.inputs(p, q).expectOutputShape(2, 3, 2).fromConfig(Dot::fromConfig).run()
        LayerTestKit { Dot(1).normalize(true) }.inputs(a, b).expectOutputShape(2, 1).fromConfig(Dot::fromConfig).run()
        shouldThrow<IllegalArgumentException> { Dot(1).name("dot").apply(Input.of(3), Input.of(4)) }.message shouldBe
            "Dot 'dot': expected equal sizes along axes [1, 1], received shapes (None, 3) and (None, 4)"
    }

    test("Multiply broadcasts a squeeze-and-excite gate (batch, 1, 1, channels) over the feature map") {
        val x = Rng(1).normal(Shape.of(2, 3, 3, 4), 0f, 1f)
        val gate = Rng(2).normal(Shape.of(2, 1, 1, 4), 0f, 1f)
        val y = Multiply().forward(listOf(x, gate), false)[0]
        y.shape() shouldBe Shape.of(2, 3, 3, 4)
        y.get(1, 2, 0, 3) shouldBe x.get(1, 2, 0, 3) * gate.get(1, 0, 0, 3)
        LayerTestKit { Multiply() }.inputs(x, gate).expectOutputShape(2, 3, 3, 4).fromConfig(Multiply::fromConfig).run()
    }

    test("every new layer here rebuilds through the registry by its Keras class name") {
        val layers = listOf(ReLU().maxValue(6.0), LeakyReLU(), PReLU(), ELU(), Softmax(), Rescaling(2.0), Normalization(),
            Dropout(0.1).noiseShape(-1, 1, 1), SpatialDropout1D(0.1), GaussianNoise(0.1))
        for (l in layers) {
            l.apply(Input.of(3, 2))
            val copy = LayerRegistry.create(l.className(), l.getConfig())
            copy.className() shouldBe l.className()
            copy.getConfig() shouldBe l.getConfig()
        }
        val s = SpatialDropout2D(0.1)
        LayerRegistry.create("SpatialDropout2D", s.getConfig()).getConfig() shouldBe s.getConfig()
        val dot = Dot(1, 2)
        LayerRegistry.create("Dot", dot.getConfig()).getConfig() shouldBe dot.getConfig()
    }

    test("configs are read by ConfigReader: a wrong type or an int out of range names the layer, the key and the value") {
        fun message(block: () -> Unit) = shouldThrow<IllegalArgumentException>(block).message
        // Before, a string seed was a ClassCastException, axes 2.5 became 2 and a string max_value was not named by key.
        message { GaussianNoise.fromConfig(mapOf("stddev" to 0.1, "seed" to "7")) } shouldBe
            "GaussianNoise.fromConfig: expected seed to be an integer or null, received seed=\"7\" (String)"
        message { SpatialDropout2D.fromConfig(mapOf("rate" to 0.5, "seed" to 1.5)) } shouldBe
            "SpatialDropout2D.fromConfig: expected seed to be an integer or null, received seed=1.5 (Double)"
        message { Dot.fromConfig(mapOf("axes" to listOf(1L, 2.5))) } shouldBe
            "Dot.fromConfig: expected axes[1] to be an int or null, received axes[1]=2.5 (Double)"
        message { ReLU.fromConfig(mapOf("max_value" to "6")) } shouldBe
            "ReLU.fromConfig: expected max_value to be a number or null, received max_value=\"6\" (String)"
        message { PReLU.fromConfig(mapOf("alpha_constraint" to mapOf("class_name" to "NonNeg"))) } shouldBe
            "PReLU.fromConfig: config key 'alpha_constraint' is not supported; expected alpha_constraint=null, received alpha_constraint={class_name=NonNeg}"
        message { Normalization.fromConfig(mapOf("mean" to listOf(1.0, "2"), "variance" to listOf(1.0, 1.0))) } shouldBe
            "Normalization.fromConfig: expected mean[1] to be a number, received mean[1]=\"2\" (String)"
        // A seed given as an integral double (JSON) still seeds: the two layers draw the same masks.
        val x = Tensor.ones(2, 3, 3, 4)
        val a = SpatialDropout2D.fromConfig(mapOf("rate" to 0.5, "seed" to 5.0))
        val b = SpatialDropout2D(0.5).seed(5)
        val ya = values(a.forward(listOf(x), true)[0])
        ya shouldBe values(b.forward(listOf(x), true)[0])
        ya.toSet() shouldBe setOf(0f, 2f)
    }
})
