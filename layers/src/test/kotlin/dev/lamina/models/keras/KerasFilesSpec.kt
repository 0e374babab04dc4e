package dev.lamina.models.keras

import dev.lamina.Lamina
import dev.lamina.models.Model
import dev.lamina.tensor.Tensor
import dev.lamina.tensor.io.Json
import dev.lamina.testing.Fixtures
import dev.lamina.testing.TensorAsserts
import dev.lamina.training.FitOptions
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import java.nio.file.Path

/**
 * Files real Keras 3.15.1 wrote (keras-import/generate.py): `.keras`, `.weights.h5`, the legacy whole-model `.h5`
 * and the tf.keras 2.x save_weights layout load and predict what Keras predicted, within float32 rounding
 * (|got - ref| <= 1e-5 + 1e-4 |ref|, the shared Keras files' rule); compiled models evaluate as Keras did and train on.
 */
class KerasFilesSpec : FunSpec({
    lateinit var dir: Path
    beforeTest {
        Lamina.clearSession(); Lamina.setRandomSeed(0)
        dir = Files.createTempDirectory("lamina-keras-files")
    }
    afterTest { dir.toFile().deleteRecursively() }

    fun file(name: String): Path = dir.resolve(name).also {
        Files.write(it, KerasFilesSpec::class.java.getResourceAsStream("/keras-import/$name")!!.readBytes())
    }

    fun expected(name: String) = Json.parse(KerasFilesSpec::class.java.getResourceAsStream("/keras-import/$name")!!.readBytes()
        .toString(Charsets.UTF_8)) as Map<*, *>

    val cnn = expected("cnn_bn_expected.json")

    fun checkCnn(m: Model) =
        TensorAsserts.assertClose(Fixtures.tensor(cnn["outputs"]), m.predict(Fixtures.tensor(cnn["inputs"])), rtol = 1e-4, atol = 1e-5, what = "predictions")

    test("a Keras 3 .keras (Sequential, Conv2D, BatchNormalization, DepthwiseConv2D) predicts what Keras predicted") {
        checkCnn(Model.load(file("cnn_bn.keras")))
    }

    test("Keras' legacy whole-model .h5 (model_config, model_weights, training_config) loads compiled and predicts the same") {
        val m = Model.load(file("cnn_bn.h5"))
        checkCnn(m)
        m.isCompiled() shouldBe true
        m.getOptimizer().className() shouldBe "Adam"
    }

    test("Model.fromJson, then loadWeights of a Keras 3 .weights.h5 or a tf.keras 2.x save_weights .h5 (other layer names: matched by order)") {
        val json = String(Files.readAllBytes(file("cnn_bn.json")))
        val a = Model.fromJson(json).also { it.loadWeights(file("cnn_bn.weights.h5")) }
        checkCnn(a)
        val b = Model.fromJson(json).also { it.loadWeights(file("cnn_bn_tf2.h5")) }
        checkCnn(b)
        val c = Model.load(file("cnn_bn.keras"))
        for (i in a.getWeights().indices) {
            TensorAsserts.assertBitEqual(c.getWeights()[i], a.getWeights()[i], "weight $i (.weights.h5)")
            TensorAsserts.assertBitEqual(c.getWeights()[i], b.getWeights()[i], "weight $i (tf.keras 2.x .h5)")
        }
    }

    test("a functional .keras with two inputs, two outputs and a nested Sequential predicts both outputs as Keras did") {
        val e = expected("multi_io_expected.json")
        val m = Model.load(file("multi_io.keras"))
        val ys = m.predictAll(dev.lamina.training.Data.of((e["inputs"] as List<*>).map { Fixtures.tensor(it) }), 32)
        (e["outputs"] as List<*>).forEachIndexed { i, o -> TensorAsserts.assertClose(Fixtures.tensor(o), ys[i], rtol = 1e-4, atol = 1e-5, what = "output $i") }
    }

    test("a .keras loads compiled with its optimizer's variables: evaluate gives Keras' numbers, Adam goes on from step 8") {
        val m = Model.load(file("cnn_bn.keras"))
        m.isCompiled() shouldBe true
        m.getOptimizer().iterations() shouldBe (cnn["iterations"] as Number).toLong()
        m.getOptimizer().getLearningRate() shouldBe (0.01 plusOrMinus 1e-8)
        val x = Fixtures.tensor(cnn["train_x"])
        val y = Fixtures.tensor(cnn["train_y"])
        val ev = cnn["evaluate"] as Map<*, *>
        val got = m.evaluate(x, y, 32)
        got["loss"]!! shouldBe ((ev["loss"] as Number).toDouble() plusOrMinus 1e-5)
        got["accuracy"]!! shouldBe ((ev["accuracy"] as Number).toDouble() plusOrMinus 1e-6)
        m.fit(x, y, FitOptions.defaults().batchSize(8).epochs(1).verbose(0).shuffle(false))
        m.getOptimizer().iterations() shouldBe (cnn["iterations"] as Number).toLong() + 4
        // Keras' own next epoch from the saved state: without the restored moments and step count they differ by about 1e-2.
        TensorAsserts.assertClose(Fixtures.tensor(cnn["outputs_after_one_more_epoch"]), m.predict(Fixtures.tensor(cnn["inputs"])),
            rtol = 1e-4, atol = 1e-5, what = "predictions after one more epoch")
        val uncompiled = Model.load(file("cnn_bn.keras"), false)
        uncompiled.isCompiled() shouldBe false
    }

    test("loadWeights of a Keras file that does not fit names the layer and both shapes, and changes nothing") {
        val json = String(Files.readAllBytes(file("cnn_bn.json"))).replace("\"units\": 5", "\"units\": 6")
        val m = Model.fromJson(json)
        val before = m.getWeights().map { it.copy() }
        shouldThrow<IllegalArgumentException> { m.loadWeights(file("cnn_bn.weights.h5")) }.message!! shouldContain
            "weight 'dense/kernel': expected shape (64, 6), received (64, 5)"
        shouldThrow<IllegalArgumentException> { m.loadWeights(file("cnn_bn_tf2.h5")) }.message!! shouldContain "expected shape (64, 6), received (64, 5)"
        m.getWeights().zip(before).all { (a, b) -> a.valueEquals(b) } shouldBe true
    }
})
