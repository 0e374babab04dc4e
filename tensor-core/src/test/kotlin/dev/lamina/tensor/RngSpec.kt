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

    test("getState/setState continue the exact sequence, including a cached normal deviate") {
        val a = Rng(7)
        repeat(700) { a.nextUInt32() }          // past one twist
        a.nextGaussian()                        // leaves the second deviate cached
        val saved = a.getState()
        saved.size shouldBe Rng.STATE_SIZE
        val expected = listOf(a.nextGaussian(), a.nextDouble(), a.nextGaussian()) + (0 until 600).map { a.nextInt(1000).toDouble() }
        val b = Rng(123)
        b.setState(saved)
        val actual = listOf(b.nextGaussian(), b.nextDouble(), b.nextGaussian()) + (0 until 600).map { b.nextInt(1000).toDouble() }
        actual shouldBe expected
    }

    test("setState rejects a malformed state and keeps the generator unchanged") {
        val r = Rng(1)
        val before = r.getState()
        io.kotest.assertions.throwables.shouldThrow<IllegalArgumentException> { r.setState(IntArray(5)) }
            .message shouldBe "Rng.setState: expected ${Rng.STATE_SIZE} ints, received 5"
        val bad = before.copyOf().also { it[624] = 625 }
        io.kotest.assertions.throwables.shouldThrow<IllegalArgumentException> { r.setState(bad) }
        r.getState().toList() shouldBe before.toList()
    }
})
