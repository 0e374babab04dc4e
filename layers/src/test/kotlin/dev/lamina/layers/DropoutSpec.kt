package dev.lamina.layers

import dev.lamina.Lamina
import dev.lamina.tensor.Autodiff
import dev.lamina.tensor.Ops
import dev.lamina.tensor.ReduceOps
import dev.lamina.tensor.Rng
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.tensor.Variable
import dev.lamina.testing.TensorAsserts
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.doubles.shouldBeBetween
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs

class DropoutSpec : FunSpec({
    beforeTest { Lamina.clearSession(); Lamina.setRandomSeed(0) }

    val x = Rng(1).uniform(Shape.of(100, 100), 0.5f, 1.5f)      // no zeros, so a zero output means dropped

    fun mask(y: Tensor) = BooleanArray(y.size()) { y.get(it) != 0f }

    test("inference is the identity (the same tensor)") {
        val d = Dropout(0.5)
        d.call(x) shouldBeSameInstanceAs x
        d.forward(listOf(x), false)[0] shouldBeSameInstanceAs x
        Dropout(0.0).forward(listOf(x), true)[0] shouldBeSameInstanceAs x
    }

    test("training drops about rate of the elements and scales the rest by 1 / (1 - rate)") {
        val y = Dropout(0.3).seed(5).forward(listOf(x), true)[0]
        val kept = mask(y)
        (kept.count { !it } / 10000.0).shouldBeBetween(0.28, 0.32, 0.0)
        for (i in 0 until y.size()) if (kept[i]) y.get(i) shouldBe x.get(i) * (1f / 0.7f)
    }

    test("the mask follows the layer's seeded generator: element i is kept when the i-th uniform draw is >= rate") {
        val y = Dropout(0.5).seed(42).forward(listOf(x), true)[0]
        val rng = Rng(42)
        val expected = BooleanArray(x.size()) { rng.nextDouble() >= 0.5 }
        mask(y).contentEquals(expected).shouldBeTrue()
    }

    test("the same seed gives the same masks call after call; the generator advances between calls") {
        val a = Dropout(0.5).seed(9)
        val b = Dropout(0.5).seed(9)
        val a1 = mask(a.forward(listOf(x), true)[0])
        val a2 = mask(a.forward(listOf(x), true)[0])
        mask(b.forward(listOf(x), true)[0]).contentEquals(a1).shouldBeTrue()
        mask(b.forward(listOf(x), true)[0]).contentEquals(a2).shouldBeTrue()
        a1.contentEquals(a2) shouldBe false
        mask(Dropout(0.5).seed(10).forward(listOf(x), true)[0]).contentEquals(a1) shouldBe false
    }

    test("without a seed, the session seed makes the masks reproducible") {
        Lamina.setRandomSeed(123)
        val first = mask(Dropout(0.5).forward(listOf(x), true)[0])
        Lamina.setRandomSeed(123)
        mask(Dropout(0.5).forward(listOf(x), true)[0]).contentEquals(first).shouldBeTrue()
        Lamina.setRandomSeed(124)
        mask(Dropout(0.5).forward(listOf(x), true)[0]).contentEquals(first) shouldBe false
    }

    test("the gradient is the upstream gradient through the same mask and scale") {
        val v = Variable("x", Rng(2).normal(Shape.of(4, 6), 0f, 1f))
        val d = Dropout(0.25).seed(3)
        val y = d.forward(listOf(v.value()), true)[0]
        val up = Rng(8).normal(y.shape(), 0f, 1f)
        val g = Autodiff.gradients(ReduceOps.sum(Ops.multiply(y, up)), listOf(v))[0]
        val expected = Tensor.of(FloatArray(24) { if (y.get(it) != 0f) up.get(it) * (1f / 0.75f) else 0f }, 4, 6)
        TensorAsserts.assertClose(expected, g, 1e-6, 1e-7)
    }

    test("rate and seed are in the config") {
        Dropout(0.2).seed(7).name("drop").getConfig() shouldBe mapOf("name" to "drop", "trainable" to true, "rate" to 0.2, "seed" to 7L, "noise_shape" to null)
        Dropout(0.2).getConfig()["seed"] shouldBe null
        Dropout.fromConfig(mapOf("rate" to 0.4, "seed" to 1L, "name" to "d2")).name() shouldBe "d2"
        Dropout.fromConfig(mapOf("rate" to 0.4)).rate() shouldBe 0.4
    }
})
