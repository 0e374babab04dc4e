package dev.lamina.layers

import dev.lamina.Lamina
import dev.lamina.tensor.Tensor
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

/** Bad input to the attention layers names the layer, what was expected and what was received, and changes nothing. */
class AttentionBadInputSpec : FunSpec({
    beforeTest { Lamina.clearSession(); Lamina.setRandomSeed(0) }

    fun iae(block: () -> Any?): String = shouldThrow<IllegalArgumentException> { block() }.message!!

    test("num_heads, key_dim, value_dim, output_shape, dropout and score_mode out of range") {
        iae { MultiHeadAttention(0, 4) } shouldBe "MultiHeadAttention: expected num_heads > 0, received num_heads=0"
        iae { MultiHeadAttention(2, -1) } shouldBe "MultiHeadAttention: expected key_dim > 0, received key_dim=-1"
        iae { MultiHeadAttention(2, 4).valueDim(0) } shouldBe "MultiHeadAttention: expected value_dim > 0, received value_dim=0"
        iae { MultiHeadAttention(2, 4).outputShape(0) } shouldBe "MultiHeadAttention: expected output_shape > 0, received output_shape=0"
        iae { MultiHeadAttention(2, 4).dropout(1.0) } shouldBe "MultiHeadAttention: expected 0 <= dropout < 1, received dropout=1.0"
        iae { Attention().scoreMode("general") } shouldBe "Attention: expected score_mode 'dot' or 'concat', received 'general'"
        iae { AdditiveAttention().dropout(-0.1) } shouldBe "AdditiveAttention: expected 0 <= dropout < 1, received dropout=-0.1"
    }

    test("configs with keys Lamina does not implement, or values out of range, name the key") {
        iae { MultiHeadAttention.fromConfig(mapOf("num_heads" to 2, "key_dim" to 4, "attention_axes" to listOf(1, 2))) } shouldBe
            "MultiHeadAttention.fromConfig: config key 'attention_axes' is not supported at this value; expected attention_axes=null or [1] " +
            "(attention over the sequence axis), received attention_axes=[1, 2]"
        MultiHeadAttention.fromConfig(mapOf("num_heads" to 2, "key_dim" to 4, "attention_axes" to listOf(1))).getConfig()["attention_axes"] shouldBe null
        iae { MultiHeadAttention.fromConfig(mapOf("num_heads" to 2, "key_dim" to 4, "output_shape" to listOf(2, 3))) } shouldBe
            "MultiHeadAttention.fromConfig: expected output_shape as null, a size or a list of one size, received output_shape=[2, 3]"
        iae { MultiHeadAttention.fromConfig(mapOf("num_heads" to 0, "key_dim" to 4)) } shouldContain "expected num_heads > 0"
        iae { MultiHeadAttention.fromConfig(mapOf("key_dim" to 4)) } shouldContain "MultiHeadAttention.fromConfig"
        iae { Attention.fromConfig(mapOf("score_mode" to "general")) } shouldContain "expected score_mode 'dot' or 'concat'"
    }

    test("MultiHeadAttention: wrong rank, count, batch, lengths and mask shapes, before and after building; nothing changes") {
        val mha = MultiHeadAttention(2, 3).name("att")
        iae { mha.call(Tensor.zeros(2, 4), Tensor.zeros(2, 3, 4), null, null, false) } shouldBe
            "MultiHeadAttention 'att': expected query [batch, time, features] of rank 3 with known features, received (2, 4)"
        iae { mha.call(Tensor.zeros(2, 3, 4), Tensor.zeros(2, 5, 4, 1), null, null, false) } shouldContain "expected value [batch, time, features] of rank 3"
        iae { mha.call(Tensor.zeros(2, 3, 4), Tensor.zeros(3, 5, 4), null, null, false) } shouldBe
            "MultiHeadAttention 'att': expected every input with the query's batch size 2, received value (3, 5, 4)"
        iae { mha.call(Tensor.zeros(2, 3, 4), Tensor.zeros(2, 5, 4), Tensor.zeros(2, 4, 4), null, false) } shouldBe
            "MultiHeadAttention 'att': expected key and value of the same length, received value (2, 5, 4) and key (2, 4, 4)"
        iae { mha.call(Tensor.zeros(2, 3, 4), Tensor.zeros(2, 5, 4), null, Tensor.ones(2, 5, 3), false) } shouldBe
            "MultiHeadAttention 'att': expected attention_mask of shape [batch, T, S] = (2, 3, 5) for query (2, 3, 4) and value (2, 5, 4), received (2, 5, 3)"
        iae { mha.call(Tensor.zeros(2, 3, 4), Tensor.zeros(2, 5, 4), null, Tensor.ones(2, 3), false) } shouldContain "expected attention_mask of shape [batch, T, S]"
        iae { mha.apply(Input.of(3, 4)) } shouldBe
            "MultiHeadAttention 'att': expected inputs [query, value], [query, value, key] or [query, value, key, attention_mask], received 1 input(s)"
        iae { mha.callWithMasks(listOf(Tensor.zeros(2, 3, 4), Tensor.zeros(2, 5, 4)), listOf(Tensor.ones(2, 4)), false) } shouldBe
            "MultiHeadAttention 'att': expected query_mask of shape [batch, time] = (2, 3) for the input (2, 3, 4), received (2, 4)"
        mha.isBuilt() shouldBe false
        mha.weights().size shouldBe 0
        mha.call(Tensor.zeros(2, 3, 4), Tensor.zeros(2, 5, 6), null, null, false)
        val before = mha.weights().map { it.value().toFloatArray().toList() }
        iae { mha.call(Tensor.zeros(2, 3, 5), Tensor.zeros(2, 5, 6), null, null, false) } shouldBe
            "MultiHeadAttention 'att': expected query with 4 features (as built), received (2, 3, 5)"
        iae { mha.call(Tensor.zeros(2, 3, 4), Tensor.zeros(2, 5, 6), Tensor.zeros(2, 5, 2), null, false) } shouldBe
            "MultiHeadAttention 'att': expected key with 6 features (as built), received (2, 5, 2)"
        iae { mha.apply(Input.of(3, 4), Input.of(5, 7)) } shouldContain "expected value with 6 features (as built), received (None, 5, 7)"
        mha.weights().map { it.value().toFloatArray().toList() } shouldBe before
        val keyed = MultiHeadAttention(1, 2).name("keyed")
        keyed.call(Tensor.zeros(1, 2, 3), Tensor.zeros(1, 2, 3), Tensor.zeros(1, 2, 5), null, false)
        iae { keyed.call(Tensor.zeros(1, 2, 3), Tensor.zeros(1, 2, 3), null, null, false) } shouldBe
            "MultiHeadAttention 'keyed': was built with a separate key of 5 features; expected the key as the third input, received [query, value]"
    }

    test("Attention and AdditiveAttention: wrong rank, count, features and mask shapes; nothing changes") {
        val att = Attention().name("luong")
        iae { att.callWithMasks(listOf(Tensor.zeros(2, 3, 4)), null, false) } shouldBe
            "Attention 'luong': expected inputs [query, value], [query, value, key] or [query, value, key, query_mask, value_mask], received 1 input(s)"
        iae { att.callWithMasks(listOf(Tensor.zeros(2, 3), Tensor.zeros(2, 3, 4)), null, false) } shouldBe
            "Attention 'luong': expected query [batch, time, features] of rank 3 with known features, received (2, 3)"
        iae { att.callWithMasks(listOf(Tensor.zeros(2, 3, 4), Tensor.zeros(2, 5, 3)), null, false) } shouldBe
            "Attention 'luong': expected query and key with the same features, received query (2, 3, 4) and key (2, 5, 3)"
        iae { att.callWithMasks(listOf(Tensor.zeros(2, 3, 4), Tensor.zeros(2, 5, 3), Tensor.zeros(2, 4, 4)), null, false) } shouldBe
            "Attention 'luong': expected key and value of the same length, received value (2, 5, 3) and key (2, 4, 4)"
        iae { att.callWithMasks(listOf(Tensor.zeros(2, 3, 4), Tensor.zeros(2, 5, 4)), listOf(null, Tensor.ones(2, 3)), false) } shouldBe
            "Attention 'luong': expected value_mask of shape [batch, time] = (2, 5) for the input (2, 5, 4), received (2, 3)"
        iae { att.apply(Input.of(3, 4), Input.of(5, 4), Input.of(5, 4), Input.of(3)) } shouldContain "received 4 input(s)"
        att.isBuilt() shouldBe false
        val add = AdditiveAttention().name("bahdanau")
        add.callWithMasks(listOf(Tensor.zeros(2, 3, 4), Tensor.zeros(2, 5, 4)), null, false)
        val before = add.weights().map { it.value().toFloatArray().toList() }
        iae { add.callWithMasks(listOf(Tensor.zeros(2, 3, 5), Tensor.zeros(2, 5, 5)), null, false) } shouldBe
            "AdditiveAttention 'bahdanau': expected query with 4 features (as built), received (2, 3, 5)"
        iae { add.callWithMasks(listOf(Tensor.zeros(2, 3, 4), Tensor.zeros(2, 5, 4)), listOf(Tensor.ones(3, 3), null), false) } shouldContain
            "expected query_mask of shape [batch, time] = (2, 3)"
        add.weights().map { it.value().toFloatArray().toList() } shouldBe before
    }
})
