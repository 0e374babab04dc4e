package dev.lamina.layers

import dev.lamina.training.Data
import dev.lamina.Lamina
import dev.lamina.losses.SparseCategoricalCrossentropy
import dev.lamina.models.Model
import dev.lamina.optimizers.Adam
import dev.lamina.tensor.Ops
import dev.lamina.tensor.ReduceOps
import dev.lamina.tensor.Rng
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.testing.GradCheck
import dev.lamina.testing.TensorAsserts.assertBitEqual
import dev.lamina.testing.TensorAsserts.assertClose
import dev.lamina.training.FitOptions
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.shouldBeLessThan
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files

/**
 * MultiHeadAttention, Attention and AdditiveAttention beyond the fixtures: the layer test kit (shapes, gradients,
 * config round trips), gradients with masks and the causal mask, padded batches against the same sequences
 * unpadded, the inputs' implicit masks, attention scores, dropout, Keras' initial weights, and a Transformer block
 * in a functional model (summary, fit, save and load).
 */
class AttentionLayersSpec : FunSpec({
    beforeTest { Lamina.clearSession(); Lamina.setRandomSeed(0) }

    fun normal(seed: Long, vararg dims: Int): Tensor = Rng(seed).normal(Shape.of(*dims), 0f, 1f)

    test("the layer test kit: MultiHeadAttention cross, with a key, value_dim and output_shape, causal, without bias") {
        val q = normal(1, 2, 3, 5)
        val v = normal(2, 2, 4, 6)
        val k = normal(3, 2, 4, 3)
        LayerTestKit { MultiHeadAttention(2, 3).seed(1) }.inputs(q, v).expectOutputShape(2, 3, 5).expectTrainableWeights(8)
            .fromConfig(MultiHeadAttention::fromConfig).run()
        LayerTestKit { MultiHeadAttention(3, 2).valueDim(4).outputShape(7).seed(2) }.inputs(q, v, k).expectOutputShape(2, 3, 7)
            .fromConfig(MultiHeadAttention::fromConfig).run()
        LayerTestKit { MultiHeadAttention(2, 2).useCausalMask(true).useBias(false).seed(3) }.inputs(q, normal(4, 2, 3, 5)).expectOutputShape(2, 3, 5)
            .expectTrainableWeights(4).fromConfig(MultiHeadAttention::fromConfig).run()
    }

    test("the layer test kit: Attention dot with and without scale, concat, causal; AdditiveAttention with and without scale") {
        val q = normal(1, 2, 3, 4)
        val v = normal(2, 2, 5, 3)
        val k = normal(3, 2, 5, 4)
        LayerTestKit { Attention() }.inputs(q, normal(5, 2, 5, 4)).expectOutputShape(2, 3, 4).expectTrainableWeights(0).fromConfig(Attention::fromConfig).run()
        LayerTestKit { Attention().useScale(true) }.inputs(q, v, k).expectOutputShape(2, 3, 3).expectTrainableWeights(1).fromConfig(Attention::fromConfig).run()
        LayerTestKit { Attention().scoreMode("concat").useScale(true) }.inputs(q, v, k).expectOutputShape(2, 3, 3).expectTrainableWeights(2)
            .fromConfig(Attention::fromConfig).run()
        LayerTestKit { Attention().useCausalMask(true) }.inputs(q, normal(6, 2, 3, 4)).expectOutputShape(2, 3, 4).fromConfig(Attention::fromConfig).run()
        LayerTestKit { AdditiveAttention().seed(4) }.inputs(q, v, k).expectOutputShape(2, 3, 3).expectTrainableWeights(1)
            .fromConfig(AdditiveAttention::fromConfig).run()
        LayerTestKit { AdditiveAttention().useScale(false) }.inputs(q, v, k).expectOutputShape(2, 3, 3).expectTrainableWeights(0)
            .fromConfig(AdditiveAttention::fromConfig).run()
    }

    test("gradients w.r.t. query, value and key with an attention mask, a causal mask and query/value masks") {
        val mha = MultiHeadAttention(2, 3).useCausalMask(true).seed(5)
        val am = Tensor.of(floatArrayOf(1f, 1f, 0f, 1f, 1f, 1f, 0f, 1f, 1f, 1f, 1f, 0f, 1f, 1f, 1f, 1f, 0f, 1f, 1f, 1f, 1f, 0f, 1f, 1f), 2, 3, 4)
        GradCheck.check(normal(1, 2, 3, 4), normal(2, 2, 4, 5), normal(3, 2, 4, 2)) { (q, v, k) -> mha.call(q, v, k, am, false)[0] }
        val qm = Tensor.of(floatArrayOf(1f, 0f, 1f, 1f, 1f, 1f), 2, 3)
        val vm = Tensor.of(floatArrayOf(1f, 1f, 0f, 1f, 0f, 1f, 1f, 1f), 2, 4)
        for (layer in listOf(Attention().useScale(true), AdditiveAttention().seed(6), Attention().scoreMode("concat"))) {
            GradCheck.check(normal(4, 2, 3, 4), normal(5, 2, 4, 3), normal(6, 2, 4, 4)) { (q, v, k) -> layer.callWithMasks(listOf(q, v, k), listOf(qm, vm), false)[0] }
        }
    }

    test("padded batches give the same outputs as the sequences unpadded, and masked rows of Attention are 0") {
        val mha = MultiHeadAttention(2, 4).seed(7)
        val q = normal(1, 1, 3, 6)
        val v = normal(2, 1, 4, 5)
        val padded = Ops.concatenate(listOf(v, normal(3, 1, 2, 5)), 1)                 // two extra value steps
        val unpadded = mha.call(q, v, null, null, false)[0]
        val mask = Tensor.of(FloatArray(3 * 6) { if (it % 6 < 4) 1f else 0f }, 1, 3, 6)
        assertClose(unpadded, mha.call(q, padded, null, mask, false)[0], 1e-6, 1e-6, "MultiHeadAttention with a padded value")
        // The value mask of the implicit masks does the same.
        assertClose(unpadded, mha.callWithMasks(listOf(q, padded), listOf(null, Tensor.of(floatArrayOf(1f, 1f, 1f, 1f, 0f, 0f), 1, 6)), false)[0],
            1e-6, 1e-6, "value_mask")
        for (layer in listOf(Attention().useScale(true), AdditiveAttention().seed(8))) {
            val qa = normal(4, 1, 3, 5)
            val plain = layer.callWithMasks(listOf(qa, v), null, false)[0]
            val vm = Tensor.of(floatArrayOf(1f, 1f, 1f, 1f, 0f, 0f), 1, 6)
            val qm = Tensor.of(floatArrayOf(1f, 1f, 0f), 1, 3)
            val out = layer.callWithMasks(listOf(qa, padded), listOf(qm, vm), false)[0]
            assertClose(plain.slice(0, 1).reshape(3, 5).let { Ops.slice(it, 0, 2) }, Ops.slice(out.reshape(3, 5), 0, 2), 1e-6, 1e-6, "${layer.className()} padded")
            Ops.slice(out.reshape(3, 5), 2, 3).toFloatArray().toList() shouldBe List(5) { 0f }
        }
    }

    test("the causal mask: a position's output does not depend on later positions") {
        val mha = MultiHeadAttention(2, 3).useCausalMask(true).seed(9)
        val x = normal(1, 1, 5, 4)
        val changed = x.toFloatArray().also { for (i in 12 until 20) it[i] += 3f }           // positions 3 and 4
        val a = mha.call(x, x, null, null, false)[0]
        val b = mha.call(Tensor.of(changed, 1, 5, 4), Tensor.of(changed, 1, 5, 4), null, null, false)[0]
        assertBitEqual(Ops.slice(a.reshape(5, 4), 0, 3), Ops.slice(b.reshape(5, 4), 0, 3), "rows 0..2")
        a.valueEquals(b) shouldBe false
        val scores = MultiHeadAttention(1, 2).useCausalMask(true).returnAttentionScores(true).seed(1).call(x, x, null, null, false)[1]
        for (i in 0 until 5) for (j in 0 until 5) if (j > i) scores.get(0, 0, i, j) shouldBe 0f
        val att = Attention().useCausalMask(true).returnAttentionScores(true).callWithMasks(listOf(x, x), null, false)[1]
        for (i in 0 until 5) for (j in i + 1 until 5) att.get(0, i, j) shouldBe 0f
    }

    test("the implicit masks combine into the attention mask as Keras' _compute_attention_mask does") {
        val mha = MultiHeadAttention(2, 2).returnAttentionScores(true).seed(10)
        val q = normal(1, 2, 3, 4)
        val v = normal(2, 2, 4, 4)
        val k = normal(3, 2, 4, 4)
        val qm = Tensor.of(floatArrayOf(1f, 1f, 0f, 1f, 1f, 1f), 2, 3)
        val vm = Tensor.of(floatArrayOf(1f, 1f, 1f, 0f, 1f, 1f, 1f, 1f), 2, 4)
        val km = Tensor.of(floatArrayOf(1f, 1f, 1f, 1f, 0f, 1f, 1f, 1f), 2, 4)
        val explicit = Tensor.of(FloatArray(24) { if (it == 5) 0f else 1f }, 2, 3, 4)
        val combined = FloatArray(24) { i ->
            val b = i / 12; val t = (i / 4) % 3; val s = i % 4
            if (explicit.get(i) != 0f && qm.get(b * 3 + t) != 0f && vm.get(b * 4 + s) != 0f && km.get(b * 4 + s) != 0f) 1f else 0f
        }
        val expected = mha.call(q, v, k, Tensor.of(combined, 2, 3, 4), false)
        val got = mha.callWithMasks(listOf(q, v, k, explicit), listOf(qm, vm, km), false)
        for (i in 0 until 2) assertBitEqual(expected[i], got[i], "output $i")
        // A fully masked query row has all-zero weights, as Keras 3's masked softmax gives.
        for (s in 0 until 4) got[1].get(0, 0, 2, s) shouldBe 0f
        // Row (batch 0, t 1): the explicit mask drops s = 1 and the value mask s = 3.
        (0 until 4).map { got[1].get(0, 0, 1, it) == 0f } shouldBe listOf(false, true, false, true)
    }

    test("attention scores are softmax weights over the key positions, as a second output in a functional model") {
        val query = Input.of(3, 4)
        val value = Input.of(5, 6)
        val mha = MultiHeadAttention(2, 3).returnAttentionScores(true).seed(11)
        val outs = mha.applyAll(query, value, null, null)
        outs.map { it.shape() } shouldBe listOf(Shape.of(-1, 3, 4), Shape.of(-1, 2, 3, 5))
        val model = Model.of(listOf(query, value), outs)
        val q = normal(1, 2, 3, 4)
        val v = normal(2, 2, 5, 6)
        val predicted = model.predictAll(Data.of(listOf(q, v)), 2)
        val eager = mha.call(q, v, null, null, false)
        for (i in 0 until 2) assertBitEqual(eager[i], predicted[i], "output $i")
        assertClose(Tensor.ones(2, 2, 3, 1), ReduceOps.sum(predicted[1], true, -1), 1e-6, 1e-6, "rows sum to 1")
        val att = Attention().returnAttentionScores(true)
        att.applyAll(listOf(query, Input.of(5, 4))).map { it.shape() } shouldBe listOf(Shape.of(-1, 3, 4), Shape.of(-1, 3, 5))
    }

    test("dropout drops attention weights only while training, reproducibly with a seed") {
        val q = normal(1, 2, 4, 6)
        fun mha() = MultiHeadAttention(2, 3).dropout(0.5).seed(12)
        val a = mha()
        val b = mha()
        val inference = a.call(q, q, null, null, false)[0]
        inference.valueEquals(MultiHeadAttention(2, 3).seed(12).call(q, q, null, null, false)[0]) shouldBe true
        val t1 = a.call(q, q, null, null, true)[0]
        t1.valueEquals(inference) shouldBe false
        b.call(q, q, null, null, false)
        b.call(q, q, null, null, true)[0].valueEquals(t1) shouldBe true
        val att = Attention().dropout(0.5).seed(3).returnAttentionScores(true)
        val w = att.callWithMasks(listOf(q, q), null, true)[1]
        (0 until w.size()).count { w.get(it) == 0f } shouldBeGreaterThan 0
        att.callWithMasks(listOf(q, q), null, false)[1].toFloatArray().all { it > 0f } shouldBe true
    }

    test("Keras' weights: names, shapes, glorot fans of the 3-D kernels, zero biases") {
        val mha = MultiHeadAttention(4, 16).name("mha").seed(1)
        mha.call(Tensor.zeros(1, 2, 64), Tensor.zeros(1, 2, 64), null, null, false)
        mha.weights().map { "${it.name()} ${it.shape()}" } shouldBe listOf("mha/query/kernel (64, 4, 16)", "mha/query/bias (4, 16)",
            "mha/key/kernel (64, 4, 16)", "mha/key/bias (4, 16)", "mha/value/kernel (64, 4, 16)", "mha/value/bias (4, 16)",
            "mha/attention_output/kernel (4, 16, 64)", "mha/attention_output/bias (64,)")
        mha.countParams() shouldBe 16640L
        fun maxAbs(t: Tensor) = t.toFloatArray().maxOf { Math.abs(it) }.toDouble()
        val qLimit = Math.sqrt(6.0 / 1280)
        val oLimit = Math.sqrt(6.0 / 320)
        maxAbs(mha.weights()[0].value()) shouldBeLessThan qLimit
        (qLimit * 0.98) shouldBeLessThan maxAbs(mha.weights()[0].value())
        maxAbs(mha.weights()[6].value()) shouldBeLessThan oLimit
        (oLimit * 0.95) shouldBeLessThan maxAbs(mha.weights()[6].value())
        mha.weights()[1].value().toFloatArray().all { it == 0f } shouldBe true
        val add = AdditiveAttention().name("add")
        add.callWithMasks(listOf(Tensor.zeros(1, 2, 3), Tensor.zeros(1, 2, 3)), null, false)
        add.weights().map { "${it.name()} ${it.shape()}" } shouldBe listOf("add/scale (3,)")
        val dot = Attention().useScale(true).scoreMode("concat").name("dot")
        dot.callWithMasks(listOf(Tensor.zeros(1, 2, 3), Tensor.zeros(1, 2, 3)), null, false)
        dot.weights().map { "${it.name()} ${it.shape()} ${it.value().item()}" } shouldBe listOf("dot/scale () 1.0", "dot/concat_score_weight () 1.0")
    }

    test("a Keras 3 config: the keys Keras writes are read, defaults filled in, output_shape as a one-element list") {
        val keras = mapOf<String, Any?>("name" to "mha", "trainable" to true, "dtype" to "float32", "num_heads" to 2, "key_dim" to 4,
            "value_dim" to null, "dropout" to 0.1, "use_bias" to true, "output_shape" to listOf(6), "attention_axes" to null,
            "kernel_initializer" to mapOf("module" to "keras.initializers", "class_name" to "GlorotUniform", "config" to mapOf("seed" to null)),
            "bias_initializer" to mapOf("module" to "keras.initializers", "class_name" to "Zeros", "config" to emptyMap<String, Any?>()),
            "kernel_regularizer" to null, "bias_regularizer" to null, "activity_regularizer" to null, "kernel_constraint" to null,
            "bias_constraint" to null, "seed" to null)
        val m = MultiHeadAttention.fromConfig(keras as Map<String, Any>)
        m.name() shouldBe "mha"
        m.call(Tensor.zeros(1, 3, 5), Tensor.zeros(1, 2, 4), null, null, false)[0].shape() shouldBe Shape.of(1, 3, 6)
        m.getConfig()["output_shape"] shouldBe 6
        m.getConfig()["dropout"] shouldBe 0.1
        val a = Attention.fromConfig(mapOf("name" to "att", "trainable" to true, "dtype" to "float32", "use_scale" to true, "score_mode" to "dot", "dropout" to 0.0))
        a.getConfig().keys.toList() shouldBe listOf("name", "trainable", "use_scale", "score_mode", "dropout", "seed", "use_causal_mask", "return_attention_scores")
        AdditiveAttention.fromConfig(mapOf("name" to "add", "use_scale" to false, "dropout" to 0.0)).getConfig().keys.toList() shouldBe
            listOf("name", "trainable", "use_scale", "dropout", "seed", "use_causal_mask", "return_attention_scores")
    }

    test("a Transformer encoder block in a functional model: summary, fit lowers the loss, save and load predict the same bits") {
        fun block(): Model {
            val tokens = Input.of(8)
            val h = Embedding(20, 16).seed(1).apply(tokens)
            val att = MultiHeadAttention(4, 4).seed(2).apply(h, h)
            val h1 = LayerNormalization().epsilon(1e-3).apply(Add().apply(h, att))
            val ff = Dense(16).seed(4).apply(Dense(32).activation("relu").seed(3).apply(h1))
            val h2 = LayerNormalization().epsilon(1e-3).apply(Add().apply(h1, ff))
            return Model.of(tokens, Dense(2).seed(5).apply(GlobalAveragePooling1D().apply(h2)))
        }
        val model = block()
        val s = model.summaryString()
        s shouldContain "multi_head_attention (MultiHead (None, 8, 16)        1088        embedding[0][0]                  \n" +
            "                                                                 embedding[0][0]                  \n"
        val x = Tensor.randint(Shape.of(64, 8), 20, 1)
        val y = Tensor.of(FloatArray(64) { if (x.get(it * 8) < 10f) 1f else 0f }, 64)
        model.compile(Adam(0.01), SparseCategoricalCrossentropy().fromLogits(true))
        val losses = model.fit(x, y, FitOptions.defaults().batchSize(16).epochs(6).verbose(0)).get("loss")
        losses.last() shouldBeLessThan losses.first() * 0.7
        val dir = Files.createTempDirectory("lamina-mha")
        try {
            val f = dir.resolve("block")
            model.save(f)
            val loaded = Model.load(f)
            loaded.summaryString() shouldBe s
            assertBitEqual(model.predict(x), loaded.predict(x), "predictions after load")
        } finally {
            dir.toFile().deleteRecursively()
        }
    }

    test("save and load keep a key input, an attention-mask input, causal masking, scores and the Attention layers") {
        val q = Input.of(3, 4)
        val v = Input.of(5, 6)
        val k = Input.of(5, 2)
        val m = Input.of(3, 5)
        val mha = MultiHeadAttention(2, 3).valueDim(2).outputShape(5).useCausalMask(true).returnAttentionScores(true).seed(1)
        val (o, scores) = mha.applyAll(q, v, k, m)
        val qm = Input.of(3)
        val vm = Input.of(5)
        val a = AdditiveAttention().seed(2).apply(o, Dense(5).seed(3).apply(v), Dense(5).seed(4).apply(v), qm, vm)
        val b = Attention().useScale(true).scoreMode("concat").apply(a, o)
        val model = Model.of(listOf(q, v, k, m, qm, vm), listOf(b, scores))
        val dir = Files.createTempDirectory("lamina-att")
        try {
            val f = dir.resolve("att")
            model.save(f)
            val loaded = Model.load(f)
            val xs = listOf(normal(1, 2, 3, 4), normal(2, 2, 5, 6), normal(3, 2, 5, 2), Tensor.of(FloatArray(30) { if (it % 7 == 3) 0f else 1f }, 2, 3, 5),
                Tensor.of(floatArrayOf(1f, 1f, 0f, 1f, 1f, 1f), 2, 3), Tensor.of(floatArrayOf(1f, 1f, 1f, 0f, 0f, 1f, 1f, 1f, 1f, 1f), 2, 5))
            val expected = model.predictAll(Data.of(xs), 2)
            val got = loaded.predictAll(Data.of(xs), 2)
            for (i in 0 until 2) assertBitEqual(expected[i], got[i], "output $i")
            (loaded.getLayer(mha.name()) as MultiHeadAttention).getConfig()["use_causal_mask"] shouldBe true
        } finally {
            dir.toFile().deleteRecursively()
        }
    }
})
