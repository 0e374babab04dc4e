package dev.lamina.utils.plot

import dev.lamina.Lamina
import dev.lamina.layers.AdditiveAttention
import dev.lamina.layers.Concatenate
import dev.lamina.layers.Conv1D
import dev.lamina.layers.Conv2D
import dev.lamina.layers.Dense
import dev.lamina.layers.GlobalMaxPooling1D
import dev.lamina.layers.GlobalMaxPooling2D
import dev.lamina.layers.Input
import dev.lamina.layers.MultiHeadAttention
import dev.lamina.models.Model
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import javax.imageio.ImageIO

class PlotModelSpec : FunSpec({
    fun experiment6(): Model {
        Lamina.clearSession()
        val img = Input.of("img_input", 32, 32, 3)
        val ts = Input.of("ts_input", 20, 10)
        val x1 = GlobalMaxPooling2D().apply(Conv2D(3, 3).apply(img))
        val x2 = GlobalMaxPooling1D().apply(Conv1D(3, 3).apply(ts))
        val x = Concatenate.concatenate(x1, x2)
        return Model.of(listOf(img, ts), listOf(Dense(1).name("score_output").apply(x), Dense(5).name("class_output").apply(x)))
    }

    test("the Experiment 6 graph has a box per layer and an edge per connection, with shapes") {
        val g = PlotModel.graph(experiment6(), true, true)
        g.nodeCount() shouldBe 9
        g.edgeCount() shouldBe 8
        g.lines("conv2d") shouldBe listOf("conv2d", "Conv2D", "input: (None, 32, 32, 3)", "output: (None, 30, 30, 3)")
        g.lines("concatenate")[2] shouldBe "input: [(None, 3), (None, 3)]"
    }

    test("the sequence layers get their boxes and shapes: Embedding(mask_zero), Bidirectional, TimeDistributed, RepeatVector, Permute") {
        Lamina.clearSession()
        val x = Input.of(6)
        val h = dev.lamina.layers.Bidirectional(dev.lamina.layers.LSTM(3).returnSequences(true))
            .apply(dev.lamina.layers.Embedding(9, 4).maskZero(true).apply(x))
        val t = dev.lamina.layers.TimeDistributed(Dense(2)).apply(h)
        val p = dev.lamina.layers.Permute(2, 1).apply(dev.lamina.layers.RepeatVector(3).apply(dev.lamina.layers.GlobalAveragePooling1D().apply(t)))
        val g = PlotModel.graph(Model.of(x, p), true, true)
        g.nodeCount() shouldBe 7
        g.lines("bidirectional") shouldBe listOf("bidirectional", "Bidirectional", "input: (None, 6, 4)", "output: (None, 6, 6)")
        g.lines("time_distributed") shouldBe listOf("time_distributed", "TimeDistributed", "input: (None, 6, 6)", "output: (None, 6, 2)")
        g.lines("permute")[3] shouldBe "output: (None, 2, 3)"
    }

    test("plot_model writes a PNG and an SVG") {
        val dir = Files.createTempDirectory("plot")
        val m = experiment6()
        PlotModel.plotModel(m, dir.resolve("model.png"), true, true, 96, "TB")
        PlotModel.plotModel(m, dir.resolve("model.svg"), true, true, 96, "TB")
        (ImageIO.read(dir.resolve("model.png").toFile()).height > 200) shouldBe true
        Files.readString(dir.resolve("model.svg")) shouldContain "score_output"
        shouldThrow<IllegalArgumentException> { PlotModel.plotModel(m, dir.resolve("model.gif")) }
        shouldThrow<IllegalArgumentException> { PlotModel.plotModel(m, dir.resolve("m.png"), true, true, 96, "BT") }
    }

    test("attention layers: MultiHeadAttention's box shows its query and value inputs and its two outputs with the scores") {
        Lamina.clearSession()
        val q = Input.of("query", 3, 4)
        val v = Input.of("value", 5, 6)
        val (o, scores) = MultiHeadAttention(2, 3).returnAttentionScores(true).applyAll(q, v, null, null)
        val g = PlotModel.graph(Model.of(listOf(q, v), listOf(AdditiveAttention().apply(o, o), scores)), true, true)
        g.nodeCount() shouldBe 4
        g.lines("multi_head_attention") shouldBe listOf("multi_head_attention", "MultiHeadAttention", "input: [(None, 3, 4), (None, 5, 6)]",
            "output: [(None, 3, 4), (None, 2, 3, 5)]")
        g.lines("additive_attention") shouldBe listOf("additive_attention", "AdditiveAttention", "input: [(None, 3, 4), (None, 3, 4)]", "output: (None, 3, 4)")
    }
})
