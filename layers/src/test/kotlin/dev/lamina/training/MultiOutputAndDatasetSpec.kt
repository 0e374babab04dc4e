package dev.lamina.training

import dev.lamina.Lamina
import dev.lamina.layers.Concatenate
import dev.lamina.layers.Conv1D
import dev.lamina.layers.Conv2D
import dev.lamina.layers.Dense
import dev.lamina.layers.GlobalMaxPooling1D
import dev.lamina.layers.GlobalMaxPooling2D
import dev.lamina.layers.Input
import dev.lamina.losses.CategoricalCrossentropy
import dev.lamina.losses.MeanSquaredError
import dev.lamina.losses.SparseCategoricalCrossentropy
import dev.lamina.metrics.CategoricalAccuracy
import dev.lamina.metrics.MeanAbsoluteError
import dev.lamina.metrics.MeanAbsolutePercentageError
import dev.lamina.models.Model
import dev.lamina.optimizers.RMSprop
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldMatch
import java.io.ByteArrayOutputStream
import java.io.PrintStream

/** The seed's Experiment 6 (two inputs, two named outputs) and dataset inputs, from Java-style calls. */
class MultiOutputAndDatasetSpec : FunSpec({
    fun experiment6(): Model {
        Lamina.clearSession()
        Lamina.setRandomSeed(3)
        val img = Input.of("img_input", 32, 32, 3)
        val ts = Input.of("ts_input", 20, 10)
        val x1 = GlobalMaxPooling2D().apply(Conv2D(3, 3).apply(img))
        val x2 = GlobalMaxPooling1D().apply(Conv1D(3, 3).apply(ts))
        val x = Concatenate.concatenate(x1, x2)
        val score = Dense(1).name("score_output").apply(x)
        val cls = Dense(5).name("class_output").apply(x)
        return Model.of(listOf(img, ts), listOf(score, cls))
    }

    val img = Tensor.uniform(Shape.of(100, 32, 32, 3), 0f, 1f, 1)
    val ts = Tensor.uniform(Shape.of(100, 20, 10), 0f, 1f, 2)
    val score = Tensor.uniform(Shape.of(100, 1), 0f, 1f, 3)
    val cls = Tensor.uniform(Shape.of(100, 5), 0f, 1f, 4)

    fun capture(block: (ProgbarLogger) -> Unit): List<String> {
        val bytes = ByteArrayOutputStream()
        block(ProgbarLogger(PrintStream(bytes, true, "UTF-8"), false))
        return bytes.toString("UTF-8").lines().filter { it.isNotEmpty() }
    }

    test("Experiment 6: list and dict forms of compile and fit give the same training") {
        val listModel = experiment6()
        listModel.compile(CompileOptions.of(RMSprop(1e-3), listOf(MeanSquaredError(), CategoricalCrossentropy().fromLogits(true)))
            .metrics(listOf(listOf(MeanAbsolutePercentageError(), MeanAbsoluteError()), listOf(CategoricalAccuracy()))))
        val lines = capture { bar -> listModel.fit(Data.of(img, ts), Data.of(score, cls), FitOptions.defaults().batchSize(32).epochs(3).callbacks(bar)) }
        lines[0] shouldBe "Train on 100 samples"
        lines[1] shouldBe "Epoch 1/3"
        lines[2] shouldMatch Regex("""100/100 \[={30}] - \d+s \d+(us|ms)/sample - loss: \S+ - score_output_loss: \S+ - class_output_loss: \S+ - score_output_mean_absolute_percentage_error: \S+ - score_output_mean_absolute_error: \S+ - class_output_categorical_accuracy: \S+""")

        val h1 = listModel.fit(Data.of(img, ts), Data.of(score, cls), FitOptions.defaults().epochs(1).verbose(0).shuffle(false))
        val dictModel = experiment6()
        dictModel.compile(CompileOptions.of(RMSprop(1e-3), mapOf("score_output" to MeanSquaredError(), "class_output" to CategoricalCrossentropy().fromLogits(true)))
            .metrics(mapOf("score_output" to listOf(MeanAbsolutePercentageError(), MeanAbsoluteError()), "class_output" to listOf(CategoricalAccuracy()))))
        dictModel.fit(Data.of(img, ts), Data.of(score, cls), FitOptions.defaults().batchSize(32).epochs(3).verbose(0))
        val h2 = dictModel.fit(Data.of(mapOf("img_input" to img, "ts_input" to ts)), Data.of(mapOf("score_output" to score, "class_output" to cls)),
            FitOptions.defaults().epochs(1).verbose(0).shuffle(false))
        h2.history() shouldBe h1.history()
    }

    test("Experiment 6: loss_weights and a None loss") {
        val m = experiment6()
        m.compile(CompileOptions.of(RMSprop(1e-3), mapOf("score_output" to MeanSquaredError(), "class_output" to CategoricalCrossentropy().fromLogits(true)))
            .lossWeights(mapOf("score_output" to 2.0, "class_output" to 1.0)))
        val h = m.fit(Data.of(img, ts), Data.of(score, cls), FitOptions.defaults().epochs(1).verbose(0))
        val l = h.get("loss")[0]
        val expected = 2 * h.get("score_output_loss")[0] + h.get("class_output_loss")[0]
        (Math.abs(l - expected) < 1e-4 * Math.abs(expected)) shouldBe true

        val noScore = experiment6()
        noScore.compile(CompileOptions.of(RMSprop(1e-3), listOf(null, CategoricalCrossentropy().fromLogits(true))))
        val h2 = noScore.fit(Data.of(mapOf("img_input" to img, "ts_input" to ts)), Data.of(mapOf("class_output" to cls)), FitOptions.defaults().epochs(1).verbose(0))
        h2.history().keys.toList() shouldBe listOf("loss", "class_output_loss", "learning_rate")
        shouldThrow<IllegalArgumentException> {
            noScore.fit(Data.of(mapOf("img_input" to img, "bogus" to ts)), Data.of(mapOf("class_output" to cls)), FitOptions.defaults().verbose(0))
        }.message shouldContain "bogus"
    }

    test("a dataset of unknown length trains in steps mode, and validation_split is refused for it") {
        Lamina.clearSession()
        Lamina.setRandomSeed(1)
        val i = Input.of(4)
        val m = Model.of(i, Dense(3).apply(i))
        m.compile(RMSprop(1e-2), SparseCategoricalCrossentropy().fromLogits(true), "accuracy")
        val x = Tensor.uniform(Shape.of(100, 4), 0f, 1f, 7)
        val y = Tensor.randint(Shape.of(100), 3, 8)
        val data = Dataset.fromIterator {
            (0 until 100 step 25).map { Batch.of(x.slice(it, it + 25), y.slice(it, it + 25)) }.iterator()
        }
        val lines = capture { bar -> m.fit(data, FitOptions.defaults().epochs(2).callbacks(bar)) }
        lines[0] shouldBe "Epoch 1/2"
        lines[1] shouldMatch Regex("""4/4 \[={30}] - \d+s \d+(us|ms)/step - loss: \d\.\d{4} - accuracy: \d\.\d{4}""")
        shouldThrow<IllegalArgumentException> { m.fit(data, FitOptions.defaults().validationSplit(0.2)) }.message shouldContain "validation_split"
        val fromArrays = Dataset.fromTensors(x, y, null, 32, true, 5)
        fromArrays.cardinality() shouldBe 4L
        m.fit(fromArrays, FitOptions.defaults().epochs(1).verbose(0)).get("loss").size shouldBe 1
        m.evaluate(data, EvaluateOptions.defaults().verbose(0)).keys.toList() shouldBe listOf("loss", "accuracy")
    }
})
