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
import dev.lamina.testing.TensorAsserts.assertBitEqual
import dev.lamina.testing.TensorAsserts.assertClose
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files

/**
 * Bidirectional, TimeDistributed, RepeatVector and Permute: recurrent.json's Bidirectional and TimeDistributed cases
 * (outputs, states, gradients w.r.t. the sequences and every weight) through the layers built from their Keras
 * configs, the layer test kit (shapes, gradients, config round trips), masks (padded against unpadded), summary(),
 * save/load, and bad input.
 */
@Suppress("UNCHECKED_CAST")
class SequenceLayersSpec : FunSpec({
    beforeTest { Lamina.clearSession(); Lamina.setRandomSeed(0) }

    val cases = Fixtures.load("recurrent.json")["cases"] as Map<String, Map<String, Any?>>

    fun maskOf(m: Map<String, Any?>): Tensor =
        Tensor.of((m["values"] as List<List<Boolean>>).flatten().map { if (it) 1f else 0f }.toFloatArray(), *(m["shape"] as List<Number>).map { it.toInt() }.toIntArray())

    for ((name, case) in cases.filter { it.value["layer"] == "Bidirectional" || it.value["layer"] == "TimeDistributed" }) {
        test("fixture $name through the ${case["layer"]} built from its Keras config") {
            val layer: Layer = if (case["layer"] == "Bidirectional") Bidirectional.fromConfig(case["config"] as Map<String, Any?>)
            else TimeDistributed.fromConfig(case["config"] as Map<String, Any?>)
            val seq = Variable("sequences", Fixtures.tensor((case["inputs"] as Map<String, Any?>)["sequences"]))
            val mask = ((case["masks"] as Map<String, Any?>)["mask"] as Map<String, Any?>?)?.let(::maskOf)
            layer.forward(listOf(seq.value()), false)
            val variables: Map<String, Variable> = if (layer is Bidirectional) {
                listOf("forward" to layer.forwardLayer(), "backward" to layer.backwardLayer()).flatMap { (d, l) ->
                    listOf("$d/kernel" to l.kernel(), "$d/recurrent_kernel" to l.recurrentKernel(), "$d/bias" to l.bias())
                }.toMap()
            } else {
                val dense = (layer as TimeDistributed).layer() as Dense
                mapOf("kernel" to dense.kernel(), "bias" to dense.bias())
            }
            val weights = case["weights"] as Map<String, Any?>
            layer.weights().map { w -> variables.entries.single { it.value === w }.key } shouldBe weights.keys.toList()
            for ((k, v) in weights) variables.getValue(k).assign(Fixtures.tensor(v))
            val out = layer.forwardMasked(listOf(seq.value()), listOf(mask), false)
            val expected = case["outputs"] as Map<String, Any?>
            out.values().size shouldBe expected.size
            val upstream = case["upstream"] as Map<String, Any?>
            var loss: Tensor? = null
            for ((i, entry) in expected.entries.withIndex()) {
                val (shape, values) = Fixtures.doubles(entry.value)
                assertClose(values, shape, out.values()[i], 1e-5, 1e-6, "$name ${entry.key}")
                val term = ReduceOps.sum(Ops.multiply(out.values()[i], Fixtures.tensor(upstream[entry.key])))
                loss = loss?.let { Ops.add(it, term) } ?: term
            }
            if (mask != null) out.masks()[0]!!.toFloatArray().toList() shouldBe mask.toFloatArray().toList()
            val grads = case["grads"] as Map<String, Any?>
            val vars = listOf(seq) + weights.keys.map { variables.getValue(it) }
            val expectedGrads = listOf((grads["inputs"] as Map<String, Any?>)["sequences"]) + weights.keys.map { (grads["weights"] as Map<String, Any?>)[it] }
            val g = Autodiff.gradients(loss!!, vars)
            for ((i, v) in vars.withIndex()) {
                val (shape, values) = Fixtures.doubles(expectedGrads[i])
                assertClose(values, shape, g[i], 1e-5, 1e-6, "$name d/d${v.name()}")
            }
        }
    }

    test("the layer test kit: Bidirectional in every merge mode and over GRU/SimpleRNN, TimeDistributed, RepeatVector, Permute") {
        for (mode in listOf("concat", "sum", "mul", "ave")) {
            LayerTestKit { Bidirectional(LSTM(3).returnSequences(true).seed(1), mode) }.input(2, 4, 3)
                .expectOutputShape(2, 4, if (mode == "concat") 6 else 3).expectTrainableWeights(6).fromConfig(Bidirectional::fromConfig).run()
        }
        LayerTestKit { Bidirectional(GRU(2).seed(2)) }.input(2, 3, 2).expectOutputShape(2, 4).fromConfig(Bidirectional::fromConfig).run()
        LayerTestKit { Bidirectional(SimpleRNN(2).seed(3), "mul") }.input(2, 3, 2).expectOutputShape(2, 2).fromConfig(Bidirectional::fromConfig).run()
        LayerTestKit { Bidirectional(LSTM(2).seed(4), "sum", GRU(2).goBackwards(true).seed(5)) }.input(2, 3, 2).expectOutputShape(2, 2)
            .expectTrainableWeights(6).fromConfig(Bidirectional::fromConfig).run()
        LayerTestKit { TimeDistributed(Dense(3).activation("tanh").seed(1)) }.input(2, 4, 5).expectOutputShape(2, 4, 3).expectTrainableWeights(2)
            .fromConfig(TimeDistributed::fromConfig).run()
        LayerTestKit { TimeDistributed(Conv1D(2, 2).seed(2)) }.input(2, 3, 4, 2).expectOutputShape(2, 3, 3, 2).fromConfig(TimeDistributed::fromConfig).run()
        LayerTestKit { RepeatVector(3) }.input(2, 4).expectOutputShape(2, 3, 4).expectTrainableWeights(0).fromConfig(RepeatVector::fromConfig).run()
        LayerTestKit { Permute(2, 1) }.input(2, 4, 3).expectOutputShape(2, 3, 4).fromConfig(Permute::fromConfig).run()
        LayerTestKit { Permute(3, 1, 2) }.input(2, 4, 3, 2).expectOutputShape(2, 2, 4, 3).fromConfig(Permute::fromConfig).run()
    }

    test("RepeatVector and Permute move values as Keras does") {
        val x = Tensor.of(floatArrayOf(1f, 2f, 3f, 4f), 2, 2)
        RepeatVector(2).call(x).toFloatArray().toList() shouldBe listOf(1f, 2f, 1f, 2f, 3f, 4f, 3f, 4f)
        val y = Tensor.of(FloatArray(6) { it.toFloat() }, 1, 2, 3)
        Permute(2, 1).call(y).toFloatArray().toList() shouldBe listOf(0f, 3f, 1f, 4f, 2f, 5f)
    }

    test("Bidirectional: names, weight order, return_state outputs, merge_mode none, and the masks each output carries") {
        val bi = Bidirectional(LSTM(3).returnSequences(true).returnState(true).name("enc"), null)
        bi.forwardLayer().name() shouldBe "forward_enc"
        bi.backwardLayer().name() shouldBe "backward_enc"
        val x = Rng(1).normal(Shape.of(2, 4, 2), 0f, 1f)
        val mask = Tensor.of(floatArrayOf(1f, 1f, 1f, 0f, 1f, 1f, 0f, 0f), 2, 4)
        val out = bi.forwardMasked(listOf(x), listOf(mask), false)
        out.values().map { it.shape() } shouldBe listOf(Shape.of(2, 4, 3), Shape.of(2, 4, 3)) + List(4) { Shape.of(2, 3) }
        out.masks()[0]!!.toFloatArray().toList() shouldBe mask.toFloatArray().toList()
        out.masks()[1]!!.toFloatArray().toList() shouldBe mask.toFloatArray().toList()
        out.masks().drop(2).forEach { it.shouldBeNull() }
        bi.weights().map { it.name() } shouldBe listOf("forward_enc/kernel", "forward_enc/recurrent_kernel", "forward_enc/bias",
            "backward_enc/kernel", "backward_enc/recurrent_kernel", "backward_enc/bias")
        // Masked steps are zeros in both directions (zero_output_for_mask), the backward half in input time order.
        for (d in 0 until 3) { out.values()[0].get((1 * 4 + 2) * 3 + d) shouldBe 0f; out.values()[1].get((0 * 4 + 3) * 3 + d) shouldBe 0f }
        val last = Bidirectional(GRU(2))
        last.forwardMasked(listOf(x), listOf(mask), false).masks()[0].shouldBeNull()
        // Initial states: the first half to the forward layer, the second to the backward one.
        val h = Rng(2).normal(Shape.of(2, 3), 0f, 1f)
        val states = List(4) { Rng(3L + it).normal(Shape.of(2, 3), 0f, 1f) }
        val withState = bi.forward(listOf(x) + states, false)
        assertBitEqual(bi.forwardLayer().call(x, states.take(2), null, false)[0], withState[0], "forward half of initial_state")
        withState[0].valueEquals(bi.forward(listOf(x), false)[0]) shouldBe false
        h.shape() shouldBe Shape.of(2, 3)
    }

    test("padded batches give each sequence's unpadded result: Embedding(mask_zero) -> Bidirectional(LSTM) -> GlobalAveragePooling1D, and TimeDistributed keeps the mask") {
        val rows = listOf(listOf(3f, 1f, 4f, 1f), listOf(2f, 6f, 0f, 0f))
        val emb = Embedding(7, 3).maskZero(true).seed(1)
        val bi = Bidirectional(LSTM(2).returnSequences(true).seed(2))
        val td = TimeDistributed(Dense(2).seed(3))
        val pool = GlobalAveragePooling1D()
        fun model(n: Int): Model = Sequential(InputLayer(null, n), emb, bi, td, pool)
        val padded = model(4).predict(Tensor.of(rows.flatten().toFloatArray(), 2, 4), 2)
        val alone = model(2).predict(Tensor.of(floatArrayOf(2f, 6f), 1, 2), 1)
        assertClose(alone, Ops.slice(padded, 1, 2), 1e-6, 1e-7, "row 1 alone")
        val full = model(4).predict(Tensor.of(rows[0].toFloatArray(), 1, 4), 1)
        assertClose(full, Ops.slice(padded, 0, 1), 1e-6, 1e-7, "row 0 alone")
    }

    test("summary() shows the wrappers with Keras' param counts; save/load round-trips them with bit-identical predictions") {
        val x = Input.of(6)
        var h = Embedding(10, 4).maskZero(true).seed(1).apply(x)
        h = Bidirectional(LSTM(5).returnSequences(true).seed(2)).apply(h)
        h = TimeDistributed(Dense(3).seed(3)).apply(h)
        h = Permute(2, 1).apply(GlobalAveragePooling1D().apply(h).let { RepeatVector(2).apply(it) })
        val masking = Masking(0.0).apply(Input.of(4, 2).also { })
        val model = Model.of(x, Dense(1).seed(4).apply(Bidirectional(GRU(2).seed(5), "ave").apply(h)))
        val s = model.summaryString()
        s shouldContain "bidirectional (Bidirectional (None, 6, 10)             400       "
        s shouldContain "time_distributed (TimeDistri (None, 6, 3)              33        "
        s shouldContain "repeat_vector (RepeatVector) (None, 2, 3)              0         "
        s shouldContain "permute (Permute)            (None, 3, 2)              0         "
        s shouldContain "bidirectional_1 (Bidirection (None, 2)                 72        "
        masking.shape() shouldBe Shape.of(Shape.UNKNOWN, 4, 2)
        val dir = Files.createTempDirectory("lamina-seq")
        try {
            model.save(dir.resolve("m"))
            val loaded = Model.load(dir.resolve("m"))
            loaded.summaryString() shouldBe s
            val xs = Tensor.of(floatArrayOf(1f, 2f, 3f, 0f, 0f, 0f, 4f, 5f, 6f, 7f, 8f, 9f), 2, 6)
            assertBitEqual(model.predict(xs, 2), loaded.predict(xs, 2), "loaded predictions")
            (loaded.getLayer("bidirectional_1") as Bidirectional).mergeMode() shouldBe "ave"
        } finally {
            dir.toFile().deleteRecursively()
        }
    }

    test("bad input names the layer and what was expected; nothing is built") {
        shouldThrow<IllegalArgumentException> { Bidirectional(LSTM(2), "max") }.message shouldContain
            "Bidirectional: expected merge_mode one of [ave, concat, mul, sum] or null (none), received 'max'"
        shouldThrow<IllegalArgumentException> { Bidirectional(LSTM(2), "sum", LSTM(2)) }.message shouldContain
            "expected the forward and backward layers to have different go_backwards, received false for both"
        shouldThrow<IllegalArgumentException> { Bidirectional(LSTM(2).returnSequences(true), "sum", LSTM(2).goBackwards(true)) }.message shouldContain
            "the same return_sequences, received true for the forward layer and false for the backward layer"
        val bi = Bidirectional(LSTM(2)).name("bi")
        shouldThrow<IllegalArgumentException> { bi.forward(listOf(Tensor.zeros(2, 3, 2), Tensor.zeros(2, 2)), false) }.message shouldContain
            "Bidirectional 'bi': expected initial_state of 0 or 4 tensors (the forward layer's states, then the backward layer's), received 1"
        shouldThrow<IllegalArgumentException> { bi.forwardMasked(listOf(Tensor.zeros(2, 3, 2)), listOf(Tensor.ones(2, 2)), false) }.message shouldContain
            "expected a mask of shape [batch, time] = (2, 3)"
        bi.isBuilt() shouldBe false
        shouldThrow<IllegalArgumentException> { bi.forward(listOf(Tensor.zeros(2, 3)), false) }.message shouldContain "expected an input [batch, time, features] of rank 3"
        shouldThrow<IllegalArgumentException> { TimeDistributed(Dense(2)).name("td").forward(listOf(Tensor.zeros(2, 3)), false) }.message shouldContain
            "TimeDistributed 'td': expected an input [batch, time, ...] of rank >= 3, received (None, 3)"
        shouldThrow<IllegalArgumentException> { RepeatVector(0) }.message shouldContain "RepeatVector: expected n > 0, received n=0"
        shouldThrow<IllegalArgumentException> { RepeatVector(2).name("rv").forward(listOf(Tensor.zeros(2, 3, 1)), false) }.message shouldContain
            "RepeatVector 'rv': expected an input [batch, features] of rank 2, received (None, 3, 1)"
        shouldThrow<IllegalArgumentException> { Permute(1, 1) }.message shouldContain "Permute: expected dims a permutation of 1..2"
        shouldThrow<IllegalArgumentException> { Permute(2, 1).name("p").forward(listOf(Tensor.zeros(2, 3)), false) }.message shouldContain
            "Permute 'p': expected an input of rank 3 for dims [2, 1], received (None, 3)"
        shouldThrow<IllegalArgumentException> { RepeatVector(2).forwardMasked(listOf(Tensor.zeros(2, 3)), listOf(Tensor.ones(2)), false) }.message shouldContain
            "does not support masking"
        shouldThrow<IllegalArgumentException> { Bidirectional.fromConfig(mapOf("layer" to mapOf("class_name" to "Dense", "config" to mapOf("units" to 2)))) }.message shouldContain
            "Bidirectional.fromConfig: expected recurrent layers"
        shouldThrow<IllegalArgumentException> { TimeDistributed.fromConfig(mapOf("layer" to mapOf("class_name" to "java.lang.Runtime", "config" to mapOf<String, Any>()))) }.message shouldContain
            "unknown layer class_name 'java.lang.Runtime'"
    }
})
