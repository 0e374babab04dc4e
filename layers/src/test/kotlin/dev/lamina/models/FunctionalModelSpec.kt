package dev.lamina.models

import dev.lamina.Lamina
import dev.lamina.layers.Dense
import dev.lamina.layers.Input
import dev.lamina.layers.InputLayer
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class FunctionalModelSpec : FunSpec({
    beforeTest { Lamina.clearSession(); Lamina.setRandomSeed(0) }

    fun experiment1(): Model {
        val inputs = Input.of(32)
        var x = Dense(64).activation("relu").apply(inputs)
        x = Dense(64).activation("relu").apply(x)
        val predictions = Dense(10).apply(x)
        return Model.of(inputs, predictions)
    }

    test("the seed's Experiment 1 model has 6,922 parameters and Keras names") {
        val m = experiment1()
        m.countParams() shouldBe 6922L
        m.layers().map { it.name() } shouldBe listOf("input_layer", "dense", "dense_1", "dense_2")
        m.outputs()[0].shape() shouldBe Shape.of(-1, 10)
        m.getLayer("dense_1").weights().map { it.name() } shouldBe listOf("dense_1/kernel", "dense_1/bias")
        m.isSequentialGraph() shouldBe true
    }

    test("a shape mismatch is reported when the layer is called, naming it") {
        val a = Input.of(31)
        val d = Dense(4).name("dense_1")
        d.apply(Input.of(32))
        val e = shouldThrow<IllegalArgumentException> { d.apply(a) }
        e.message shouldBe "Dense 'dense_1': expected last dimension 32, received (None, 31)"
    }

    test("the same seed gives the same weights") {
        Lamina.setRandomSeed(5)
        val a = experiment1().weights().map { it.snapshot() }
        Lamina.setRandomSeed(5)
        val b = experiment1().weights().map { it.snapshot() }
        a.zip(b).all { (x, y) -> x.valueEquals(y) } shouldBe true
    }

    test("a model runs forward on a batch and is usable as a layer") {
        val m = experiment1()
        val y = m.call(Tensor.uniform(Shape.of(3, 32), 0f, 1f, 1))
        y.shape() shouldBe Shape.of(3, 10)
        val outer = Input.of(32)
        val nested = Model.of(outer, Dense(2).apply(m.apply(outer)))
        nested.call(Tensor.zeros(4, 32)).shape() shouldBe Shape.of(4, 2)
        nested.countParams() shouldBe 6922L + 22L
    }

    test("a wrong input shape names the input and both shapes") {
        val m = experiment1()
        val e = shouldThrow<IllegalArgumentException> { m.call(Tensor.zeros(2, 31)) }
        e.message shouldContain "input_layer"
        e.message shouldContain "(None, 32)"
        e.message shouldContain "(2, 31)"
    }

    test("a disconnected graph is rejected") {
        val a = Input.of(3)
        val b = Input.of(3)
        val out = Dense(1).apply(b)
        shouldThrow<IllegalArgumentException> { Model.of(a, out) }.message shouldContain "disconnected"
    }

    test("Sequential builds from an InputLayer or from the first batch") {
        val s = Sequential(InputLayer(null, 8), Dense(4), Dense(2))
        s.countParams() shouldBe (8 * 4 + 4 + 4 * 2 + 2).toLong()
        val lazy = Sequential(Dense(4), Dense(2))
        lazy.call(Tensor.zeros(5, 8)).shape() shouldBe Shape.of(5, 2)
    }

    test("freezing a layer makes its weights non-trainable and back") {
        val m = experiment1()
        val d = m.getLayer("dense")
        d.setTrainable(false)
        m.trainableWeights().size shouldBe 4
        d.setTrainable(true)
        m.trainableWeights().size shouldBe 6
    }
})
