package dev.lamina.models.keras

import dev.lamina.Lamina
import dev.lamina.models.Model
import dev.lamina.models.keras.KerasFiles.resource
import dev.lamina.tensor.Tensor
import dev.lamina.tensor.io.Json
import dev.lamina.testing.Fixtures
import dev.lamina.training.Data
import io.kotest.core.spec.style.FunSpec
import io.kotest.engine.spec.tempdir
import io.kotest.matchers.shouldBe
import java.nio.file.Files

/**
 * Round trips through Keras' formats: every generated Keras 3 file (generate.py) loaded, written again by Lamina as
 * `.keras` and `.weights.h5`, and read back predicts bit-identically and continues training bit-identically.
 */
class KerasRoundTripSpec : FunSpec({
    fun bits(a: List<Tensor>, b: List<Tensor>) = a.size == b.size && a.zip(b).all { (p, q) -> p.valueEquals(q) }

    @Suppress("UNCHECKED_CAST")
    fun outputs(name: String): Map<String, Any?> = Json.parse(Files.readString(resource("$name.outputs.json"))) as Map<String, Any?>

    fun load(path: java.nio.file.Path): Model {
        Lamina.clearSession()
        Lamina.setRandomSeed(7)           // the same layer generators (dropout) in every copy
        return Model.load(path)
    }

    for (name in listOf("mlp", "functional", "batchnorm", "conv2d", "recurrent", "lenet")) {
        test("$name.keras -> Lamina -> .keras and .weights.h5 -> Lamina: the same predictions and the same next step, bit for bit") {
            val dir = tempdir().toPath()
            val e = outputs(name)
            val xs = Data.of((e["inputs"] as List<*>).map { Fixtures.tensor(it) })
            val ys = Data.of(((e["train_on_batch"] as Map<*, *>)["targets"] as List<*>).map { Fixtures.tensor(it) })
            val original = load(resource("$name.keras"))
            original.save(dir.resolve("again.keras"))
            original.saveWeights(dir.resolve("again.weights.h5"))
            val again = load(dir.resolve("again.keras"))
            val weightsOnly = load(resource("$name.keras")).also { it.loadWeights(dir.resolve("again.weights.h5")) }
            bits(again.getWeights(), original.getWeights()) shouldBe true
            bits(weightsOnly.getWeights(), original.getWeights()) shouldBe true
            bits(again.predictAll(xs, 32), original.predictAll(xs, 32)) shouldBe true
            again.getOptimizer().iterations() shouldBe original.getOptimizer().iterations()
            again.trainOnBatch(xs, ys, null) shouldBe original.trainOnBatch(xs, ys, null)
            bits(again.getWeights(), original.getWeights()) shouldBe true
        }
    }
})
