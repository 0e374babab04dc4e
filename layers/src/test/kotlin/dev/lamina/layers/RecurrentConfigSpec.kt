package dev.lamina.layers

import dev.lamina.Lamina
import dev.lamina.tensor.Autodiff
import dev.lamina.tensor.Ops
import dev.lamina.tensor.ReduceOps
import dev.lamina.tensor.Rng
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.tensor.Variable
import dev.lamina.testing.Fixtures
import dev.lamina.testing.TensorAsserts.assertClose
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

/**
 * The Keras config keys of SimpleRNN, LSTM and GRU read through the one ConfigReader: zero_output_for_mask (against
 * recurrent.json's masked Bidirectional case, whose two copies Keras runs with it), unroll at either value, the
 * config of a real Keras 3 model, and wrong types named by key.
 */
@Suppress("UNCHECKED_CAST")
class RecurrentConfigSpec : FunSpec({
    beforeTest { Lamina.clearSession(); Lamina.setRandomSeed(0) }

    val recurrent = Fixtures.load("recurrent.json")["cases"] as Map<String, Map<String, Any?>>

    fun maskOf(m: Map<String, Any?>): Tensor =
        Tensor.of((m["values"] as List<List<Boolean>>).flatten().map { if (it) 1f else 0f }.toFloatArray(), *(m["shape"] as List<Number>).map { it.toInt() }.toIntArray())

    /** {@code [b, t, u]} values reversed along time (the backward copy's processing order). */
    fun reversedInTime(v: DoubleArray, b: Int, t: Int, u: Int) = DoubleArray(v.size) { i ->
        val bi = i / (t * u); val ti = (i / u) % t; val ui = i % u
        v[(bi * t + (t - 1 - ti)) * u + ui]
    }

    /** Columns {@code [from, from + n)} of the last axis of {@code [rows, width]} values. */
    fun columns(v: DoubleArray, width: Int, from: Int, n: Int) = DoubleArray(v.size / width * n) { i -> v[(i / n) * width + from + i % n] }

    test("zero_output_for_mask: the masked Bidirectional(LSTM) case as two LSTMs with it, outputs and every gradient") {
        val case = recurrent.getValue("bidirectional_lstm_concat_mask_sequences")
        val inner = ((case["config"] as Map<String, Any?>)["layer"] as Map<String, Any?>)["config"] as Map<String, Any?>
        val seq = Variable("sequences", Fixtures.tensor((case["inputs"] as Map<String, Any?>)["sequences"]))
        val mask = maskOf((case["masks"] as Map<String, Any?>)["mask"] as Map<String, Any?>)
        val (b, t) = mask.shape().dim(0) to mask.shape().dim(1)
        val weights = case["weights"] as Map<String, Any?>
        val (outShape, out) = Fixtures.doubles((case["outputs"] as Map<String, Any?>)["output"])
        val (_, up) = Fixtures.doubles((case["upstream"] as Map<String, Any?>)["output"])
        val u = outShape.last() / 2
        val gw = (case["grads"] as Map<String, Any?>)["weights"] as Map<String, Any?>
        var loss: Tensor? = null
        val vars = mutableListOf<Variable>(seq)
        val expectedGrads = mutableListOf((((case["grads"] as Map<String, Any?>)["inputs"]) as Map<String, Any?>)["sequences"])
        for ((direction, backwards) in listOf("forward" to false, "backward" to true)) {
            val layer = LSTM.fromConfig(inner + mapOf("zero_output_for_mask" to true, "go_backwards" to backwards))
            layer.getConfig()["zero_output_for_mask"] shouldBe true
            layer.call(seq.value(), emptyList(), null, false)
            val own = listOf(layer.kernel(), layer.recurrentKernel(), layer.bias())
            for ((v, key) in own.zip(listOf("kernel", "recurrent_kernel", "bias"))) {
                v.assign(Fixtures.tensor(weights["$direction/$key"]))
                vars += v
                expectedGrads += gw["$direction/$key"]
            }
            val y = layer.call(seq.value(), emptyList(), mask, false)[0]
            var expected = columns(out, 2 * u, if (backwards) u else 0, u)
            var upstream = columns(up, 2 * u, if (backwards) u else 0, u)
            if (backwards) { expected = reversedInTime(expected, b, t, u); upstream = reversedInTime(upstream, b, t, u) }
            assertClose(expected, Shape.of(b, t, u), y, 1e-5, 1e-6, "$direction output")
            val term = ReduceOps.sum(Ops.multiply(y, Tensor.of(upstream.map { it.toFloat() }.toFloatArray(), b, t, u)))
            loss = loss?.let { Ops.add(it, term) } ?: term
        }
        val grads = Autodiff.gradients(loss!!, vars)
        for ((i, v) in vars.withIndex()) {
            val (shape, values) = Fixtures.doubles(expectedGrads[i])
            assertClose(values, shape, grads[i], 1e-5, 1e-6, "d/d${v.name()} #$i")
        }
    }

    test("zero_output_for_mask without return_sequences: zeros where the last processed step is masked, states as without it") {
        val xs = Rng(3).normal(Shape.of(3, 4, 2), 0f, 1f)
        val mask = Tensor.of(floatArrayOf(1f, 1f, 1f, 0f, 1f, 0f, 1f, 1f, 0f, 1f, 1f, 1f), 3, 4)
        for (backwards in listOf(false, true)) {
            fun run(zero: Boolean) = GRU(3).goBackwards(backwards).returnState(true).zeroOutputForMask(zero).seed(4).call(xs, emptyList(), mask, false)
            val plain = run(false)
            val zeroed = run(true)
            zeroed[1].valueEquals(plain[1]) shouldBe true
            val lastStep = if (backwards) 0 else 3
            for (row in 0 until 3) {
                val masked = mask.get(row * 4 + lastStep) == 0f
                for (k in 0 until 3) zeroed[0].get(row * 3 + k) shouldBe if (masked) 0f else plain[0].get(row * 3 + k)
                if (masked) (0 until 3).any { plain[0].get(row * 3 + it) != 0f } shouldBe true   // the option changed something
            }
        }
    }

    test("unroll is accepted at either value and changes nothing; configs write unroll and zero_output_for_mask as Keras does") {
        val xs = Rng(5).normal(Shape.of(2, 3, 4), 0f, 1f)
        val base = mapOf<String, Any?>("units" to 3, "return_sequences" to true, "seed" to 9)
        val rolled = SimpleRNN.fromConfig(base + ("unroll" to false)).call(xs, emptyList(), null, false)[0]
        val unrolled = SimpleRNN.fromConfig(base + ("unroll" to true)).call(xs, emptyList(), null, false)[0]
        unrolled.valueEquals(rolled) shouldBe true
        val c = LSTM(2).getConfig()
        c["unroll"] shouldBe false
        c["zero_output_for_mask"] shouldBe false
        LSTM.fromConfig(LSTM(2).zeroOutputForMask(true).getConfig()).getConfig()["zero_output_for_mask"] shouldBe true
    }

    test("the LSTM configs of a model saved by real Keras 3 (keras_training.json lstm_seq) read as Keras built them") {
        val keras = (Fixtures.load("keras_training.json")["cases"] as Map<String, Map<String, Any?>>).getValue("lstm_seq")
        val layers = (((keras["model"] as Map<String, Any?>)["keras_json"] as Map<String, Any?>)["config"] as Map<String, Any?>)["layers"] as List<Map<String, Any?>>
        val lstms = layers.filter { it["class_name"] == "LSTM" }.map { LSTM.fromConfig(it["config"] as Map<String, Any>) }
        lstms.map { it.units() } shouldBe listOf(8, 6)
        lstms.map { it.returnSequences() } shouldBe listOf(true, false)
        lstms.map { it.name() } shouldBe layers.filter { it["class_name"] == "LSTM" }.map { (it["config"] as Map<String, Any?>)["name"] }
    }

    test("a wrong config value names the layer and the key, with what was received") {
        fun fails(config: Map<String, Any?>) = shouldThrow<IllegalArgumentException> { GRU.fromConfig(config) }.message
        fails(mapOf("units" to "4")) shouldContain "GRU.fromConfig: expected units to be an int, received units=\"4\" (String)"
        fails(mapOf("units" to 4294967300L)) shouldContain "GRU.fromConfig: expected units to be an int, received units=4294967300 (Long)"
        fails(mapOf()) shouldContain "GRU.fromConfig: expected config key 'units'"
        fails(mapOf("units" to 2, "unroll" to "yes")) shouldContain "GRU.fromConfig: expected unroll to be a boolean, received unroll=\"yes\" (String)"
        fails(mapOf("units" to 2, "zero_output_for_mask" to 1)) shouldContain "expected zero_output_for_mask to be a boolean, received zero_output_for_mask=1 (Integer)"
        fails(mapOf("units" to 2, "reset_after" to "true")) shouldContain "expected reset_after to be a boolean"
        fails(mapOf("units" to 2, "dropout" to "0.5")) shouldContain "expected dropout to be a number, received dropout=\"0.5\" (String)"
        fails(mapOf("units" to 2, "seed" to 1.5)) shouldContain "expected seed to be an integer, received seed=1.5 (Double)"
        fails(mapOf("units" to 2, "stateful" to "yes")) shouldContain "GRU.fromConfig: expected stateful to be a boolean, received stateful=\"yes\" (String)"
    }
})
