package dev.lamina.layers

import dev.lamina.Lamina
import dev.lamina.models.Model
import dev.lamina.models.Sequential
import dev.lamina.tensor.Autodiff
import dev.lamina.tensor.Ops
import dev.lamina.tensor.ReduceOps
import dev.lamina.tensor.Rng
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.tensor.Variable
import dev.lamina.testing.Fixtures
import dev.lamina.testing.GradCheck
import dev.lamina.testing.TensorAsserts.assertBitEqual
import dev.lamina.testing.TensorAsserts.assertClose
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

/**
 * Masks travel with tensors through functional and Sequential models (and nested models): made by
 * Embedding(mask_zero) and Masking, passed on by the layers that support masking, used by the recurrent layers and
 * GlobalAveragePooling1D, dropped where Keras drops them, refused (naming the layer) where Keras refuses them.
 * recurrent.json's Embedding(mask_zero) -> LSTM cases through a Sequential, and padded batches against the same
 * sequences unpadded.
 */
@Suppress("UNCHECKED_CAST")
class MaskPropagationSpec : FunSpec({
    beforeTest { Lamina.clearSession(); Lamina.setRandomSeed(0) }

    val cases = Fixtures.load("recurrent.json")["cases"] as Map<String, Map<String, Any?>>

    fun ids(rows: List<List<Int>>): Tensor = Tensor.of(rows.flatten().map { it.toFloat() }.toFloatArray(), rows.size, rows[0].size)

    for (name in listOf("embedding_mask_zero_lstm_sequences", "embedding_mask_zero_lstm_last")) {
        test("fixture $name: the Embedding's mask reaches the LSTM inside a Sequential (outputs, mask, every weight gradient)") {
            val case = cases.getValue(name)
            val layers = (case["config"] as Map<String, Any?>)["layers"] as List<Map<String, Any?>>
            val embedding = Embedding.fromConfig(layers[0]["config"] as Map<String, Any?>)
            embedding.maskZero() shouldBe true
            val lstm = LSTM.fromConfig(layers[1]["config"] as Map<String, Any?>)
            val tokens = (case["int_inputs"] as Map<String, Any?>)["token_ids"] as Map<String, Any?>
            val x = ids(tokens["values"] as List<List<Int>>)
            val model = Sequential(InputLayer(null, x.shape().dim(1)), embedding, lstm)
            val weights = case["weights"] as Map<String, Any?>
            val vars = mapOf("embedding/embeddings" to embedding.embeddings(), "lstm/kernel" to lstm.kernel(),
                "lstm/recurrent_kernel" to lstm.recurrentKernel(), "lstm/bias" to lstm.bias())
            for ((k, v) in weights) vars.getValue(k).assign(Fixtures.tensor(v))
            val out = model.forwardWithMasks(listOf(x), false)
            val (shape, values) = Fixtures.doubles((case["outputs"] as Map<String, Any?>)["output"])
            assertClose(values, shape, out.values()[0], 1e-5, 1e-6, "$name output")
            val derived = case["derived_mask"] as Map<String, Any?>
            val expectedMask = (derived["values"] as List<List<Boolean>>).flatten().map { if (it) 1f else 0f }
            if (lstm.returnSequences()) out.masks()[0]!!.toFloatArray().toList() shouldBe expectedMask
            else out.masks()[0].shouldBeNull()
            val loss = ReduceOps.sum(Ops.multiply(out.values()[0], Fixtures.tensor((case["upstream"] as Map<String, Any?>)["output"])))
            val gw = (case["grads"] as Map<String, Any?>)["weights"] as Map<String, Any?>
            val order = weights.keys.toList()
            val grads = Autodiff.gradients(loss, order.map { vars.getValue(it) })
            for ((i, k) in order.withIndex()) {
                val (gs, gv) = Fixtures.doubles(gw[k])
                assertClose(gv, gs, grads[i], 1e-5, 1e-6, "$name d/d$k")
            }
            grads[0].toFloatArray().take(3).all { it == 0f } shouldBe true      // the padding row gets no gradient
        }
    }

    test("keras_training.json gru_masked and bidirectional_lstm: the first batch's loss from the initial weights is Keras' (and not without the mask)") {
        val training = Fixtures.load("keras_training.json")["cases"] as Map<String, Map<String, Any?>>
        for ((name, first) in listOf("gru_masked" to 16, "bidirectional_lstm" to 12)) {
            val case = training.getValue(name)
            val data = case["data"] as Map<String, Any?>
            val init = case["initial_weights"] as List<Map<String, Any?>>
            val expected = (((case["results"] as Map<String, Any?>)["batch_logs"] as Map<String, Any?>)["loss"] as List<List<Number>>)[0][0].toDouble()
            for (maskZero in listOf(true, false)) {
                Lamina.clearSession()
                val xs = Fixtures.tensor(data["x"])
                val seq: Layer = if (name == "gru_masked") GRU(8) else Bidirectional(LSTM(5).returnSequences(true))
                val layers = mutableListOf(InputLayer(null, xs.shape().dim(1)), Embedding(if (name == "gru_masked") 30 else 25, if (name == "gru_masked") 8 else 6).maskZero(maskZero), seq)
                if (name == "bidirectional_lstm") layers += GlobalAveragePooling1D()
                layers += Dense(2)
                val model = Sequential(*layers.toTypedArray())
                model.weights().forEachIndexed { i, v -> v.assign(Fixtures.tensor(init[i])) }
                val logits = model.forwardWithMasks(listOf(xs.slice(0, first)), true).values()[0]
                val loss = dev.lamina.losses.SparseCategoricalCrossentropy().fromLogits(true).call(Fixtures.tensor(data["y"]).slice(0, first), logits).get(0).toDouble()
                val close = Math.abs(loss - expected) <= 1e-5 + 1e-4 * Math.abs(expected)
                withClue("$name mask_zero=$maskZero: loss $loss, Keras $expected") { close shouldBe maskZero }
            }
        }
    }

    test("a padded batch gives each sequence's unpadded result: Embedding(mask_zero) -> GRU, LSTM and SimpleRNN, last step and sequences") {
        val rows = listOf(listOf(3, 1, 4, 1, 5), listOf(2, 6, 0, 0, 0), listOf(5, 3, 5, 0, 0))
        val lengths = listOf(5, 2, 3)
        for (make in listOf<() -> Layer>({ GRU(4).seed(3) }, { LSTM(4).seed(4) }, { SimpleRNN(4).seed(5) },
            { LSTM(3).returnSequences(true).seed(6) }, { GRU(3).goBackwards(true).seed(7) })) {
            Lamina.clearSession()
            val emb = Embedding(7, 3).maskZero(true).seed(1)
            val rnn = make()
            val model = Sequential(InputLayer(null, 5), emb, rnn)
            val padded = model.forwardWithMasks(listOf(ids(rows)), false).values()[0]
            for ((b, n) in lengths.withIndex()) {
                val alone = Sequential(InputLayer(null, n), emb, rnn).forwardAll(listOf(ids(listOf(rows[b].take(n)))), false)[0]
                if (padded.rank() == 2) {
                    assertClose(alone, Ops.slice(padded, b, b + 1), 1e-6, 1e-7, "${rnn.className()} row $b")
                } else {
                    val steps = Ops.split(Ops.slice(padded, b, b + 1), intArrayOf(n, 5 - n), 1)
                    assertClose(alone, steps[0], 1e-6, 1e-7, "${rnn.className()} row $b real steps")
                    // Keras' rule: a masked step repeats the last emitted output.
                    for (t in n until 5) assertClose(Ops.split(alone, intArrayOf(n - 1, 1), 1)[1], Ops.split(padded, intArrayOf(t, 1, 4 - t), 1)[1].let { Ops.slice(it, b, b + 1) }, 0.0, 0.0, "row $b step $t")
                }
            }
        }
    }

    test("Masking: zeros at steps whose features all equal mask_value, the mask reaches an LSTM; padded equals unpadded; kit and config") {
        val x = Rng(2).normal(Shape.of(2, 4, 3), 0f, 1f).toFloatArray()
        for (j in 0 until 3) { x[(0 * 4 + 3) * 3 + j] = -1f; x[(1 * 4 + 1) * 3 + j] = -1f; x[(1 * 4 + 2) * 3 + j] = -1f; x[(1 * 4 + 3) * 3 + j] = -1f }
        x[(0 * 4 + 0) * 3 + 1] = -1f                                  // one feature equal to mask_value does not mask
        val xs = Tensor.of(x, 2, 4, 3)
        val masking = Masking(-1.0)
        val out = masking.forwardMasked(listOf(xs), null, false)
        out.masks()[0]!!.toFloatArray().toList() shouldBe listOf(1f, 1f, 1f, 0f, 1f, 0f, 0f, 0f)
        for (j in 0 until 3) out.values()[0].get(3 * 3 + j) shouldBe 0f
        out.values()[0].get(1) shouldBe -1f
        val lstm = LSTM(2).seed(3)
        val model = Sequential(InputLayer(null, 4, 3), masking, lstm)
        val padded = model.predict(xs, 2)
        val first = lstm.call(Ops.split(Ops.slice(xs, 0, 1), intArrayOf(3, 1), 1)[0], emptyList(), null, false)[0]
        val second = lstm.call(Ops.split(Ops.slice(xs, 1, 2), intArrayOf(1, 3), 1)[0], emptyList(), null, false)[0]
        assertClose(first, Ops.slice(padded, 0, 1), 1e-6, 1e-7, "row 0")
        assertClose(second, Ops.slice(padded, 1, 2), 1e-6, 1e-7, "row 1")
        LayerTestKit { Masking(0.5) }.input(2, 4, 3).expectOutputShape(2, 4, 3).expectTrainableWeights(0).fromConfig(Masking::fromConfig).run()
        Masking.fromConfig(mapOf("mask_value" to 2.0, "name" to "m")).getConfig() shouldBe mapOf("name" to "m", "trainable" to true, "mask_value" to 2.0)
    }

    test("GlobalAveragePooling1D averages the unmasked steps only and drops the mask; gradients through the masked mean") {
        val x = Rng(3).normal(Shape.of(2, 4, 3), 0f, 1f)
        val mask = Tensor.of(floatArrayOf(1f, 1f, 0f, 0f, 1f, 0f, 1f, 1f), 2, 4)
        val pool = GlobalAveragePooling1D()
        val out = pool.forwardMasked(listOf(x), listOf(mask), false)
        out.masks()[0].shouldBeNull()
        val expected = FloatArray(6) { i ->
            val b = i / 3; val c = i % 3
            val steps = (0 until 4).filter { mask.get(b * 4 + it) != 0f }
            steps.map { x.get((b * 4 + it) * 3 + c) }.sum() / steps.size
        }
        assertClose(Tensor.of(expected, 2, 3), out.values()[0], 1e-6, 1e-7, "masked mean")
        pool.forward(listOf(x), false)[0].valueEquals(out.values()[0]) shouldBe false       // without the mask: every step
        GradCheck.check(x) { pool.forwardMasked(it, listOf(mask), false).values()[0] }
        val keep = GlobalAveragePooling1D().keepDims(true).forwardMasked(listOf(x), listOf(mask), false).values()[0]
        keep.shape() shouldBe Shape.of(2, 1, 3)
        keep.toFloatArray().toList() shouldBe out.values()[0].toFloatArray().toList()
    }

    test("masks pass through Dense on 3-D input, Dropout, Activation, LayerNormalization and a nested model; Add keeps a step only where every mask does") {
        val tokens = Input.of(5)
        val e1 = Embedding(9, 4).maskZero(true).seed(1).apply(tokens)
        val inner = run {
            val i = Input.of(5, 4)
            Model.of(i, Activation("tanh").apply(Dropout(0.5).seed(2).apply(Dense(4).seed(3).apply(i))))
        }
        val h = LayerNormalization().apply(inner.apply(e1))
        val other = Input.of(5)
        val e2 = Embedding(9, 4).maskZero(true).seed(4).apply(other)
        val sum = Add().apply(h, e2)
        val model = Model.of(listOf(tokens, other), listOf(sum, h, GlobalAveragePooling1D().apply(sum)))
        val a = ids(listOf(listOf(1, 2, 3, 0, 0), listOf(4, 0, 5, 6, 7)))
        val b = ids(listOf(listOf(1, 1, 0, 1, 0), listOf(2, 2, 2, 2, 2)))
        val out = model.forwardWithMasks(listOf(a, b), true)
        out.masks()[1]!!.toFloatArray().toList() shouldBe listOf(1f, 1f, 1f, 0f, 0f, 1f, 0f, 1f, 1f, 1f)
        out.masks()[0]!!.toFloatArray().toList() shouldBe listOf(1f, 1f, 0f, 0f, 0f, 1f, 0f, 1f, 1f, 1f)
        out.masks()[2].shouldBeNull()
        out.masks().filterNotNull().forEach { it.requiresGrad() shouldBe false }
        // predict uses the same masks: the pooled output is the mean over the AND-ed steps.
        val pooled = model.predictAll(dev.lamina.training.Data.of(a, b), 2)[2]
        val manual = GlobalAveragePooling1D().forwardMasked(listOf(model.predictAll(dev.lamina.training.Data.of(a, b), 2)[0]), listOf(out.masks()[0]), false).values()[0]
        assertBitEqual(manual, pooled, "pooled over the AND-ed mask")
    }

    test("a layer that does not support masking, given a mask, is an error naming it, in a model and eagerly; nothing is built") {
        val tokens = Input.of(5)
        val flat = Flatten().name("flat")
        val model = Model.of(tokens, Dense(2).apply(flat.apply(Embedding(9, 4).maskZero(true).apply(tokens))))
        shouldThrow<IllegalArgumentException> { model.predict(ids(listOf(listOf(1, 2, 0, 0, 0))), 1) }.message shouldContain
            "Flatten 'flat' does not support masking, but input 0 (1, 5, 4) carries a mask (1, 5)"
        val conv = Conv1D(2, 3).name("conv")
        shouldThrow<IllegalArgumentException> { conv.forwardMasked(listOf(Tensor.zeros(1, 5, 4)), listOf(Tensor.ones(1, 5)), false) }.message shouldContain
            "Conv1D 'conv' does not support masking"
        conv.isBuilt() shouldBe false
        // Without mask_zero the same model runs.
        val plain = Model.of(tokens, Dense(2).apply(Flatten().apply(Embedding(9, 4).apply(tokens))))
        plain.predict(ids(listOf(listOf(1, 2, 0, 0, 0))), 1).shape() shouldBe Shape.of(1, 2)
    }

    test("masks of the wrong shape are errors naming the layer and what was expected") {
        val lstm = LSTM(2).name("rnn")
        shouldThrow<IllegalArgumentException> { lstm.forwardMasked(listOf(Tensor.zeros(2, 5, 3)), listOf(Tensor.ones(2, 4)), false) }.message shouldContain
            "LSTM 'rnn': expected a mask of shape [batch, time] = (2, 5) for the input (2, 5, 3), received (2, 4)"
        shouldThrow<IllegalArgumentException> { lstm.forwardMasked(listOf(Tensor.zeros(2, 5, 3), Tensor.zeros(2, 2), Tensor.zeros(2, 2)), listOf(null, Tensor.ones(2, 2), null), false) }.message shouldContain
            "LSTM 'rnn': expected no mask on initial_state[0]"
        lstm.isBuilt() shouldBe false
        val dense = Dense(2).name("d")
        shouldThrow<IllegalArgumentException> { dense.forwardMasked(listOf(Tensor.zeros(2, 5, 3)), listOf(Tensor.ones(3, 5)), false) }.message shouldContain
            "Dense 'd': expected the mask of input 0 to have the leading sizes of the input (2, 5, 3), received a mask (3, 5)"
        shouldThrow<IllegalArgumentException> { dense.forwardMasked(listOf(Tensor.zeros(2, 5, 3)), listOf(), false) }.message shouldContain
            "Dense 'd': expected one mask (or null) per input, 1, received 0"
        shouldThrow<IllegalArgumentException> { GlobalAveragePooling1D().name("gap").forwardMasked(listOf(Tensor.zeros(2, 5, 3)), listOf(Tensor.ones(2, 5, 3)), false) }.message shouldContain
            "GlobalAveragePooling1D 'gap': expected a mask of shape [batch, time] = (2, 5)"
        shouldThrow<IllegalArgumentException> { Add().name("add").forwardMasked(listOf(Tensor.zeros(2, 5, 3), Tensor.zeros(2, 5, 3)), listOf(Tensor.ones(2, 5), Tensor.ones(2, 5, 3)), false) }.message shouldContain
            "Add 'add': expected the masks of the inputs to have one shape, received (2, 5) and (2, 5, 3)"
    }

    test("Embedding's mask_zero: config round trip, summary, and save/load keep the mask") {
        val e = Embedding(5, 2).maskZero(true)
        val c = e.getConfig()
        c["mask_zero"] shouldBe true
        Embedding.fromConfig(c).maskZero() shouldBe true
        Embedding.fromConfig(c - "mask_zero").maskZero() shouldBe false
        val model = Sequential(InputLayer(null, 4), Embedding(6, 3).maskZero(true).seed(1), GRU(2).seed(2))
        val dir = java.nio.file.Files.createTempDirectory("lamina-mask")
        try {
            model.save(dir.resolve("m"))
            val loaded = Model.load(dir.resolve("m"))
            val x = ids(listOf(listOf(1, 2, 0, 0), listOf(3, 0, 0, 0)))
            assertBitEqual(model.predict(x, 2), loaded.predict(x, 2), "loaded masked model")
            val unmasked = Sequential(InputLayer(null, 4), Embedding(6, 3).seed(1), GRU(2).seed(2))
            unmasked.setWeights(model.getWeights())
            unmasked.predict(x, 2).valueEquals(model.predict(x, 2)) shouldBe false
        } finally {
            dir.toFile().deleteRecursively()
        }
    }
})
