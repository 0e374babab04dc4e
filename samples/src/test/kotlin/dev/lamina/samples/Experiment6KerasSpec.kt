package dev.lamina.samples

import dev.lamina.Lamina
import dev.lamina.losses.CategoricalCrossentropy
import dev.lamina.losses.MeanSquaredError
import dev.lamina.models.Model
import dev.lamina.optimizers.RMSprop
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.training.CompileOptions
import dev.lamina.training.Data
import dev.lamina.training.FitOptions
import io.kotest.core.spec.style.FunSpec
import io.kotest.engine.spec.tempdir
import io.kotest.matchers.shouldBe

/** The seed's Experiment 6 model (two inputs, two outputs) written as a Keras 3 `.keras` reads back bit-identically. */
class Experiment6KerasSpec : FunSpec({
    test("Experiment 6 -> .keras -> Model.load: the same weights, predictions, optimizer state and next epoch") {
        Lamina.clearSession()
        Lamina.setRandomSeed(0)
        val model = Experiment6.buildModel()
        model.compile(CompileOptions.of(RMSprop(1e-3), mapOf("score_output" to MeanSquaredError(), "class_output" to CategoricalCrossentropy().fromLogits(true))))
        val x = Data.of(Tensor.uniform(Shape.of(40, 32, 32, 3), 0f, 1f, 61), Tensor.uniform(Shape.of(40, 20, 10), 0f, 1f, 62))
        val y = Data.of(Tensor.uniform(Shape.of(40, 1), 0f, 1f, 63), Tensor.uniform(Shape.of(40, 5), 0f, 1f, 64))
        val quiet = { FitOptions.defaults().batchSize(16).epochs(1).verbose(0).shuffle(false) }
        model.fit(x, y, quiet())
        val file = tempdir().toPath().resolve("experiment6.keras")
        model.save(file)
        val loaded = Model.load(file)
        loaded.getWeights().zip(model.getWeights()).all { (a, b) -> a.valueEquals(b) } shouldBe true
        loaded.predictAll(x, 16).zip(model.predictAll(x, 16)).all { (a, b) -> a.valueEquals(b) } shouldBe true
        loaded.getOptimizer().iterations() shouldBe model.getOptimizer().iterations()
        loaded.fit(x, y, quiet()).history() shouldBe model.fit(x, y, quiet()).history()
        loaded.getWeights().zip(model.getWeights()).all { (a, b) -> a.valueEquals(b) } shouldBe true
    }
})
