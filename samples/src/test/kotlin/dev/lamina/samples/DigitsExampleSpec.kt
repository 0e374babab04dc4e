package dev.lamina.samples

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.shouldBeGreaterThanOrEqual
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import javax.imageio.ImageIO
import kotlin.io.path.listDirectoryEntries

class DigitsExampleSpec : FunSpec({
    test("the digits data: a stratified 80/20 split of 1797 images, pixels in [0, 1]") {
        val d = DigitsData.load(0)
        (d.xTrain().shape().dim(0) + d.xTest().shape().dim(0)) shouldBe 1797
        d.xTest().shape().dim(0) shouldBe 359
        d.xTrain().shape().dim(1) shouldBe 64
        d.xTrain().toFloatArray().max() shouldBe 1f
        // every class is in the test split in proportion (about 36 of each of the ten digits)
        d.yTest().toFloatArray().groupBy { it }.values.forEach { (it.size in 34..38) shouldBe true }
        DigitsData.asImages(d.xTest()).shape().toArray().toList() shouldBe listOf(359, 8, 8, 1)
    }

    test("the MLP reaches at least 0.97 test accuracy; logs, model plots, history charts and TensorBoard files are written") {
        val out = Files.createTempDirectory("lamina-digits")
        lateinit var acc: Map<String, Double>
        val s = captured { acc = DigitsExample.trainAndEvaluate(SampleArgs.defaults().withOutputDir(out)) }
        acc.getValue("mlp") shouldBeGreaterThanOrEqual 0.97
        acc.getValue("cnn") shouldBeGreaterThanOrEqual 0.95
        s shouldContain "Train on 1438 samples, validate on 359 samples\nEpoch 1/30\n"
        s shouldContain progressLine(1438, "loss", "accuracy", "val_loss", "val_accuracy")
        s shouldContain Regex("(?m)^MLP test accuracy: 0\\.9[7-9]\\d\\d$")
        s shouldContain Regex("(?m)^CNN test accuracy: \\d\\.\\d{4}$")
        val dir = out.resolve("digits")
        for (name in listOf("mlp", "cnn")) {
            val csv = Files.readAllLines(dir.resolve("${name}_training.csv"))
            csv[0] shouldBe "epoch,accuracy,learning_rate,loss,val_accuracy,val_loss"
            csv.size shouldBe 1 + (if (name == "mlp") DigitsExample.MLP_EPOCHS else DigitsExample.CNN_EPOCHS)
            val chart = ImageIO.read(dir.resolve("${name}_history.png").toFile())
            chart.width shouldBe 1680
            chart.height shouldBe 672
            (ImageIO.read(dir.resolve("${name}_model.png").toFile()) != null) shouldBe true
        }
        // TensorBoard event files for the MLP run, one run directory each for train and validation
        for (run in listOf("train", "validation")) {
            val events = dir.resolve("logs/mlp/$run").listDirectoryEntries("events.out.tfevents.*")
            events.size shouldBe 1
            Files.size(events[0]) shouldBeGreaterThan 1000L
        }
        Files.exists(dir.resolve("logs/cnn")) shouldBe false
    }
})
