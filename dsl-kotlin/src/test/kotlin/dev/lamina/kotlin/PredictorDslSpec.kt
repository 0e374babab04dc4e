package dev.lamina.kotlin

import dev.lamina.Lamina
import dev.lamina.models.Model
import dev.lamina.serving.Predictor
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/** The README's Kotlin serving example: a DSL model's predictor from Kotlin (the `predictor()` extension). */
class PredictorDslSpec : FunSpec({
    class Scorer(model: Model) {
        private val predictor: Predictor = model.predictor()
        fun score(pixels: FloatArray): FloatArray = FloatArray(10).also { predictor.predict(pixels, it) }
    }

    test("a Scorer over a DSL model gives model.predict's logits, bit for bit") {
        Lamina.clearSession()
        Lamina.setRandomSeed(0)
        val model = functional {
            val inputs = input(784)
            output(dense(10)(dense(64, activation = "relu")(inputs)))
        }
        val x = Tensor.uniform(Shape.of(1, 784), 0f, 1f, 5)
        val logits = Scorer(model).score(x.toFloatArray())
        Tensor.of(logits, 1, 10).valueEquals(model.predict(x)) shouldBe true
    }
})
