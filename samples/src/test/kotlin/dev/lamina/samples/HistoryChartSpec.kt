package dev.lamina.samples

import dev.lamina.training.History
import dev.lamina.training.Logs
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.awt.Color
import java.nio.file.Files
import javax.imageio.ImageIO

private fun history(vararg epochs: Map<String, Double>): History {
    val h = History()
    h.onTrainBegin(Logs.empty())
    epochs.forEachIndexed { i, m -> h.onEpochEnd(i, Logs.of(m)) }
    return h
}

class HistoryChartSpec : FunSpec({
    test("nice ticks cover the data with steps of 1, 2, 2.5 or 5 times a power of ten") {
        val loss = Ticks.nice(0.0193, 2.0186, 6)
        listOf(loss.min, loss.max, loss.step) shouldBe listOf(0.0, 2.5, 0.5)
        loss.values.map { loss.format(it) } shouldBe listOf("0.0", "0.5", "1.0", "1.5", "2.0", "2.5")
        val acc = Ticks.nice(0.4743, 0.9986, 6)
        listOf(acc.min, acc.max) shouldBe listOf(0.4, 1.0)
        acc.values.map { acc.format(it) } shouldBe listOf("0.4", "0.6", "0.8", "1.0")
        val flat = Ticks.nice(2.3, 2.3, 6)
        (flat.min < 2.3 && flat.max > 2.3) shouldBe true
        Ticks.nice(0.0, 0.25, 6).format(0.05) shouldBe "0.05"
    }

    test("epoch ticks start at 1 and then step by 1, 2, 5, 10, ...") {
        HistoryChart.epochTicks(3) shouldBe listOf(1, 2, 3)
        HistoryChart.epochTicks(30) shouldBe listOf(1, 5, 10, 15, 20, 25, 30)
        HistoryChart.epochTicks(200) shouldBe listOf(1, 50, 100, 150, 200)
    }

    test("draws training (blue) and validation (orange) curves in one panel per key, and writes a PNG") {
        val h = history(
            mapOf("loss" to 2.0, "accuracy" to 0.3, "val_loss" to 1.8, "val_accuracy" to 0.4),
            mapOf("loss" to 1.0, "accuracy" to 0.7, "val_loss" to 1.1, "val_accuracy" to 0.65),
            mapOf("loss" to 0.5, "accuracy" to 0.9, "val_loss" to 0.7, "val_accuracy" to 0.8),
        )
        val img = HistoryChart.render(h, "test", listOf("loss", "accuracy"))
        img.width shouldBe 1680
        val colors = HashSet<Int>()
        for (x in 0 until img.width step 2) for (y in 0 until img.height step 2) colors.add(img.getRGB(x, y) and 0xffffff)
        colors.contains(0x1f77b4) shouldBe true
        colors.contains(0xff7f0e) shouldBe true
        HistoryChart.render(h, "loss only", listOf("loss", "auc")).width shouldBe 840
        val file = Files.createTempDirectory("chart").resolve("sub/h.png")
        HistoryChart.write(h, file, "test", "accuracy")
        ImageIO.read(file.toFile()).getRGB(5, 5) shouldBe Color.WHITE.rgb
    }

    test("a history without any of the keys is an error naming what it has") {
        val h = history(mapOf("loss" to 1.0))
        shouldThrow<IllegalArgumentException> { HistoryChart.render(h, "t", listOf("mae")) }.message shouldContain
            "expected a history with one of [mae], received keys [loss]"
    }
})
