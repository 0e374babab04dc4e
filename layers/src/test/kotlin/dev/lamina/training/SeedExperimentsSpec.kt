package dev.lamina.training

import dev.lamina.Lamina
import dev.lamina.layers.Dense
import dev.lamina.layers.Input
import dev.lamina.losses.SparseCategoricalCrossentropy
import dev.lamina.models.Model
import dev.lamina.optimizers.Adam
import dev.lamina.optimizers.RMSprop
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldMatch
import java.io.ByteArrayOutputStream
import java.io.PrintStream

/** The seed's Experiments 1 and 2 run end to end and print the seed's transcript format. */
class SeedExperimentsSpec : FunSpec({
    beforeTest { Lamina.clearSession(); Lamina.setRandomSeed(42) }

    fun experiment1(): Model {
        val inputs = Input.of(32)
        var x = Dense(64).activation("relu").apply(inputs)
        x = Dense(64).activation("relu").apply(x)
        val predictions = Dense(10).apply(x)
        val model = Model.of(inputs, predictions)
        model.compile(Adam(0.001), SparseCategoricalCrossentropy().fromLogits(true), "accuracy")
        return model
    }

    val xTrain = Tensor.uniform(Shape.of(1000, 32), 0f, 1f, 1)
    val yTrain = Tensor.randint(Shape.of(1000), 10, 2)
    val xVal = Tensor.uniform(Shape.of(200, 32), 0f, 1f, 3)
    val yVal = Tensor.randint(Shape.of(200), 10, 4)

    fun capture(block: (ProgbarLogger) -> Unit): List<String> {
        val bytes = ByteArrayOutputStream()
        block(ProgbarLogger(PrintStream(bytes, true, "UTF-8"), false))
        return bytes.toString("UTF-8").lines().filter { it.isNotEmpty() }
    }

    val progress = Regex("""\d+/\d+ \[={30}] - \d+s \d+(us|ms|s)/sample - loss: \d\.\d{4} - accuracy: \d\.\d{4}( - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4})?""")

    test("Experiment 1: fit with validation_data prints the seed's transcript") {
        val model = experiment1()
        val lines = capture { bar ->
            model.fit(xTrain, yTrain, FitOptions.defaults().batchSize(32).epochs(5).validationData(xVal, yVal).callbacks(bar))
        }
        lines[0] shouldBe "Train on 1000 samples, validate on 200 samples"
        lines shouldHaveSize 11
        for (e in 1..5) {
            lines[2 * e - 1] shouldBe "Epoch $e/5"
            lines[2 * e] shouldMatch progress
            lines[2 * e] shouldContain "1000/1000 ["
            lines[2 * e] shouldContain "val_accuracy"
        }
    }

    test("Experiment 1: validation_split=0.2 on 1000 samples trains on 800 and validates on 200") {
        val model = experiment1()
        var history: History? = null
        val lines = capture { bar ->
            history = model.fit(xTrain, yTrain, FitOptions.defaults().batchSize(64).validationSplit(0.2).epochs(1).callbacks(bar))
        }
        lines[0] shouldBe "Train on 800 samples, validate on 200 samples"
        lines[1] shouldMatch progress
        lines[1] shouldContain "800/800 ["
        history!!.history().keys.toList() shouldBe listOf("loss", "accuracy", "val_loss", "val_accuracy", "learning_rate")
        history!!.epoch() shouldBe listOf(0)
    }

    test("Experiment 1: evaluate returns loss and accuracy; predict returns (3, 10)") {
        val model = experiment1()
        model.fit(xTrain, yTrain, FitOptions.defaults().epochs(1).verbose(0))
        val results = model.evaluate(xVal, yVal, EvaluateOptions.defaults().batchSize(128).verbose(0))
        results.keys.toList() shouldBe listOf("loss", "accuracy")
        (results["loss"]!! > 2.0 && results["loss"]!! < 2.6) shouldBe true
        model.predict(xVal.slice(0, 3)).shape() shouldBe Shape.of(3, 10)
    }

    test("Experiment 2: class_weight and sample_weight train with the sparse metric name") {
        Lamina.setRandomSeed(7)
        fun compiled(): Model {
            val inputs = Input.of("digits", 32)
            var x = Dense(64).activation("relu").name("dense_1").apply(inputs)
            x = Dense(64).activation("relu").name("dense_2").apply(x)
            val outputs = Dense(10).name("predictions").apply(x)
            val m = Model.of(inputs, outputs)
            m.compile(RMSprop(1e-3), SparseCategoricalCrossentropy().fromLogits(true), "sparse_categorical_accuracy")
            return m
        }
        val classWeight = (0..9).associateWith { if (it == 5) 2.0 else 1.0 }
        val h1 = compiled().fit(xTrain, yTrain, FitOptions.defaults().classWeight(classWeight).batchSize(64).epochs(4).verbose(0))
        h1.history().keys.contains("sparse_categorical_accuracy") shouldBe true
        h1.get("loss") shouldHaveSize 4
        val sw = Tensor.of(FloatArray(1000) { if (yTrain.get(it) == 5f) 2f else 1f }, 1000)
        val h2 = compiled().fit(xTrain, yTrain, FitOptions.defaults().sampleWeight(sw).batchSize(64).epochs(4).verbose(0))
        h2.get("loss") shouldHaveSize 4
    }

    test("two fits with the same seeds give identical histories and weights") {
        fun run(): Pair<History, List<Tensor>> {
            Lamina.clearSession()
            Lamina.setRandomSeed(11)
            val m = experiment1()
            val h = m.fit(xTrain, yTrain, FitOptions.defaults().epochs(2).verbose(0).validationSplit(0.2))
            return h to m.weights().map { it.snapshot() }
        }
        val (h1, w1) = run()
        val (h2, w2) = run()
        h1.history() shouldBe h2.history()
        w1.zip(w2).all { (a, b) -> a.valueEquals(b) } shouldBe true
    }

    test("bad input is rejected with a clear message and the model unchanged") {
        val model = experiment1()
        val before = model.weights().map { it.snapshot() }
        shouldThrow<IllegalArgumentException> {
            model.fit(xTrain, yTrain.slice(0, 999), FitOptions.defaults().verbose(0))
        }.message shouldContain "999"
        shouldThrow<IllegalArgumentException> {
            model.fit(Tensor.zeros(10, 31), Tensor.zeros(10), FitOptions.defaults().verbose(0))
        }.message shouldContain "(10, 31)"
        shouldThrow<IllegalArgumentException> { FitOptions.defaults().validationSplit(1.0) }
        shouldThrow<IllegalArgumentException> { FitOptions.defaults().batchSize(-1) }
        val bad = xTrain.copy()
        bad.data()[37] = Float.NaN
        shouldThrow<IllegalArgumentException> { model.fit(bad, yTrain, FitOptions.defaults().verbose(0)) }.message shouldContain "index 37"
        shouldThrow<IllegalArgumentException> {
            model.fit(xTrain, yTrain, FitOptions.defaults().verbose(0).classWeight(mapOf(0 to 1.0)))
        }.message shouldContain "class_weight"
        shouldThrow<IllegalStateException> {
            val i = Input.of(2)
            val m = Model.of(i, Dense(1).apply(i))
            m.fit(Tensor.zeros(2, 2), Tensor.zeros(2, 1), FitOptions.defaults())
        }
        model.weights().map { it.snapshot() }.zip(before).all { (a, b) -> a.valueEquals(b) } shouldBe true
    }
})
