package dev.lamina.samples

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.doubles.shouldBeLessThanOrEqual
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.nio.file.Files
import java.nio.file.Path
import javax.imageio.ImageIO
import kotlin.io.path.exists
import kotlin.io.path.listDirectoryEntries
import kotlin.io.path.name

/** Runs [block] with System.out captured; returns what it printed. */
fun captured(block: () -> Unit): String {
    val old = System.out
    val buf = ByteArrayOutputStream()
    System.setOut(PrintStream(buf, true, Charsets.UTF_8))
    try {
        block()
    } finally {
        System.setOut(old)
    }
    return buf.toString(Charsets.UTF_8)
}

/** The final progress line of an epoch: `800/800 [==============================] - 0s 131us/sample - loss: 2.2813 ...`. */
fun progressLine(samples: Int, vararg keys: String): Regex {
    val values = keys.joinToString("") { " - ${Regex.escape(it)}: \\d+\\.\\d{4}" }
    return Regex("(?m)^$samples/$samples \\[={30}\\] - \\d+s \\d+(us|ms|s)/sample$values$")
}

fun Path.decodesAsPng(): Boolean = ImageIO.read(this.toFile()) != null

class SamplesSpec : FunSpec({
    val out = Files.createTempDirectory("lamina-samples")
    val quick = SampleArgs.defaults().withOutputDir(out).withEpochs(1)

    test("Experiment 1: fit with validation data and with a split, evaluate, predict") {
        val s = captured { Experiment1.run(quick) }
        // Keras prints "Epoch i/n" only when n > 1
        s shouldContain "Train on 1000 samples, validate on 200 samples\n1000/1000 ["
        s shouldContain progressLine(1000, "loss", "accuracy", "val_loss", "val_accuracy")
        s shouldContain "Train on 800 samples, validate on 200 samples\n"
        s shouldContain progressLine(800, "loss", "accuracy", "val_loss", "val_accuracy")
        s shouldContain "\n# Evaluate on test data\n"
        s shouldContain progressLine(200, "loss", "accuracy")
        s shouldContain Regex("test loss, test acc: \\[\\d+\\.\\d+, 0\\.\\d+]")
        s shouldContain "\n# Generate predictions for 3 samples\npredictions shape: (3, 10)\n"
    }

    test("Experiment 2: class weights and sample weights, without validation") {
        val s = captured { Experiment2.run(quick) }
        s shouldContain "Fit with class weight\nTrain on 1000 samples\n1000/1000 ["
        s shouldContain "\nFit with sample weight\nTrain on 1000 samples\n1000/1000 ["
        Regex(progressLine(1000, "loss", "sparse_categorical_accuracy").pattern).findAll(s).count() shouldBe 2
        s shouldNotContain "val_loss"
        val m = Experiment2.getUncompiledModel()
        m.layers().map { it.name() } shouldContainExactly listOf("digits", "dense_1", "dense_2", "predictions")
    }

    test("Experiment 3: EarlyStopping ends the 20 epochs early and says so") {
        val s = captured { Experiment3.run(SampleArgs.defaults().withOutputDir(out)) }
        s shouldContain "Train on 800 samples, validate on 200 samples\nEpoch 1/20\n"
        s shouldContain progressLine(800, "loss", "sparse_categorical_accuracy", "val_loss", "val_sparse_categorical_accuracy")
        val stop = Regex("(?m)^Epoch (\\d{5}): early stopping$").find(s)
        stop shouldNotBe null
        val stoppedAt = stop!!.groupValues[1].toInt()
        stoppedAt shouldBeLessThan 20
        Regex("(?m)^Epoch \\d+/20$").findAll(s).count() shouldBe stoppedAt
    }

    test("Experiment 4: ModelCheckpoint reports every epoch and writes mymodel_<epoch> when val_loss improves") {
        val s = captured { Experiment4.run(SampleArgs.defaults().withOutputDir(out)) }
        val dir = out.resolve("experiment4")
        s shouldContain Regex("(?m)^Epoch 00001: val_loss improved from inf to \\d\\.\\d{5}, saving model to ${Regex.escape(dir.resolve("mymodel_1").toString())}$")
        val improved = Regex("(?m)^Epoch 0000(\\d): val_loss improved from").findAll(s).map { it.groupValues[1].toInt() }.toList()
        val notImproved = Regex("(?m)^Epoch 0000\\d: val_loss did not improve from \\d\\.\\d{5}$").findAll(s).count()
        (improved.size + notImproved) shouldBe 3
        dir.listDirectoryEntries().map { it.name }.sorted() shouldContainExactly improved.map { "mymodel_$it" }.sorted()
    }

    test("Experiment 5: checkpoints and ReduceLROnPlateau over 30 epochs") {
        val s = captured { Experiment5.run(SampleArgs.defaults().withOutputDir(out)) }
        Regex("(?m)^Epoch \\d+/30$").findAll(s).count() shouldBe 30
        Regex("(?m)^Epoch \\d{5}: val_loss (improved from|did not improve from)").findAll(s).count() shouldBe 30
        Regex("(?m)^Epoch \\d{5}: ReduceLROnPlateau reducing learning rate to 0\\.0005\\d*\\.$").findAll(s).count() shouldBe 1
        out.resolve("experiment5/mymodel_1").exists() shouldBe true
    }

    test("Experiment 6: two inputs and outputs, lists and maps, loss weights, an output without loss, the plot") {
        val s = captured { Experiment6.run(quick) }
        val plot = out.resolve("experiment6/multi_input_and_output_model.png")
        plot.decodesAsPng() shouldBe true
        ImageIO.read(plot.toFile()).width shouldBeGreaterThan 1000
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

    test("Main runs one named sample, takes space-separated arguments, and rejects unknown ones") {
        val dir = Files.createTempDirectory("lamina-main")
        val s = captured { Main.run("2 --epochs 1 --output $dir") }
        s shouldContain "Experiment 2: class weights"
        s shouldNotContain "Experiment 1:"
        s shouldContain "Ran 2 in"
        shouldThrow<IllegalArgumentException> { Main.run("7") }.message shouldBe
            "Main: expected a sample among all, 1..6, digits, 1s, adversarial, lenet, all-kotlin, kt1..kt6, kt1s, ktadversarial or an option --kotlin, --output DIR, --epochs N, received '7'"
        shouldThrow<IllegalArgumentException> { Main.run("--epochs", "x") }.message shouldContain "expected an integer after --epochs"
        shouldThrow<IllegalArgumentException> { Main.run("1", "--output") }.message shouldContain "expected a value after --output"
    }
})
