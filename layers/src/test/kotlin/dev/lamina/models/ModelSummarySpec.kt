package dev.lamina.models

import dev.lamina.Lamina
import dev.lamina.layers.Dense
import dev.lamina.layers.Input
import dev.lamina.layers.InputLayer
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.ByteArrayOutputStream
import java.io.PrintStream

class ModelSummarySpec : FunSpec({
    beforeTest { Lamina.clearSession(); Lamina.setRandomSeed(0) }

    fun experiment1(): Model {
        val inputs = Input.of(32)
        var x = Dense(64).activation("relu").apply(inputs)
        x = Dense(64).activation("relu").apply(x)
        return Model.of(inputs, Dense(10).apply(x))
    }

    fun text(vararg lines: String) = lines.joinToString("\n", postfix = "\n")

    test("Experiment 1 prints tf.keras 2.x's table with 6,922 params") {
        experiment1().summaryString() shouldBe text(
            "Model: \"functional\"",
            "_________________________________________________________________",
            "Layer (type)                 Output Shape              Param #   ",
            "=================================================================",
            "input_layer (InputLayer)     [(None, 32)]              0         ",
            "_________________________________________________________________",
            "dense (Dense)                (None, 64)                2112      ",
            "_________________________________________________________________",
            "dense_1 (Dense)              (None, 64)                4160      ",
            "_________________________________________________________________",
            "dense_2 (Dense)              (None, 10)                650       ",
            "=================================================================",
            "Total params: 6,922",
            "Trainable params: 6,922",
            "Non-trainable params: 0",
            "_________________________________________________________________",
        )
    }

    test("a Sequential leaves its InputLayer out, as tf.keras does") {
        Sequential(InputLayer(null, 8), Dense(4), Dense(2)).summaryString() shouldBe text(
            "Model: \"sequential\"",
            "_________________________________________________________________",
            "Layer (type)                 Output Shape              Param #   ",
            "=================================================================",
            "dense (Dense)                (None, 4)                 36        ",
            "_________________________________________________________________",
            "dense_1 (Dense)              (None, 2)                 10        ",
            "=================================================================",
            "Total params: 46",
            "Trainable params: 46",
            "Non-trainable params: 0",
            "_________________________________________________________________",
        )
    }

    test("Experiment 6: two inputs, a merge and two heads print Connected to at 98 columns") {
        val img = Input.of("img_input", 32, 32, 3)
        val ts = Input.of("ts_input", 20, 10)
        val a = FakeGlobalPool("GlobalMaxPooling2D", "global_max_pooling2d").apply(FakeConv("Conv2D", "conv2d", 3, 3, 3).apply(img))
        val b = FakeGlobalPool("GlobalMaxPooling1D", "global_max_pooling1d").apply(FakeConv("Conv1D", "conv1d", 3, 3).apply(ts))
        val merged = FakeConcat().apply(a, b)
        val m = Model.of(listOf(img, ts), listOf(Dense(1).name("score_output").apply(merged), Dense(5).name("class_output").apply(merged)))
        m.isSequentialGraph() shouldBe false
        m.layers().map { it.countParams() } shouldBe listOf(0L, 0L, 84L, 93L, 0L, 0L, 0L, 7L, 35L)
        m.summaryString() shouldBe text(
            "Model: \"functional\"",
            "__________________________________________________________________________________________________",
            "Layer (type)                    Output Shape         Param #     Connected to                     ",
            "==================================================================================================",
            "img_input (InputLayer)          [(None, 32, 32, 3)]  0                                            ",
            "__________________________________________________________________________________________________",
            "ts_input (InputLayer)           [(None, 20, 10)]     0                                            ",
            "__________________________________________________________________________________________________",
            "conv2d (Conv2D)                 (None, 30, 30, 3)    84          img_input[0][0]                  ",
            "__________________________________________________________________________________________________",
            "conv1d (Conv1D)                 (None, 18, 3)        93          ts_input[0][0]                   ",
            "__________________________________________________________________________________________________",
            "global_max_pooling2d (GlobalMax (None, 3)            0           conv2d[0][0]                     ",
            "__________________________________________________________________________________________________",
            "global_max_pooling1d (GlobalMax (None, 3)            0           conv1d[0][0]                     ",
            "__________________________________________________________________________________________________",
            "concatenate (Concatenate)       (None, 6)            0           global_max_pooling2d[0][0]       ",
            "                                                                 global_max_pooling1d[0][0]       ",
            "__________________________________________________________________________________________________",
            "score_output (Dense)            (None, 1)            7           concatenate[0][0]                ",
            "__________________________________________________________________________________________________",
            "class_output (Dense)            (None, 5)            35          concatenate[0][0]                ",
            "==================================================================================================",
            "Total params: 219",
            "Trainable params: 219",
            "Non-trainable params: 0",
            "__________________________________________________________________________________________________",
        )
    }

    test("frozen layers count as non-trainable, with thousands separators") {
        val m = experiment1()
        m.getLayer("dense_1").setTrainable(false)
        val s = m.summaryString()
        s shouldContain "\nTotal params: 6,922\nTrainable params: 2,762\nNon-trainable params: 4,160\n"
    }

    test("a nested model is one row with its class name and its [1] call (the first is its construction)") {
        val inner = experiment1()
        val outer = Input.of(32)
        val head = Dense(2).apply(inner.apply(outer))
        val extra = Dense(3).apply(outer)
        val m = Model.of(listOf(outer), listOf(head, extra))
        val lines = m.summaryString().lines()
        lines.filter { it.startsWith("functional (Functional)") } shouldBe
            listOf("functional (Functional)         (None, 10)           6922        input_layer_1[0][0]              ")
        lines.filter { it.startsWith("dense_3 (Dense)") } shouldBe
            listOf("dense_3 (Dense)                 (None, 2)            22          functional[1][0]                 ")
        lines.contains("Total params: 7,043") shouldBe true
    }

    test("a multi-output model used as a layer shows a list of shapes and both of its outputs") {
        val i = Input.of(4)
        val inner = Model.of(listOf(i), listOf(Dense(1).apply(i), Dense(5).apply(i)))
        val outer = Input.of(4)
        val outs = inner.applyAll(listOf(outer))
        val m = Model.of(listOf(outer), listOf(Dense(2).apply(outs[0]), Dense(2).apply(outs[1])))
        val lines = m.summaryString().lines()
        lines.filter { it.startsWith("functional (Functional)") } shouldBe
            listOf("functional (Functional)         [(None, 1), (None, 5 30          input_layer_1[0][0]              ")
        lines.filter { it.contains("functional[1][") }.map { it.substring(0, 16) + it.substring(65).trimEnd() } shouldBe
            listOf("dense_2 (Dense) functional[1][0]", "dense_3 (Dense) functional[1][1]")
    }

    test("summary(PrintStream) prints summaryString, and a line length rescales the columns") {
        val m = experiment1()
        val buf = ByteArrayOutputStream()
        m.summary(PrintStream(buf, true, "UTF-8"))
        buf.toString("UTF-8") shouldBe m.summaryString()
        val old = System.out
        val wide = ByteArrayOutputStream()
        System.setOut(PrintStream(wide, true, "UTF-8"))
        try {
            m.summary(100)
        } finally {
            System.setOut(old)
        }
        val lines = wide.toString("UTF-8").lines()
        lines[1] shouldBe "_".repeat(100)
        lines[2] shouldBe "Layer (type)".padEnd(45) + "Output Shape".padEnd(40) + "Param #".padEnd(15)
    }
})
