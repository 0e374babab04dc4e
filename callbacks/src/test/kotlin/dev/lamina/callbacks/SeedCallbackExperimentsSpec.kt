package dev.lamina.callbacks

import dev.lamina.Lamina
import dev.lamina.layers.Dense
import dev.lamina.layers.Input
import dev.lamina.losses.SparseCategoricalCrossentropy
import dev.lamina.models.Model
import dev.lamina.optimizers.RMSprop
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.training.FitOptions
import dev.lamina.training.History
import dev.lamina.utils.PyRepr
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldMatch
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.nio.file.Files
import java.util.Locale

/** The seed's Experiments 3 (EarlyStopping), 4 (ModelCheckpoint) and 5 (ModelCheckpoint + ReduceLROnPlateau), run from code. */
class SeedCallbackExperimentsSpec : FunSpec({
    val root = Files.createTempDirectory("lamina-seed")
    afterSpec { root.toFile().deleteRecursively() }

    /** The seed's get_compiled_model(). */
    fun compiledModel(): Model {
        Lamina.clearSession()
        Lamina.setRandomSeed(42)
        val inputs = Input.of("digits", 32)
        var x = Dense(64).activation("relu").name("dense_1").apply(inputs)
        x = Dense(64).activation("relu").name("dense_2").apply(x)
        val outputs = Dense(10).name("predictions").apply(x)
        val model = Model.of(inputs, outputs)
        model.compile(RMSprop(1e-3), SparseCategoricalCrossentropy().fromLogits(true), "sparse_categorical_accuracy")
        return model
    }
    val xTrain = Tensor.uniform(Shape.of(1000, 32), 0f, 1f, 1)
    val yTrain = Tensor.randint(Shape.of(1000), 10, 2)
    fun opts(epochs: Int) = FitOptions.defaults().batchSize(64).epochs(epochs).validationSplit(0.2)

    /** Runs with System.out captured (the progress bar is created inside fit, so it prints there too). */
    fun transcript(block: () -> History): Pair<History, List<String>> {
        val old = System.out
        val bytes = ByteArrayOutputStream()
        System.setOut(PrintStream(bytes, true, "UTF-8"))
        val h = try {
            block()
        } finally {
            System.setOut(old)
        }
        return h to bytes.toString("UTF-8").lines().filter { it.isNotBlank() }
    }
    val progress = Regex("""800/800 \[={30}] - \d+s \d+(us|ms|s)/sample - loss: \d\.\d{4} - sparse_categorical_accuracy: \d\.\d{4} - val_loss: \d\.\d{4} - val_sparse_categorical_accuracy: \d\.\d{4}""")
    fun f5(v: Double) = String.format(Locale.ROOT, "%.5f", v)

    test("Experiment 3: EarlyStopping(val_loss, min_delta=1e-2, patience=2) stops early and says so after the last progress line") {
        val (h, lines) = transcript {
            compiledModel().fit(xTrain, yTrain, opts(20).callbacks(EarlyStopping().monitor("val_loss").minDelta(1e-2).patience(2).verbose(1)))
        }
        val n = h.epoch().size
        n shouldBeLessThan 20
        n shouldBeGreaterThan 2
        lines[0] shouldBe "Train on 800 samples, validate on 200 samples"
        lines.size shouldBe 1 + 2 * n + 1
        for (e in 1..n) {
            lines[2 * e - 1] shouldBe "Epoch $e/20"
            lines[2 * e] shouldMatch progress
        }
        lines.last() shouldBe String.format(Locale.ROOT, "Epoch %05d: early stopping", n)
        // The rule itself: the last epoch is the patience-th without a val_loss drop of more than 1e-2 below the best.
        val v = h.get("val_loss")
        var best = Double.POSITIVE_INFINITY
        var wait = 0
        var stop = -1
        for ((e, x) in v.withIndex()) {
            wait++
            if (x < best - 1e-2) { best = x; wait = 0 } else if (wait >= 2 && e > 0) { stop = e; break }
        }
        stop shouldBe n - 1
    }

    test("Experiment 4: ModelCheckpoint('mymodel_{epoch}', save_best_only, save_weights_only) keeps only improved epochs; mymodel_1 loads") {
        val dir = root.resolve("exp4")
        Files.createDirectories(dir)
        val model = compiledModel()
        val epochWeights = mutableListOf<List<Tensor>>()
        val cb = ModelCheckpoint(dir.resolve("mymodel_{epoch}").toString()).saveBestOnly(true).monitor("val_loss").saveWeightsOnly(true).verbose(1)
        val (h, lines) = transcript {
            model.fit(xTrain, yTrain, opts(3).callbacks(cb, LambdaCallback().onEpochEnd { _, _ -> epochWeights += model.getWeights() }))
        }
        val v = h.get("val_loss")
        val expected = mutableListOf("Train on 800 samples, validate on 200 samples")
        val improved = mutableListOf<Int>()
        var best = Double.POSITIVE_INFINITY
        for (e in 1..3) {
            expected += "Epoch $e/3"
            val cur = v[e - 1]
            expected += if (cur < best) {
                improved += e
                String.format(Locale.ROOT, "Epoch %05d: val_loss improved from %s to %s, saving model to %s", e,
                    if (best.isInfinite()) "inf" else f5(best), f5(cur), dir.resolve("mymodel_$e"))
                    .also { best = cur }
            } else {
                String.format(Locale.ROOT, "Epoch %05d: val_loss did not improve from %s", e, f5(best))
            }
            expected += "PROGRESS"
        }
        lines.map { if (progress.matches(it)) "PROGRESS" else it } shouldContainExactly expected
        lines[2] shouldBe "Epoch 00001: val_loss improved from inf to ${f5(v[0])}, saving model to $dir/mymodel_1"
        Files.list(dir).use { s -> s.map { it.fileName.toString() }.sorted().toList() } shouldBe improved.map { "mymodel_$it" }
        val fresh = compiledModel()
        fresh.loadWeights(dir.resolve("mymodel_1"))
        fresh.getWeights().map { it.toFloatArray().toList() } shouldBe epochWeights[0].map { it.toFloatArray().toList() }
    }

    test("Experiment 5: ModelCheckpoint + ReduceLROnPlateau(val_sparse_categorical_accuracy, max, factor 0.5, patience 3) halves the rate after plateaus") {
        val dir = root.resolve("exp5")
        Files.createDirectories(dir)
        val (h, lines) = transcript {
            compiledModel().fit(xTrain, yTrain, opts(30).callbacks(
                ModelCheckpoint(dir.resolve("mymodel_{epoch}").toString()).saveBestOnly(true).monitor("val_loss").saveWeightsOnly(true).verbose(1),
                ReduceLROnPlateau().monitor("val_sparse_categorical_accuracy").verbose(1).mode("max").factor(0.5).patience(3)))
        }
        h.epoch().size shouldBe 30
        val lr = h.get("learning_rate")
        lr[0] shouldBe 1e-3f.toDouble()
        // Replay Keras' rule on the logged accuracy: the epochs after which the rate must halve.
        val acc = h.get("val_sparse_categorical_accuracy")
        val reductions = mutableListOf<Int>()
        var best = Double.NEGATIVE_INFINITY
        var wait = 0
        var rate = lr[0]
        val expectedLr = mutableListOf<Double>()
        for ((e, a) in acc.withIndex()) {
            expectedLr += rate
            if (a > best + 1e-4) { best = a; wait = 0 } else if (++wait >= 3) {
                rate = (rate * 0.5).toFloat().toDouble()
                reductions += e
                wait = 0
            }
        }
        reductions.size shouldBeGreaterThan 0
        lr shouldBe expectedLr
        val messages = lines.filter { it.contains("ReduceLROnPlateau") }
        messages shouldBe reductions.map { e ->
            String.format(Locale.ROOT, "Epoch %05d: ReduceLROnPlateau reducing learning rate to %s.", e + 1, PyRepr.repr(lr[e] * 0.5))
        }
        for (e in reductions) if (e + 1 < lr.size) lr[e + 1] shouldBe (lr[e] * 0.5).toFloat().toDouble()
        Files.list(dir).use { s -> s.count().toInt() } shouldBeGreaterThan 0
    }
})
