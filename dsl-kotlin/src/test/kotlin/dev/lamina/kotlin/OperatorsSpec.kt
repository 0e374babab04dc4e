package dev.lamina.kotlin

import dev.lamina.tensor.Autodiff
import dev.lamina.tensor.ReduceOps
import dev.lamina.tensor.Shape
import dev.lamina.tensor.ShapeMismatchException
import dev.lamina.tensor.Tensor
import dev.lamina.tensor.Variable
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/** Tensor operators and conversions from Kotlin arrays and lists. */
class OperatorsSpec : FunSpec({
    fun Tensor.values(): List<Float> = toFloatArray().toList()
    val a = tensorOf(1, 2, 3, 4, shape = intArrayOf(2, 2))
    val b = tensorOf(10, 20, 30, 40, shape = intArrayOf(2, 2))

    test("elementwise + - * / between tensors") {
        (a + b).values() shouldBe listOf(11f, 22f, 33f, 44f)
        (b - a).values() shouldBe listOf(9f, 18f, 27f, 36f)
        (a * b).values() shouldBe listOf(10f, 40f, 90f, 160f)
        (b / a).values() shouldBe listOf(10f, 10f, 10f, 10f)
    }

    test("broadcasting follows NumPy, and a shape clash names both shapes") {
        val row = tensorOf(100, 200)
        (a + row).values() shouldBe listOf(101f, 202f, 103f, 204f)
        (a * row).shape() shouldBe Shape.of(2, 2)
        val e = shouldThrow<ShapeMismatchException> { a + tensorOf(1, 2, 3) }
        e.message!!.contains("(2, 2)") shouldBe true
        e.message!!.contains("(3,)") shouldBe true
    }

    test("scalars on either side, and unary minus") {
        (a + 1).values() shouldBe listOf(2f, 3f, 4f, 5f)
        (a - 1.5).values() shouldBe listOf(-0.5f, 0.5f, 1.5f, 2.5f)
        (a * 2).values() shouldBe listOf(2f, 4f, 6f, 8f)
        (a / 2).values() shouldBe listOf(0.5f, 1f, 1.5f, 2f)
        (1 + a).values() shouldBe listOf(2f, 3f, 4f, 5f)
        (10 - a).values() shouldBe listOf(9f, 8f, 7f, 6f)
        (3f * a).values() shouldBe listOf(3f, 6f, 9f, 12f)
        (12 / a).values() shouldBe listOf(12f, 6f, 4f, 3f)
        (-a).values() shouldBe listOf(-1f, -2f, -3f, -4f)
    }

    test("operators are differentiable: d/dw sum(w*w - w/2 + 3*w) = 2w + 2.5") {
        val w = Variable("w", tensorOf(1, -2, 0.5))
        val loss = ReduceOps.sum(w.value() * w.value() - w.value() / 2 + 3 * w.value())
        Autodiff.gradients(loss, listOf(w))[0].values() shouldBe listOf(4.5f, -1.5f, 3.5f)
    }

    test("x[a..b] slices rows (inclusive) as a view; x[i, j] and x[i] read elements") {
        val x = (0 until 12).map { it }.toTensor().reshape(4, 3)
        val rows = x[1..2]
        rows.shape() shouldBe Shape.of(2, 3)
        rows.values() shouldBe listOf(3f, 4f, 5f, 6f, 7f, 8f)
        x[0 until 1].shape() shouldBe Shape.of(1, 3)
        x[2, 1] shouldBe 7f
        x[5] shouldBe 5f                 // the flat, row-major element
        x.data()[4] = 40f                // rows share x's array
        rows[1] shouldBe 40f
    }

    test("conversions from Kotlin arrays and lists") {
        val data = floatArrayOf(1f, 2f, 3f, 4f, 5f, 6f)
        val t = data.toTensor(2, 3)
        t.shape() shouldBe Shape.of(2, 3)
        data[0] = 9f
        t[0, 0] shouldBe 9f              // wraps the array, no copy
        floatArrayOf(1f, 2f).toTensor().shape() shouldBe Shape.of(2)
        arrayOf(floatArrayOf(1f, 2f), floatArrayOf(3f, 4f)).toTensor().values() shouldBe listOf(1f, 2f, 3f, 4f)
        listOf(1, 2.5, 3L).toTensor().values() shouldBe listOf(1f, 2.5f, 3f)
        listOf(listOf(1, 2, 3), listOf(4, 5, 6)).toTensor().shape() shouldBe Shape.of(2, 3)
        tensorOf(7).shape() shouldBe Shape.of(1)
        shouldThrow<IllegalArgumentException> { tensorOf(1, 2, 3, shape = intArrayOf(2, 2)) }
    }
})
