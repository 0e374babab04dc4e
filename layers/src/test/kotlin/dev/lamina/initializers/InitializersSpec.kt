package dev.lamina.initializers

import dev.lamina.Lamina
import dev.lamina.layers.Conv2D
import dev.lamina.layers.Dense
import dev.lamina.tensor.Rng
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.doubles.shouldBeLessThan
import io.kotest.matchers.shouldBe

class InitializersSpec : FunSpec({
    beforeTest { Lamina.clearSession(); Lamina.setRandomSeed(0) }

    fun values(t: Tensor) = t.toFloatArray().map { it.toDouble() }
    fun std(v: List<Double>): Double {
        val m = v.average()
        return Math.sqrt(v.sumOf { (it - m) * (it - m) } / v.size)
    }

    test("the same seed gives the same weights; another seed other weights") {
        for (init in listOf(Initializers.glorotUniform(), Initializers.heNormal(), Initializers.orthogonal(1.0), Initializers.randomNormal(0.0, 1.0))) {
            val a = init.initialize(Shape.of(6, 5), Rng(11))
            withClue(init.className()) {
                a.valueEquals(init.initialize(Shape.of(6, 5), Rng(11))).shouldBeTrue()
                a.valueEquals(init.initialize(Shape.of(6, 5), Rng(12))) shouldBe false
            }
        }
        val d1 = Dense(4).seed(3).also { it.call(Tensor.zeros(1, 5)) }
        val d2 = Dense(4).seed(3).also { it.call(Tensor.zeros(1, 5)) }
        d1.kernel().value().valueEquals(d2.kernel().value()).shouldBeTrue()
    }

    test("glorot_uniform stays within +-sqrt(6 / (fan_in + fan_out)) and fills that range") {
        val w = values(Initializers.glorotUniform().initialize(Shape.of(20, 30), Rng(1)))
        val limit = Math.sqrt(6.0 / 50)
        w.all { Math.abs(it) <= limit }.shouldBeTrue()
        (w.maxOrNull()!! > 0.95 * limit && w.minOrNull()!! < -0.95 * limit).shouldBeTrue()
        // A conv kernel's fans include the receptive field: (3*3*2, 3*3*4).
        val k = values(Initializers.glorotUniform().initialize(Shape.of(3, 3, 2, 4), Rng(2)))
        val kl = Math.sqrt(6.0 / (18 + 36))
        k.all { Math.abs(it) <= kl }.shouldBeTrue()
        (k.maxOrNull()!! > 0.8 * kl).shouldBeTrue()
    }

    test("he_normal has std sqrt(2 / fan_in) (truncated at two of its own deviations)") {
        val w = values(Initializers.heNormal().initialize(Shape.of(200, 300), Rng(3)))
        std(w) shouldBe (0.1 plusOrMinus 0.002)
        w.average() shouldBe (0.0 plusOrMinus 0.002)
        val bound = 2 * 0.1 / 0.87962566103423978
        w.all { Math.abs(it) <= bound + 1e-6 }.shouldBeTrue()
    }

    test("orthogonal gives Q^T Q = I (columns for tall, rows for wide), times gain^2") {
        for ((shape, gain) in listOf(Shape.of(6, 4) to 1.0, Shape.of(4, 6) to 1.0, Shape.of(5, 5) to 2.0, Shape.of(2, 3, 4) to 1.0)) {
            val q = Initializers.orthogonal(gain).initialize(shape, Rng(5))
            val cols = shape.last()
            val rows = shape.size() / cols
            val tall = rows >= cols
            val n = if (tall) cols else rows
            for (i in 0 until n) for (j in 0 until n) {
                var dot = 0.0
                for (k in 0 until (if (tall) rows else cols)) {
                    dot += if (tall) q.get(k * cols + i).toDouble() * q.get(k * cols + j) else q.get(i * cols + k).toDouble() * q.get(j * cols + k)
                }
                withClue("$shape gain $gain entry ($i, $j)") { dot shouldBe ((if (i == j) gain * gain else 0.0) plusOrMinus 1e-5) }
            }
        }
    }

    test("a layer's kernel uses its initializer: Conv2D with he_uniform") {
        val c = Conv2D(8, 3).kernelInitializer(Initializers.heUniform()).seed(4)
        c.call(Tensor.zeros(1, 5, 5, 3))
        val limit = Math.sqrt(6.0 / 27)
        val w = values(c.kernel().value())
        w.all { Math.abs(it) <= limit }.shouldBeTrue()
        (limit - w.maxOrNull()!!) shouldBeLessThan 0.1 * limit
        values(c.bias().value()).all { it == 0.0 }.shouldBeTrue()
    }

    test("initializers by name and from their configs") {
        Initializers.get("he_normal").className() shouldBe "HeNormal"
        Initializers.get("GlorotUniform").className() shouldBe "GlorotUniform"
        val ru = Initializers.fromConfig("RandomUniform", mapOf("minval" to -1.0, "maxval" to 2.0))
        ru.getConfig() shouldBe mapOf("minval" to -1.0, "maxval" to 2.0)
        values(ru.initialize(Shape.of(1000), Rng(1))).all { it >= -1.0 && it < 2.0 }.shouldBeTrue()
        values(Initializers.constant(0.5).initialize(Shape.of(3), Rng(1))) shouldBe listOf(0.5, 0.5, 0.5)
    }
})
