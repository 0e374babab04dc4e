package dev.lamina.kotlin

import dev.lamina.Lamina
import dev.lamina.kotlin.losses.sparseCategoricalCrossentropy
import dev.lamina.models.Model
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.runBlocking

/** The seed's Experiment 1 MLP as a Kotlin subclassed model: the DSL's factories as field initialisers. */
private class KotlinMlp : Model("kotlin_mlp") {
    val d1 = dense(64, activation = "relu")
    val d2 = dense(64, activation = "relu")
    val out = dense(10)

    override fun call(input: Tensor, training: Boolean): Tensor = out(d2(d1(input, training), training), training)
}

class SubclassedDslSpec : FunSpec({
    val x = Tensor.uniform(Shape.of(160, 32), -1f, 1f, 3)
    val y = Tensor.randint(Shape.of(160), 10, 4)

    test("a Kotlin subclassed model and its functional twin give bit-identical History and weights through the DSL's fit") {
        Lamina.clearSession()
        Lamina.setRandomSeed(0)
        val functional = functional {
            val inputs = input(32)
            output(dense(10)(dense(64, activation = "relu")(dense(64, activation = "relu")(inputs))))
        }
        val subclassed = KotlinMlp()
        subclassed.layers().size shouldBe 3                 // the factories' layers are the model's fields, not appended anywhere
        subclassed.buildFromData(listOf(x.shape()))
        subclassed.setWeights(functional.getWeights())
        for (m in listOf(functional, subclassed)) {
            m.compile(optimizer = adam(learningRate = 0.001), loss = sparseCategoricalCrossentropy(fromLogits = true), metrics = listOf("accuracy"))
        }
        val histories = listOf(functional, subclassed).map { m ->
            Lamina.setRandomSeed(5)
            runBlocking { m.fit(x, y, batchSize = 32, epochs = 2, validationSplit = 0.25, verbose = 0).history() }
        }
        histories[1] shouldBe histories[0]
        subclassed.getWeights().zip(functional.getWeights()).all { (a, b) -> a.valueEquals(b) } shouldBe true
        subclassed.predict(x).valueEquals(functional.predict(x)) shouldBe true
    }
})
