package dev.lamina.models

import dev.lamina.training.Data

import dev.lamina.Lamina
import dev.lamina.layers.Dense
import dev.lamina.layers.InputLayer
import dev.lamina.optimizers.Adam
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.training.Dataset
import dev.lamina.training.EvaluateOptions
import dev.lamina.training.FitOptions
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

/** A Sequential without an InputLayer compiles at once and builds from its first batch (Keras' deferred build). */
class SequentialDeferredBuildSpec : FunSpec({
    val x = Tensor.uniform(Shape.of(40, 4), -1f, 1f, 5)
    val y = Tensor.randint(Shape.of(40), 3, 6)

    fun stack(withInput: Boolean): Sequential {
        Lamina.clearSession()
        Lamina.setRandomSeed(0)
        val s = Sequential()
        if (withInput) s.add(InputLayer(null, 4))
        s.add(Dense(8).activation("relu")).add(Dense(3))
        return s
    }

    fun compiled(s: Sequential) = s.also { it.compile(Adam(0.01), "sparse_categorical_crossentropy", "accuracy") }

    fun same(a: List<Tensor>, b: List<Tensor>) = a.size == b.size && a.zip(b).all { (p, q) -> p.valueEquals(q) }

    test("compile before the build, then fit builds from the first batch and trains as with an InputLayer") {
        val deferred = compiled(stack(false))
        deferred.isGraphBuilt() shouldBe false
        val h1 = deferred.fit(x, y, FitOptions.defaults().batchSize(8).epochs(2).verbose(0))
        deferred.inputs()[0].shape() shouldBe Shape.of(-1, 4)
        val eager = compiled(stack(true))
        val h2 = eager.fit(x, y, FitOptions.defaults().batchSize(8).epochs(2).verbose(0))
        h1.history() shouldBe h2.history()
        same(deferred.getWeights(), eager.getWeights()) shouldBe true
        deferred.evaluate(x, y, EvaluateOptions.defaults().verbose(0)) shouldBe eager.evaluate(x, y, EvaluateOptions.defaults().verbose(0))
    }

    test("evaluate, predict, trainOnBatch, predictOnBatch and a Dataset fit each build an unbuilt Sequential") {
        compiled(stack(false)).evaluate(x, y, EvaluateOptions.defaults().verbose(0)).keys shouldBe setOf("loss", "accuracy")
        stack(false).predict(x).shape() shouldBe Shape.of(40, 3)
        compiled(stack(false)).trainOnBatch(x, y).keys shouldBe setOf("loss", "accuracy")
        stack(false).predictOnBatch(x)[0].shape() shouldBe Shape.of(40, 3)
        val s = compiled(stack(false))
        s.fit(Dataset.fromTensors(x, y, null, 10, false, 0), FitOptions.defaults().epochs(1).verbose(0))
        s.weights().size shouldBe 4
    }

    test("an empty Sequential and data of the wrong form fail clearly") {
        shouldThrow<IllegalStateException> { Sequential().compile("adam", "mse") }.message shouldContain "has no layers"
        val s = compiled(stack(false))
        shouldThrow<IllegalArgumentException> { s.fit(Data.of(listOf(x, x)), Data.of(listOf(y)), FitOptions.defaults().verbose(0)) }.message shouldContain
            "expected one input with a batch dimension to build from, received shapes [(40, 4), (40, 4)]"
        s.isGraphBuilt() shouldBe false
    }
})
