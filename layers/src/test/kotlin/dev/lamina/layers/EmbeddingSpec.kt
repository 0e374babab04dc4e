package dev.lamina.layers

import dev.lamina.Lamina
import dev.lamina.tensor.Autodiff
import dev.lamina.tensor.Ops
import dev.lamina.tensor.ReduceOps
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.testing.TensorAsserts
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.shouldBe

class EmbeddingSpec : FunSpec({
    beforeTest { Lamina.clearSession(); Lamina.setRandomSeed(0) }

    // Row i of the table is (10i, 10i + 1, 10i + 2).
    val table = Tensor.of(FloatArray(15) { (it / 3 * 10 + it % 3).toFloat() }, 5, 3)

    fun embedding(name: String = "embedding"): Embedding =
        Embedding(5, 3).name(name).also { it.call(Tensor.zeros(1, 1)); it.embeddings().assign(table) }

    test("indices given as floats look up rows; the output appends output_dim") {
        val e = embedding()
        val y = e.call(Tensor.of(floatArrayOf(4f, 0f, 2f, 2f), 2, 2))
        y.shape() shouldBe Shape.of(2, 2, 3)
        y.toFloatArray().toList() shouldBe listOf(40f, 41f, 42f, 0f, 1f, 2f, 20f, 21f, 22f, 20f, 21f, 22f)
        e.call(Tensor.vector(1f, 3f)).shape() shouldBe Shape.of(2, 3)
        Embedding(5, 3).apply(Input.of(7)).shape() shouldBe Shape.of(-1, 7, 3)
    }

    test("the table's gradient scatter-adds the output gradient into the looked-up rows") {
        val e = embedding()
        val y = e.forward(listOf(Tensor.of(floatArrayOf(1f, 1f, 3f, 1f), 2, 2)), true)[0]
        val up = Tensor.of(FloatArray(12) { (it + 1).toFloat() }, 2, 2, 3)
        val g = Autodiff.gradients(ReduceOps.sum(Ops.multiply(y, up)), listOf(e.embeddings()))[0]
        // row 1 collects positions 0, 1 and 3; row 3 position 2; the others nothing.
        val expected = FloatArray(15)
        for ((pos, row) in listOf(0 to 1, 1 to 1, 2 to 3, 3 to 1)) for (k in 0 until 3) expected[row * 3 + k] += up.get(pos * 3 + k)
        TensorAsserts.assertClose(Tensor.of(expected, 5, 3), g, 0.0, 0.0)
    }

    test("out-of-range indices name the layer, the index and its position") {
        val e = embedding("tokens")
        shouldThrow<IllegalArgumentException> { e.call(Tensor.vector(1f, 5f)) }.message shouldBe
            "Embedding 'tokens': expected indices in [0, 5), received 5.0 at flat index 1"
        shouldThrow<IllegalArgumentException> { e.call(Tensor.vector(-1f)) }
    }

    test("the default initializer is uniform(-0.05, 0.05), seeded") {
        val a = Embedding(50, 20).seed(3)
        a.call(Tensor.zeros(1, 1))
        val w = a.embeddings().value().toFloatArray()
        w.all { it >= -0.05f && it < 0.05f }.shouldBeTrue()
        (w.maxOrNull()!! > 0.045f && w.minOrNull()!! < -0.045f).shouldBeTrue()
        val b = Embedding(50, 20).seed(3)
        b.call(Tensor.zeros(1, 1))
        b.embeddings().value().valueEquals(a.embeddings().value()).shouldBeTrue()
        a.getConfig()["embeddings_initializer"] shouldBe mapOf("class_name" to "RandomUniform", "config" to mapOf("minval" to -0.05, "maxval" to 0.05))
    }
})
