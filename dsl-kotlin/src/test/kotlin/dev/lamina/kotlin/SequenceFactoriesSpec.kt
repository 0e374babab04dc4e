package dev.lamina.kotlin

import dev.lamina.layers.Bidirectional
import dev.lamina.layers.Dense
import dev.lamina.layers.Embedding
import dev.lamina.layers.GRU
import dev.lamina.layers.LSTM
import dev.lamina.layers.Masking
import dev.lamina.layers.Permute
import dev.lamina.layers.RepeatVector
import dev.lamina.layers.TimeDistributed
import dev.lamina.models.Sequential
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf

/** bidirectional, timeDistributed, repeatVector, permute, masking and embedding(maskZero): Keras' arguments, and wrapped layers made in their blocks stay out of the model. */
class SequenceFactoriesSpec : FunSpec({
    beforeTest { dev.lamina.Lamina.clearSession() }

    test("a sequential model with the sequence layers: the wrapped layers are the wrappers' only") {
        val model = sequential {
            input(6)
            embedding(10, 4, maskZero = true)
            bidirectional(mergeMode = "sum") { lstm(3, returnSequences = true) }
            timeDistributed { dense(2) }
            bidirectional(mergeMode = "ave", backwardLayer = { gru(2, goBackwards = true) }) { gru(2) }
        } as Sequential
        model.stackedLayers().map { it.javaClass } shouldBe listOf(Embedding::class.java, Bidirectional::class.java, TimeDistributed::class.java, Bidirectional::class.java)
        (model.stackedLayers()[0] as Embedding).maskZero() shouldBe true
        val bi = model.stackedLayers()[1] as Bidirectional
        bi.mergeMode() shouldBe "sum"
        bi.forwardLayer().shouldBeInstanceOf<LSTM>().returnSequences() shouldBe true
        (model.stackedLayers()[2] as TimeDistributed).layer().shouldBeInstanceOf<Dense>()
        val last = model.stackedLayers()[3] as Bidirectional
        last.mergeMode() shouldBe "ave"
        last.backwardLayer().shouldBeInstanceOf<GRU>()
        val out = model.forwardWithMasks(listOf(Tensor.of(floatArrayOf(1f, 2f, 3f, 0f, 0f, 0f), 1, 6)), false)
        out.values().map { it.shape() } shouldBe listOf(Shape.of(1, 2))
    }

    test("repeatVector, permute and masking with Keras' defaults") {
        val sink = FunctionalScope()
        sink.repeatVector(3).n() shouldBe 3
        sink.permute(2, 1).dims().toList() shouldBe listOf(2, 1)
        sink.masking().maskValue() shouldBe 0.0
        sink.masking(maskValue = -1.0, name = "m").name() shouldBe "m"
        sink.repeatVector(2, name = "r").shouldBeInstanceOf<RepeatVector>()
        sink.permute(1, name = "p").shouldBeInstanceOf<Permute>()
        sink.masking().shouldBeInstanceOf<Masking>()
        sink.embedding(3, 2).maskZero() shouldBe false
        sink.lstm(2, stateful = true).stateful() shouldBe true
        sink.gru(2).stateful() shouldBe false
    }
})
