package dev.lamina.tensor

import dev.lamina.testing.Fixtures
import dev.lamina.testing.GradCheck
import dev.lamina.testing.TensorAsserts.assertClose
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

/**
 * RecurrentOps against every SimpleRNN/LSTM/GRU case of recurrent.json (outputs, states and the gradients w.r.t.
 * the sequences, initial states and every weight; rtol 1e-5, atol 1e-6), gradient checks of every cell with masks,
 * go_backwards, initial states and recurrent dropout, and bad input.
 */
@Suppress("UNCHECKED_CAST")
class RecurrentOpsSpec : FunSpec({
    val cells = setOf("SimpleRNN", "LSTM", "GRU")
    val cases = (Fixtures.load("recurrent.json")["cases"] as Map<String, Map<String, Any?>>).filter { it.value["layer"] in cells }

    test("the fixture has every SimpleRNN, LSTM and GRU case") { cases.size shouldBe 19 }

    for ((name, case) in cases) {
        test("fixture $name") {
            val config = case["config"] as Map<String, Any?>
            val weights = (case["weights"] as Map<String, Any?>).mapValues { Variable(it.key, Fixtures.tensor(it.value)) }
            val inputs = case["inputs"] as Map<String, Any?>
            val seq = Variable("sequences", Fixtures.tensor(inputs["sequences"]))
            val init = (inputs["initial_state"] as List<Any?>?)?.mapIndexed { i, t -> Variable("s$i", Fixtures.tensor(t)) } ?: emptyList()
            val mask = (case["masks"] as Map<String, Any?>)["mask"]?.let { booleanMask(it) }
            val args = RecurrentArgs.defaults().activation(config["activation"] as String)
                .returnSequences(config["return_sequences"] as Boolean).goBackwards(config["go_backwards"] as Boolean)
            (config["recurrent_activation"] as String?)?.let { args.recurrentActivation(it) }
            (config["reset_after"] as Boolean?)?.let { args.resetAfter(it) }
            val k = weights.getValue("kernel").value()
            val rk = weights.getValue("recurrent_kernel").value()
            val b = weights["bias"]?.value()
            val s = init.map { it.value() }
            val out = when (case["layer"]) {
                "SimpleRNN" -> RecurrentOps.simpleRnn(seq.value(), k, rk, b, s, mask, args)
                "LSTM" -> RecurrentOps.lstm(seq.value(), k, rk, b, s, mask, args)
                else -> RecurrentOps.gru(seq.value(), k, rk, b, s, mask, args)
            }
            val named = mapOf("output" to out[0], "state_h" to out.getOrNull(1), "state_c" to out.getOrNull(2))
            val outputs = case["outputs"] as Map<String, Any?>
            val upstream = case["upstream"] as Map<String, Any?>
            var loss: Tensor? = null
            for ((key, expected) in outputs) {
                val actual = named.getValue(key)!!
                val (shape, values) = Fixtures.doubles(expected)
                assertClose(values, shape, actual, 1e-5, 1e-6, "$name $key")
                val term = ReduceOps.sum(Ops.multiply(actual, Fixtures.tensor(upstream[key])))
                loss = loss?.let { Ops.add(it, term) } ?: term
            }
            val vars = listOf(seq) + init + weights.values
            val grads = Autodiff.gradients(loss!!, vars)
            val gi = (case["grads"] as Map<String, Any?>)["inputs"] as Map<String, Any?>
            val gw = (case["grads"] as Map<String, Any?>)["weights"] as Map<String, Any?>
            val expected = listOf(gi["sequences"]) + ((gi["initial_state"] as List<Any?>?) ?: emptyList()) + weights.keys.map { gw[it] }
            for ((i, v) in vars.withIndex()) {
                val (shape, values) = Fixtures.doubles(expected[i])
                assertClose(values, shape, grads[i], 1e-5, 1e-6, "$name d/d${v.name()}")
            }
        }
    }

    fun normal(seed: Long, vararg shape: Int, scale: Float = 0.5f) = Rng(seed).normal(Shape.of(*shape), 0f, scale)
    val mask = Tensor.of(floatArrayOf(1f, 1f, 0f, 1f, 0f, 0f, 1f, 1f, 1f, 0f), 2, 5)
    val drop = Tensor.of(floatArrayOf(2f, 0f, 2f, 2f, 2f, 0f), 2, 3)

    // Every output and state enters the checked sum, so each path of the backward is seen.
    fun all(outs: List<Tensor>): Tensor = Ops.concatenate(outs.map { Ops.reshape(it, 2, -1) }, 1)

    for (variant in listOf("plain", "go_backwards", "mask", "go_backwards+mask", "dropout")) {
        fun args(seqs: Boolean) = RecurrentArgs.defaults().returnSequences(seqs).goBackwards(variant.startsWith("go_backwards"))
            .recurrentDropoutMask(if (variant == "dropout") drop else null)
        val m = if (variant.endsWith("mask")) mask else null
        for (seqs in listOf(true, false)) {
            test("gradient check: simpleRnn, $variant, return_sequences=$seqs") {
                GradCheck.check(normal(1, 2, 5, 4), normal(2, 4, 3), normal(3, 3, 3), normal(4, 3), normal(5, 2, 3)) { (x, k, r, b, h) ->
                    all(RecurrentOps.simpleRnn(x, k, r, b, listOf(h), m, args(seqs)))
                }
            }
            test("gradient check: lstm, $variant, return_sequences=$seqs") {
                GradCheck.check(normal(6, 2, 5, 4), normal(7, 4, 12), normal(8, 3, 12), normal(9, 12), normal(10, 2, 3), normal(11, 2, 3)) { v ->
                    all(RecurrentOps.lstm(v[0], v[1], v[2], v[3], listOf(v[4], v[5]), m, args(seqs)))
                }
            }
            for (resetAfter in listOf(true, false)) {
                test("gradient check: gru reset_after=$resetAfter, $variant, return_sequences=$seqs") {
                    val bias = if (resetAfter) normal(15, 2, 9) else normal(15, 9)
                    GradCheck.check(normal(12, 2, 5, 4), normal(13, 4, 9), normal(14, 3, 9), bias, normal(16, 2, 3)) { (x, k, r, b, h) ->
                        all(RecurrentOps.gru(x, k, r, b, listOf(h), m, args(seqs).resetAfter(resetAfter)))
                    }
                }
            }
        }
    }

    test("gradient check: lstm with linear activation, hard_sigmoid gates, no bias, zero initial state") {
        GradCheck.check(normal(20, 2, 4, 3), normal(21, 3, 8), normal(22, 2, 8)) { (x, k, r) ->
            all(RecurrentOps.lstm(x, k, r, null, null, null, RecurrentArgs.defaults().activation("linear").recurrentActivation("hard_sigmoid").returnSequences(true)))
        }
    }

    test("gradient check: relu simpleRnn, one unit active and one at zero (pre-activations kept away from the kink)") {
        val x = Ops.add(Ops.abs(normal(23, 2, 4, 3)), 0.5f)
        val k = Tensor.of(floatArrayOf(0.5f, -0.5f, 0.4f, -0.6f, 0.3f, -0.4f), 3, 2)
        val r = Tensor.of(floatArrayOf(0.1f, -0.1f, 0.05f, 0.1f), 2, 2)
        GradCheck.check(x, k, r) { (x, k, r) ->
            all(RecurrentOps.simpleRnn(x, k, r, null, emptyList(), null, RecurrentArgs.defaults().activation("relu").returnSequences(true)))
        }
    }

    test("a masked step keeps the states and repeats the previous output; leading masked steps emit zeros") {
        val x = normal(30, 1, 4, 2)
        val k = normal(31, 2, 12)
        val r = normal(32, 3, 12)
        val h0 = normal(33, 1, 3)
        val c0 = normal(34, 1, 3)
        val m = Tensor.of(floatArrayOf(0f, 1f, 0f, 1f), 1, 4)
        val out = RecurrentOps.lstm(x, k, r, null, listOf(h0, c0), m, RecurrentArgs.defaults().returnSequences(true))
        val seq = out[0]
        for (j in 0 until 3) {
            seq.get(0, 0, j) shouldBe 0f
            seq.get(0, 2, j) shouldBe seq.get(0, 1, j)
        }
        // Unmasked steps equal the run on the unmasked sub-sequence.
        val sub = Tensor.of(floatArrayOf(x.get(0, 1, 0), x.get(0, 1, 1), x.get(0, 3, 0), x.get(0, 3, 1)), 1, 2, 2)
        val ref = RecurrentOps.lstm(sub, k, r, null, listOf(h0, c0), null, RecurrentArgs.defaults().returnSequences(true))
        for (j in 0 until 3) {
            seq.get(0, 1, j) shouldBe ref[0].get(0, 0, j)
            seq.get(0, 3, j) shouldBe ref[0].get(0, 1, j)
            out[1].get(0, j) shouldBe ref[1].get(0, j)
            out[2].get(0, j) shouldBe ref[2].get(0, j)
        }
    }

    test("bad input names the op, the argument, what was expected and what was received") {
        val x = normal(40, 2, 5, 4)
        val k = normal(41, 4, 12)
        val r = normal(42, 3, 12)
        val a = RecurrentArgs.defaults()
        shouldThrow<IllegalArgumentException> { RecurrentOps.lstm(normal(1, 2, 4), k, r, null, null, null, a) }.message shouldContain "lstm: expected an input [batch, time, features] of rank 3"
        shouldThrow<IllegalArgumentException> { RecurrentOps.lstm(x, normal(1, 3, 12), r, null, null, null, a) }.message shouldContain "kernel"
        shouldThrow<IllegalArgumentException> { RecurrentOps.lstm(x, k, normal(1, 3, 9), null, null, null, a) }.message shouldContain "recurrent_kernel"
        shouldThrow<IllegalArgumentException> { RecurrentOps.lstm(x, k, r, normal(1, 9), null, null, a) }.message shouldContain "bias of shape (12,), received (9,)"
        shouldThrow<IllegalArgumentException> { RecurrentOps.lstm(x, k, r, null, listOf(normal(1, 2, 3)), null, a) }.message shouldContain "initial_state of 2 tensor(s), received 1"
        shouldThrow<IllegalArgumentException> { RecurrentOps.lstm(x, k, r, null, listOf(normal(1, 2, 3), normal(1, 2, 4)), null, a) }.message shouldContain "initial_state[1] of shape (2, 3), received (2, 4)"
        shouldThrow<IllegalArgumentException> { RecurrentOps.lstm(x, k, r, null, null, Tensor.ones(2, 4), a) }.message shouldContain "mask of shape [batch, time] = (2, 5), received (2, 4)"
        shouldThrow<IllegalArgumentException> { RecurrentOps.lstm(x, k, r, null, null, null, RecurrentArgs.defaults().activation("gelu")) }.message shouldContain "activation one of"
        shouldThrow<IllegalArgumentException> { RecurrentOps.gru(x, normal(1, 4, 9), normal(1, 3, 9), normal(1, 9), null, null, a) }.message shouldContain "bias of shape (2, 9)"
    }
})

/** A fixture's boolean mask as a 0/1 float tensor. */
@Suppress("UNCHECKED_CAST")
private fun booleanMask(v: Any?): Tensor {
    val m = v as Map<String, Any?>
    val shape = (m["shape"] as List<Any?>).map { (it as Number).toInt() }.toIntArray()
    val flat = (m["values"] as List<List<Boolean>>).flatten().map { if (it) 1f else 0f }.toFloatArray()
    return Tensor.of(flat, *shape)
}
