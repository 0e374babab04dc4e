package dev.lamina.models.keras

import dev.lamina.Lamina
import dev.lamina.layers.Dense
import dev.lamina.layers.GRU
import dev.lamina.layers.Input
import dev.lamina.layers.InputLayer
import dev.lamina.layers.LSTM
import dev.lamina.models.FakeConv
import dev.lamina.models.Model
import dev.lamina.models.Sequential
import dev.lamina.models.keras.KerasFiles.datasets
import dev.lamina.models.keras.KerasFiles.entry
import dev.lamina.models.keras.KerasFiles.json
import dev.lamina.models.keras.KerasFiles.nameAttribute
import dev.lamina.models.keras.KerasFiles.values
import dev.lamina.optimizers.Adam
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.training.FitOptions
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import java.nio.file.Path

/** The values, names and refusals of Lamina's Keras 3 writer. */
class KerasWriterRulesSpec : FunSpec({
    lateinit var dir: Path
    beforeTest {
        Lamina.clearSession(); Lamina.setRandomSeed(0)
        dir = Files.createTempDirectory("lamina-keras-rules")
    }
    afterTest { dir.toFile().deleteRecursively() }

    fun rnn(): Model {
        val m = Sequential(InputLayer(null, 4, 3), LSTM(3).returnSequences(true).name("first_rnn"), GRU(2), Dense(2).name("head"))
        m.compile(Adam(0.01), "mean_squared_error")
        m.fit(Tensor.normal(Shape.of(16, 4, 3), 0f, 1f, 1), Tensor.normal(Shape.of(16, 2), 0f, 1f, 2),
            FitOptions.defaults().batchSize(8).epochs(1).verbose(0))
        return m
    }

    fun close(a: DoubleArray, t: Tensor) = a.toList() shouldBe t.toFloatArray().map { it.toDouble() }

    test("layer datasets hold the weights, the vars groups carry the layer names, paths follow the classes") {
        val m = rnn()
        val f = dir.resolve("m.keras").also { m.save(it) }
        val h5 = entry(f, "model.weights.h5")
        val lstm = m.getLayer("first_rnn").weights()
        for (i in 0..2) close(values(h5, "layers/lstm/cell/vars/$i"), lstm[i].value())
        close(values(h5, "layers/dense/vars/0"), m.getLayer("head").weights()[0].value())
        nameAttribute(h5, "layers/dense/vars") shouldBe "head"
        nameAttribute(h5, "layers/lstm/cell/vars") shouldBe "lstm_cell"
        datasets(h5)["layers/gru/cell/vars/2"] shouldBe listOf(2, 6)      // reset_after: [input bias, recurrent bias]
    }

    test("optimizer/vars: iteration (int64), learning_rate, then Adam's momentum and velocity interleaved per variable") {
        val m = rnn()
        val h5 = entry(dir.resolve("m.keras").also { m.save(it) }, "model.weights.h5")
        val state = m.getOptimizer().exportState()
        values(h5, "optimizer/vars/0").toList() shouldBe listOf(2.0)
        values(h5, "optimizer/vars/1").toList() shouldBe listOf(0.01f.toDouble())
        val vars = m.trainableWeights()
        for ((i, v) in vars.withIndex()) {
            close(values(h5, "optimizer/vars/${2 + 2 * i}"), state.slot(v.name(), "momentum"))
            close(values(h5, "optimizer/vars/${3 + 2 * i}"), state.slot(v.name(), "velocity"))
        }
        datasets(h5).keys.count { it.startsWith("optimizer/") } shouldBe 2 + 2 * vars.size
    }

    test("saveWeights to .weights.h5 writes the same groups and datasets as the .keras archive holds") {
        val m = rnn()
        val w = dir.resolve("m.weights.h5").also { m.saveWeights(it) }
        val k = dir.resolve("m.keras").also { m.save(it) }
        datasets(Files.readAllBytes(w)) shouldBe datasets(entry(k, "model.weights.h5"))
    }

    test("an uncompiled model has an empty compile_config and no optimizer group") {
        val x = Input.of(3)
        val m = Model.of(x, Dense(2).apply(x))
        val f = dir.resolve("m.keras").also { m.save(it) }
        json(entry(f, "config.json"))["compile_config"] shouldBe emptyMap<String, Any>()
        datasets(entry(f, "model.weights.h5")).keys shouldBe setOf("layers/dense/vars/0", "layers/dense/vars/1")
    }

    test("Keras' snake names for weight groups") {
        listOf("Dense", "Conv2D", "MaxPooling2D", "BatchNormalization", "InputLayer", "LSTM", "LeakyReLU", "Functional", "PReLU")
            .map { KerasNames.toSnakeCase(it) } shouldBe
            listOf("dense", "conv2d", "max_pooling2d", "batch_normalization", "input_layer", "lstm", "leaky_re_lu", "functional", "p_re_lu")
        val n = KerasNames()
        listOf("Dense", "Conv2D", "Dense", "Dense").map { n.next(it) } shouldBe listOf("dense", "conv2d", "dense_1", "dense_2")
    }

    test("a layer class Keras lacks is refused, naming the layer, before any file is written") {
        val x = Input.of(6, 3)
        val m = Model.of(x, FakeConv("Conv1D", "conv1d", 2, 3).apply(x))
        val f = dir.resolve("m.keras")
        shouldThrow<IllegalArgumentException> { m.save(f) }.message shouldContain "layer 'conv1d' (dev.lamina.models.FakeConv) has no Keras 3 counterpart"
        shouldThrow<IllegalArgumentException> { m.saveWeights(dir.resolve("w.weights.h5")) }.message shouldContain "has no Keras 3 counterpart"
        Files.list(dir).use { it.count() } shouldBe 0L
        m.save(dir.resolve("m.lamina"))      // Lamina's own format still holds it
    }

    test("legacy .h5 names and a weights name for a model are refused; an unbuilt Sequential says how to build it") {
        val x = Input.of(3)
        val m = Model.of(x, Dense(2).apply(x))
        shouldThrow<IllegalArgumentException> { m.save(dir.resolve("m.h5")) }.message shouldContain "does not write Keras' legacy HDF5"
        shouldThrow<IllegalArgumentException> { m.save(dir.resolve("m.weights.h5")) }.message shouldContain "saveWeights(path)"
        shouldThrow<IllegalArgumentException> { m.saveWeights(dir.resolve("w.h5")) }.message shouldContain "expected a .weights.h5 name"
        shouldThrow<IllegalArgumentException> { m.saveWeights(dir.resolve("w.keras")) }.message shouldContain "expected a .weights.h5 name"
        shouldThrow<IllegalStateException> { Sequential(Dense(2)).save(dir.resolve("s.keras")) }.message shouldContain "start it with an InputLayer"
        Files.list(dir).use { it.count() } shouldBe 0L
    }
})
