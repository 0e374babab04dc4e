package dev.lamina.kotlin

import dev.lamina.layers.AdditiveAttention
import dev.lamina.layers.Attention
import dev.lamina.layers.Layer
import dev.lamina.layers.MultiHeadAttention
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf

/** multiHeadAttention, attention and additiveAttention: Keras' argument names and defaults, and the functional calls. */
class AttentionFactoriesSpec : FunSpec({
    val sink = FunctionalScope()
    fun Layer.config(): Map<String, Any?> = getConfig()
    fun Any?.className(): Any? = (this as Map<*, *>)["class_name"]

    beforeTest { dev.lamina.Lamina.clearSession() }

    test("the factories have Keras' defaults") {
        val m = sink.multiHeadAttention(2, 8).config()
        m["num_heads"] shouldBe 2
        m["key_dim"] shouldBe 8
        m["value_dim"] shouldBe null
        m["dropout"] shouldBe 0.0
        m["use_bias"] shouldBe true
        m["output_shape"] shouldBe null
        m["kernel_initializer"].className() shouldBe "GlorotUniform"
        m["bias_initializer"].className() shouldBe "Zeros"
        m["use_causal_mask"] shouldBe false
        m["return_attention_scores"] shouldBe false
        val a = sink.attention().config()
        a["use_scale"] shouldBe false
        a["score_mode"] shouldBe "dot"
        a["dropout"] shouldBe 0.0
        sink.additiveAttention().config()["use_scale"] shouldBe true
    }

    test("every argument reaches the layer") {
        val m = sink.multiHeadAttention(3, 4, valueDim = 5, dropout = 0.25, useBias = false, outputShape = 7, kernelInitializer = "he_normal",
            biasInitializer = "ones", kernelRegularizer = "l2", biasRegularizer = "l1", seed = 3, useCausalMask = true,
            returnAttentionScores = true, name = "mha")
        val c = m.config()
        m.name() shouldBe "mha"
        listOf(c["value_dim"], c["dropout"], c["use_bias"], c["output_shape"], c["seed"], c["use_causal_mask"], c["return_attention_scores"]) shouldBe
            listOf(5, 0.25, false, 7, 3L, true, true)
        c["kernel_initializer"].className() shouldBe "HeNormal"
        c["bias_initializer"].className() shouldBe "Ones"
        c["kernel_regularizer"].className() shouldBe "L2"
        c["bias_regularizer"].className() shouldBe "L1"
        val a = sink.attention(useScale = true, scoreMode = "concat", dropout = 0.5, seed = 2, useCausalMask = true, returnAttentionScores = true, name = "att")
        listOf(a.name(), a.config()["use_scale"], a.config()["score_mode"], a.config()["dropout"], a.config()["seed"], a.config()["use_causal_mask"],
            a.config()["return_attention_scores"]) shouldBe listOf("att", true, "concat", 0.5, 2L, true, true)
        val d = sink.additiveAttention(useScale = false, dropout = 0.1, seed = 1, useCausalMask = true, returnAttentionScores = true, name = "add")
        listOf(d.name(), d.config()["use_scale"], d.config()["dropout"], d.config()["seed"], d.config()["use_causal_mask"],
            d.config()["return_attention_scores"]) shouldBe listOf("add", false, 0.1, 1L, true, true)
    }

    test("in a functional block: self-attention, a key, and the Luong and Bahdanau layers; a sequential block rejects two inputs") {
        val model = functional {
            val tokens = input(6, 8)
            val memory = input(4, 5)
            val h = multiHeadAttention(2, 4)(tokens, tokens)
            val cross = multiHeadAttention(2, 4, name = "cross")(h, memory, memory)
            val luong = attention(useScale = true)(cross, h)
            output(additiveAttention()(luong, cross))
        }
        model.getLayer("cross").shouldBeInstanceOf<MultiHeadAttention>()
        model.layers().count { it is Attention } shouldBe 1
        model.layers().count { it is AdditiveAttention } shouldBe 1
        model.predict(data(Tensor.ones(2, 6, 8), Tensor.ones(2, 4, 5))).shape() shouldBe Shape.of(2, 6, 8)
        shouldThrow<IllegalArgumentException> { sequential { input(6, 8); multiHeadAttention(2, 4) } }.message shouldContain
            "MultiHeadAttention 'multi_head_attention"
    }

    test("bad arguments name the layer") {
        shouldThrow<IllegalArgumentException> { sink.multiHeadAttention(0, 4) }.message shouldBe
            "MultiHeadAttention: expected num_heads > 0, received num_heads=0"
        shouldThrow<IllegalArgumentException> { sink.attention(scoreMode = "general") }.message shouldContain "expected score_mode 'dot' or 'concat'"
    }
})
