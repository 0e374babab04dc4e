package dev.lamina.tensor

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.shouldBe

/** Values printed by NumPy's legacy RandomState for seed 0. */
class RngSpec : FunSpec({
    test("random_sample matches NumPy") {
        val r = Rng(0)
        r.nextDouble() shouldBe (0.5488135039273248 plusOrMinus 1e-16)
        r.nextDouble() shouldBe (0.7151893663724195 plusOrMinus 1e-16)
        r.nextDouble() shouldBe (0.6027633760716439 plusOrMinus 1e-16)
    }

    test("standard_normal matches NumPy") {
        val r = Rng(0)
        r.nextGaussian() shouldBe (1.764052345967664 plusOrMinus 1e-12)
        r.nextGaussian() shouldBe (0.4001572083672233 plusOrMinus 1e-12)
        r.nextGaussian() shouldBe (0.9787379841057392 plusOrMinus 1e-12)
    }

    test("randint matches NumPy") {
        val r = Rng(0)
        (0 until 5).map { r.nextInt(10) } shouldBe listOf(5, 0, 3, 3, 7)
    }

    test("the same seed gives the same tensor") {
        Tensor.uniform(Shape.of(4, 4), 0f, 1f, 42).valueEquals(Tensor.uniform(Shape.of(4, 4), 0f, 1f, 42)) shouldBe true
    }
})
