package dev.lamina.layers

import dev.lamina.Lamina
import dev.lamina.layers.LayerTestKit.Companion.separatedParts
import dev.lamina.models.Model
import dev.lamina.tensor.Shape
import dev.lamina.tensor.ShapeMismatchException
import dev.lamina.tensor.Tensor
import dev.lamina.testing.TensorAsserts
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class MergeLayersSpec : FunSpec({
    beforeTest { Lamina.clearSession(); Lamina.setRandomSeed(0) }

    val a = Tensor.of(floatArrayOf(1f, -2f, 3f, 0.5f, 4f, -6f), 2, 3)
    val b = Tensor.of(floatArrayOf(2f, 2f, -1f, 1.5f, -3f, 1f), 2, 3)
    val c = Tensor.of(floatArrayOf(-4f, 1f, 5f, 2f, 0f, 3f), 2, 3)

    fun run(layer: Layer, vararg xs: Tensor): Tensor = layer.forward(xs.toList(), false)[0]

    test("three inputs: Add, Multiply, Average, Maximum, Minimum") {
        TensorAsserts.assertClose(Tensor.of(floatArrayOf(-1f, 1f, 7f, 4f, 1f, -2f), 2, 3), run(Add(), a, b, c))
        TensorAsserts.assertClose(Tensor.of(floatArrayOf(-8f, -4f, -15f, 1.5f, 0f, -18f), 2, 3), run(Multiply(), a, b, c))
        TensorAsserts.assertClose(Tensor.of(floatArrayOf(-1f / 3, 1f / 3, 7f / 3, 4f / 3, 1f / 3, -2f / 3), 2, 3), run(Average(), a, b, c))
        TensorAsserts.assertClose(Tensor.of(floatArrayOf(2f, 2f, 5f, 2f, 4f, 3f), 2, 3), run(Maximum(), a, b, c))
        TensorAsserts.assertClose(Tensor.of(floatArrayOf(-4f, -2f, -1f, 0.5f, -3f, -6f), 2, 3), run(Minimum(), a, b, c))
    }

    test("three inputs through the layer kit (gradients w.r.t. every input)") {
        val parts = separatedParts(Shape.of(2, 3), 3, seed = 11)
        for (make in listOf({ Add() }, { Multiply() }, { Average() }, { Maximum() }, { Minimum() })) {
            LayerTestKit(make).inputs(*parts.toTypedArray()).expectOutputShape(2, 3).run()
        }
        LayerTestKit { Concatenate() }.inputs(*parts.toTypedArray()).expectOutputShape(2, 9).run()
    }

    test("Subtract takes exactly two inputs") {
        TensorAsserts.assertClose(Tensor.of(floatArrayOf(-1f, -4f, 4f, -1f, 7f, -7f), 2, 3), run(Subtract(), a, b))
        val e = shouldThrow<IllegalArgumentException> { Subtract().name("sub").apply(Input.of(3), Input.of(3), Input.of(3)) }
        e.message shouldBe "Subtract 'sub': expected exactly 2 inputs, received 3"
    }

    test("a merge of a single input is rejected") {
        shouldThrow<IllegalArgumentException> { Add().name("add_1").apply(Input.of(3)) }.message shouldBe
            "Add 'add_1': expected a list of at least 2 inputs, received 1"
    }

    test("broadcasting as Keras allows: size-1 axes, and lower ranks expanded after the batch axis") {
        val col = Tensor.of(floatArrayOf(10f, 20f), 2, 1)
        TensorAsserts.assertClose(Tensor.of(floatArrayOf(11f, 8f, 13f, 20.5f, 24f, 14f), 2, 3), run(Add(), a, col))
        // (2, 2, 3) + (2, 3): the second becomes (2, 1, 3), so each sample's row is added to both rows of that sample.
        val cube = Tensor.of(FloatArray(12) { it.toFloat() }, 2, 2, 3)
        val y = run(Add(), cube, a)
        y.shape() shouldBe Shape.of(2, 2, 3)
        TensorAsserts.assertClose(Tensor.of(floatArrayOf(1f, -1f, 5f, 4f, 2f, 8f, 6.5f, 11f, 2f, 9.5f, 14f, 5f), 2, 2, 3), y)
        Add().apply(Input.of(4, 3), Input.of(3)).shape() shouldBe Shape.of(-1, 4, 3)
        Maximum().apply(Input.of(4, 1), Input.of(1, 5)).shape() shouldBe Shape.of(-1, 4, 5)
    }

    test("incompatible shapes and batch sizes name the layer and both shapes") {
        val e = shouldThrow<ShapeMismatchException> { Add().name("add_x").apply(Input.of(3), Input.of(4)) }
        e.message shouldBe "Add 'add_x': expected shapes that broadcast, received shapes (None, 3) and (None, 4)"
        val batch = shouldThrow<ShapeMismatchException> { Multiply().name("m").forward(listOf(Tensor.zeros(2, 3), Tensor.zeros(4, 3)), false) }
        batch.message shouldContain "Multiply 'm': expected inputs with the same batch size"
        val cat = shouldThrow<ShapeMismatchException> { Concatenate().name("cat").apply(Input.of(3, 2), Input.of(4, 2)) }
        cat.message shouldBe "Concatenate 'cat': expected matching shapes except along axis -1, received shapes (None, 3, 2) and (None, 4, 2)"
        shouldThrow<IllegalArgumentException> { Concatenate(3).name("c3").apply(Input.of(2), Input.of(2)) }.message shouldBe
            "Concatenate 'c3': expected axis in [-2, 2) for inputs of rank 2, received axis=3"
    }

    test("Concatenate.concatenate builds the seed's two-branch model") {
        val inputs = Input.of(4)
        val x1 = Dense(3).apply(inputs)
        val x2 = Dense(2).apply(inputs)
        val merged = Concatenate.concatenate(x1, x2)
        merged.shape() shouldBe Shape.of(-1, 5)
        merged.layer().name() shouldBe "concatenate"
        val model = Model.of(inputs, Dense(1).apply(merged))
        val y = model.call(Tensor.ones(3, 4))
        y.shape() shouldBe Shape.of(3, 1)
        Concatenate.concatenate(listOf(Input.of(2, 3), Input.of(5, 3)), 1).shape() shouldBe Shape.of(-1, 7, 3)
        Add.add(x1, x1).shape() shouldBe Shape.of(-1, 3)
        Subtract.subtract(x2, x2).layer().className() shouldBe "Subtract"
    }

    test("Concatenate joins values along the axis") {
        val y = run(Concatenate(), a, Tensor.of(floatArrayOf(7f, 8f), 2, 1))
        TensorAsserts.assertClose(Tensor.of(floatArrayOf(1f, -2f, 3f, 7f, 0.5f, 4f, -6f, 8f), 2, 4), y)
    }
})
