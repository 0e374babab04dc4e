package dev.lamina.samples.kotlin

import dev.lamina.samples.Main
import dev.lamina.samples.SampleArgs
import dev.lamina.samples.captured
import dev.lamina.samples.decodesAsPng
import dev.lamina.samples.progressLine
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.doubles.shouldBeLessThanOrEqual
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import java.nio.file.Files
import kotlin.io.path.listDirectoryEntries
import kotlin.io.path.name

/** Smoke runs of the Kotlin DSL samples: few epochs, a temporary output directory, the seed's printed lines. */
class KotlinSamplesSpec : FunSpec({
    val out = Files.createTempDirectory("lamina-kt-samples")
    val quick = SampleArgs.defaults().withOutputDir(out).withEpochs(1)

    test("Experiment1Kt: fit with validation data and with a split, evaluate, predict") {
        lateinit var histories: List<dev.lamina.training.History>
        val s = captured { histories = Experiment1Kt.run(quick) }
        s shouldContain "Experiment 1 (Kotlin DSL)"
        s shouldContain "Train on 1000 samples, validate on 200 samples\n1000/1000 ["
        s shouldContain progressLine(1000, "loss", "accuracy", "val_loss", "val_accuracy")
        s shouldContain "Train on 800 samples, validate on 200 samples\n"
        s shouldContain progressLine(800, "loss", "accuracy", "val_loss", "val_accuracy")
        s shouldContain "\n# Evaluate on test data\n"
        s shouldContain progressLine(200, "loss", "accuracy")
        s shouldContain Regex("test loss, test acc: \\[\\d+\\.\\d+, 0\\.\\d+]")
        s shouldContain "\n# Generate predictions for 3 samples\npredictions shape: (3, 10)\n"
        histories.map { it.history().keys.toList() } shouldBe List(2) { listOf("loss", "accuracy", "val_loss", "val_accuracy", "learning_rate") }
    }

    test("Experiment2Kt: class weights and sample weights, without validation") {
        val s = captured { Experiment2Kt.run(quick) }
        s shouldContain "Fit with class weight\nTrain on 1000 samples\n1000/1000 ["
        s shouldContain "\nFit with sample weight\nTrain on 1000 samples\n1000/1000 ["
        Regex(progressLine(1000, "loss", "sparse_categorical_accuracy").pattern).findAll(s).count() shouldBe 2
        s shouldNotContain "val_loss"
        Experiment2Kt.getUncompiledModel().layers().map { it.name() } shouldContainExactly listOf("digits", "dense_1", "dense_2", "predictions")
    }

    test("Experiment3Kt: EarlyStopping ends the 20 epochs early and says so") {
        lateinit var histories: List<dev.lamina.training.History>
        val s = captured { histories = Experiment3Kt.run(SampleArgs.defaults().withOutputDir(out)) }
        s shouldContain "Train on 800 samples, validate on 200 samples\nEpoch 1/20\n"
        s shouldContain progressLine(800, "loss", "sparse_categorical_accuracy", "val_loss", "val_sparse_categorical_accuracy")
        val stop = Regex("(?m)^Epoch (\\d{5}): early stopping$").find(s)
        stop shouldNotBe null
        val stoppedAt = stop!!.groupValues[1].toInt()
        stoppedAt shouldBeLessThan 20
        histories.single().epoch().size shouldBe stoppedAt
    }

    test("Experiment4Kt: ModelCheckpoint reports every epoch and writes mymodel_<epoch> when val_loss improves") {
        val s = captured { Experiment4Kt.run(SampleArgs.defaults().withOutputDir(out)) }
        val dir = out.resolve("experiment4-kt")
        s shouldContain Regex("(?m)^Epoch 00001: val_loss improved from inf to \\d\\.\\d{5}, saving model to ${Regex.escape(dir.resolve("mymodel_1").toString())}$")
        val improved = Regex("(?m)^Epoch 0000(\\d): val_loss improved from").findAll(s).map { it.groupValues[1].toInt() }.toList()
        val notImproved = Regex("(?m)^Epoch 0000\\d: val_loss did not improve from \\d\\.\\d{5}$").findAll(s).count()
        (improved.size + notImproved) shouldBe 3
        dir.listDirectoryEntries().map { it.name }.sorted() shouldContainExactly improved.map { "mymodel_$it" }.sorted()
    }

    test("Experiment5Kt: checkpoints and ReduceLROnPlateau, learning rate logged every epoch") {
        lateinit var histories: List<dev.lamina.training.History>
        val s = captured { histories = Experiment5Kt.run(SampleArgs.defaults().withOutputDir(out).withEpochs(5)) }
        Regex("(?m)^Epoch \\d/5$").findAll(s).count() shouldBe 5
        Regex("(?m)^Epoch \\d{5}: val_loss (improved from|did not improve from)").findAll(s).count() shouldBe 5
        histories.single().get("learning_rate").size shouldBe 5
        Files.exists(out.resolve("experiment5-kt/mymodel_1")) shouldBe true
    }

    test("Experiment6Kt: two inputs and outputs, lists and maps, loss weights, an output without loss, the plot") {
        val s = captured { Experiment6Kt.run(quick) }
        out.resolve("experiment6-kt/multi_input_and_output_model.png").decodesAsPng() shouldBe true
        val sections = s.split("\n# ").drop(1)
        sections.size shouldBe 4
        for (i in 0..1) {
            sections[i] shouldContain "Train on 100 samples\n"
            sections[i] shouldContain progressLine(100, "loss", "score_output_loss", "class_output_loss",
                "score_output_mean_absolute_percentage_error", "score_output_mean_absolute_error", "class_output_categorical_accuracy")
        }
        for (i in 2..3) {
            sections[i] shouldContain progressLine(100, "loss", "class_output_loss")
            sections[i].substringAfter("\n") shouldNotContain "score_output"
        }
        // loss_weights {'score_output': 2, 'class_output': 1}: loss = 2 * score_output_loss + class_output_loss
        val m = Regex("loss: (\\d+\\.\\d{4}) - score_output_loss: (\\d+\\.\\d{4}) - class_output_loss: (\\d+\\.\\d{4})").find(sections[1])!!
        val (total, score, cls) = m.destructured
        Math.abs(total.toDouble() - (2 * score.toDouble() + cls.toDouble())) shouldBeLessThanOrEqual 3e-4
    }

    test("Main runs kt1..kt6 by name, swaps numbered experiments for their Kotlin twins with --kotlin, keeps all in Java") {
        val dir = Files.createTempDirectory("lamina-main-kt")
        captured { Main.run("kt2 --epochs 1 --output $dir") } shouldContain "Ran kt2 in"
        val swapped = captured { Main.run("--kotlin", "2", "--epochs", "1", "--output", "$dir") }
        swapped shouldContain "Experiment 2 (Kotlin DSL)"
        swapped shouldContain "Ran kt2 in"
        shouldThrow<IllegalArgumentException> { Main.run("kt7") }.message shouldContain "received 'kt7'"
    }
})
