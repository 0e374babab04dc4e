package dev.lamina.samples.scripts

import dev.lamina.samples.Experiment1
import dev.lamina.samples.SampleArgs
import dev.lamina.samples.captured
import dev.lamina.samples.decodesAsPng
import dev.lamina.samples.progressLine
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import java.nio.file.Path

/**
 * Each of samples/scripts/experiment1..6.lamina.kts compiles and runs for one epoch (`--epochs 1`), writing to a
 * temporary directory (`--output`), and prints the seed's lines. Each script compiles in a few seconds.
 */
class ExperimentScriptsSpec : FunSpec({
    val out = Files.createTempDirectory("lamina-scripts")
    // Surefire runs in the module directory.
    fun script(n: Int): String = Path.of("scripts", "experiment$n.lamina.kts").toString()

    /** Runs script [n] quickly; returns what it printed. Fails with the script runner's messages unless it exits 0. */
    fun runQuick(n: Int): String {
        val err = StringBuilder()
        var code = -1
        val printed = captured { code = runScript(arrayOf(script(n), "--epochs", "1", "--output", out.toString()), { println(it) }, { err.appendLine(it) }) }
        withClue(err) { code shouldBe 0 }
        return printed
    }

    fun progressLines(s: String): List<String> =
        s.lines().filter { it.matches(Regex("\\d+/\\d+ \\[.*")) }.map { it.replace(Regex(" - \\d+s \\d+(us|ms|s)/sample"), "") }

    test("experiment1.lamina.kts trains exactly as the Java Experiment 1 (same data and seed)") {
        val s = runQuick(1)
        s shouldContain "Train on 1000 samples, validate on 200 samples\n"
        s shouldContain progressLine(800, "loss", "accuracy", "val_loss", "val_accuracy")
        s shouldContain "predictions shape: (3, 10)"
        val java = captured { Experiment1.run(SampleArgs.defaults().withOutputDir(out).withEpochs(1)) }
        progressLines(s) shouldBe progressLines(java)
        s.lines().single { it.startsWith("test loss, test acc: ") } shouldBe java.lines().single { it.startsWith("test loss, test acc: ") }
    }

    test("experiment2.lamina.kts: class weight, then sample weight") {
        val s = runQuick(2)
        s shouldContain "Fit with class weight\nTrain on 1000 samples\n"
        s shouldContain "\nFit with sample weight\nTrain on 1000 samples\n"
        Regex(progressLine(1000, "loss", "sparse_categorical_accuracy").pattern).findAll(s).count() shouldBe 2
    }

    test("experiment3.lamina.kts: EarlyStopping on val_loss") {
        val s = runQuick(3)
        s shouldContain progressLine(800, "loss", "sparse_categorical_accuracy", "val_loss", "val_sparse_categorical_accuracy")
        s shouldContain "Trained for 1 epoch(s)"
    }

    test("experiment4.lamina.kts: ModelCheckpoint writes mymodel_1") {
        val s = runQuick(4)
        val file = out.resolve("script-experiment4/mymodel_1")
        s shouldContain "Epoch 00001: val_loss improved from inf to"
        s shouldContain "saving model to $file"
        Files.exists(file) shouldBe true
    }

    test("experiment5.lamina.kts: ModelCheckpoint and ReduceLROnPlateau") {
        val s = runQuick(5)
        Files.exists(out.resolve("script-experiment5/mymodel_1")) shouldBe true
        s shouldContain Regex("Learning rate by epoch: \\[0\\.0010000000\\d*]")
    }

    test("experiment6.lamina.kts: lists, maps, loss weights, no-loss outputs and the plot") {
        val s = runQuick(6)
        out.resolve("script-experiment6/multi_input_and_output_model.png").decodesAsPng() shouldBe true
        s.split("\n# ").drop(1).size shouldBe 4
        s shouldContain progressLine(100, "loss", "score_output_loss", "class_output_loss",
            "score_output_mean_absolute_percentage_error", "score_output_mean_absolute_error", "class_output_categorical_accuracy")
        Regex(progressLine(100, "loss", "class_output_loss").pattern).findAll(s).count() shouldBe 2
    }
})
