package dev.lamina.kotlin

import dev.lamina.layers.GRU
import dev.lamina.layers.LSTM
import dev.lamina.layers.Layer
import dev.lamina.layers.SimpleRNN
import dev.lamina.tensor.Shape
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf

/** simpleRNN, lstm and gru: Keras' argument names and defaults, and the builders with initial_state. */
class RecurrentFactoriesSpec : FunSpec({
    val sink = FunctionalScope()
    fun Layer.config(): Map<String, Any?> = getConfig()
    fun Any?.className(): Any? = (this as Map<*, *>)["class_name"]

    beforeTest { dev.lamina.Lamina.clearSession() }

    test("the factories have Keras' defaults") {
        for (l in listOf(sink.simpleRNN(4), sink.lstm(4), sink.gru(4))) {
            val c = l.config()
            c["units"] shouldBe 4
            c["activation"] shouldBe "tanh"
            c["use_bias"] shouldBe true
            c["kernel_initializer"].className() shouldBe "GlorotUniform"
            c["recurrent_initializer"].className() shouldBe "Orthogonal"
            c["bias_initializer"].className() shouldBe "Zeros"
            c["dropout"] shouldBe 0.0
            c["recurrent_dropout"] shouldBe 0.0
            c["return_sequences"] shouldBe false
            c["return_state"] shouldBe false
            c["go_backwards"] shouldBe false
            c["stateful"] shouldBe false
        }
        sink.lstm(4).config()["recurrent_activation"] shouldBe "sigmoid"
        sink.lstm(4).config()["unit_forget_bias"] shouldBe true
        sink.gru(4).config()["reset_after"] shouldBe true
        sink.simpleRNN(4).config().containsKey("recurrent_activation") shouldBe false
    }

    test("every argument reaches the layer") {
        val l = sink.lstm(3, activation = "relu", recurrentActivation = "hard_sigmoid", useBias = false, kernelInitializer = "he_normal",
            recurrentInitializer = "glorot_uniform", biasInitializer = "ones", unitForgetBias = false, kernelRegularizer = "l2",
            recurrentRegularizer = "l1", biasRegularizer = "l2", dropout = 0.25, recurrentDropout = 0.5, seed = 9,
            returnSequences = true, returnState = true, goBackwards = true, name = "enc")
        val c = l.config()
        l.name() shouldBe "enc"
        c["activation"] shouldBe "relu"
        c["recurrent_activation"] shouldBe "hard_sigmoid"
        c["use_bias"] shouldBe false
        c["kernel_initializer"].className() shouldBe "HeNormal"
        c["recurrent_initializer"].className() shouldBe "GlorotUniform"
        c["bias_initializer"].className() shouldBe "Ones"
        c["unit_forget_bias"] shouldBe false
        c["kernel_regularizer"].className() shouldBe "L2"
        c["recurrent_regularizer"].className() shouldBe "L1"
        c["bias_regularizer"].className() shouldBe "L2"
        c["dropout"] shouldBe 0.25
        c["recurrent_dropout"] shouldBe 0.5
        c["seed"] shouldBe 9L
        c["return_sequences"] shouldBe true
        c["return_state"] shouldBe true
        c["go_backwards"] shouldBe true
        sink.gru(2, resetAfter = false).config()["reset_after"] shouldBe false
        sink.simpleRNN(2, activation = null).config()["activation"] shouldBe "linear"
        shouldThrow<IllegalArgumentException> { sink.gru(2, activation = "gelu") }.message shouldContain "GRU: expected activation one of"
    }

    test("sequential and functional blocks build recurrent models, initial_state included") {
        val s = sequential { input(6, 2); lstm(8, returnSequences = true); gru(4); dense(1) }
        s.stackedLayers()[0].shouldBeInstanceOf<LSTM>()
        s.stackedLayers()[1].shouldBeInstanceOf<GRU>()
        val m = functional {
            val x = input(5, 3)
            val h0 = input(4)
            output(simpleRNN(4, returnSequences = true).apply(x, listOf(h0)))
        }
        m.layers().filterIsInstance<SimpleRNN>().size shouldBe 1
        m.outputs()[0].shape() shouldBe Shape.of(Shape.UNKNOWN, 5, 4)
    }
})
