package dev.lamina.tensor

import dev.lamina.testing.Fixtures
import dev.lamina.testing.TensorAsserts.assertClose
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.shouldBe

/**
 * mlp.json's tiny MLP, `Input(2) -> Dense(3, relu) -> Dense(2)` with mean sparse categorical cross-entropy from
 * logits, built from Ops/NnOps: every intermediate, the loss and the four weight gradients. The fixture's inputs
 * (0.3, -0.7, ...) are not float32-exact, so float32 rounding of the inputs is part of the error budget; the
 * single-op tolerances still hold.
 */
@Suppress("UNCHECKED_CAST")
class MlpFixtureSpec : FunSpec({
    val mlp = Fixtures.load("mlp.json")["mlp"] as Map<String, Any?>
    val init = mlp["initial_weights"] as Map<String, Any?>
    val names = listOf("dense1.kernel", "dense1.bias", "dense2.kernel", "dense2.bias")

    fun forward(): Pair<List<Variable>, Map<String, Tensor>> {
        val vars = names.map { Variable(it, Fixtures.tensor(init[it])) }
        val (k1, b1, k2, b2) = vars.map { it.value() }
        val x = Fixtures.tensor(mlp["x"])
        val labels = Fixtures.tensor(mlp["labels"])
        val pre = Ops.add(Ops.matmul(x, k1), b1)
        val hidden = NnOps.relu(pre)
        val logits = Ops.add(Ops.matmul(hidden, k2), b2)
        val loss = ReduceOps.mean(NnOps.sparseSoftmaxCrossEntropyWithLogits(logits, labels))
        return vars to mapOf(
            "hidden_preactivation" to pre, "hidden_activation" to hidden, "logits" to logits,
            "softmax" to NnOps.softmax(logits, -1), "loss" to loss,
        )
    }

    test("the forward pass matches every intermediate") {
        val (_, out) = forward()
        for (key in listOf("hidden_preactivation", "hidden_activation", "logits", "softmax")) {
            val (shape, expected) = Fixtures.doubles(mlp[key])
            assertClose(expected, shape, out.getValue(key), 1e-5, 1e-6, key)
        }
        out.getValue("loss").item().toDouble() shouldBe ((mlp["loss"] as Double) plusOrMinus 1e-6)
    }

    test("the float32 forward agrees with PyTorch's float32 run to rounding") {
        val (_, out) = forward()
        val torch = mlp["float32_torch"] as Map<String, Any?>
        val (shape, logits) = Fixtures.doubles(torch["logits"])
        assertClose(logits, shape, out.getValue("logits"), 1e-6, 1e-7, "float32 logits")
        out.getValue("loss").item().toDouble() shouldBe ((torch["loss"] as Double) plusOrMinus 1e-7)
    }

    test("the gradients of the mean loss match for every weight") {
        val (vars, out) = forward()
        val grads = Autodiff.gradients(out.getValue("loss"), vars)
        val expected = mlp["grads"] as Map<String, Any?>
        for ((i, v) in vars.withIndex()) {
            val (shape, g) = Fixtures.doubles(expected[v.name()])
            assertClose(g, shape, grads[i], 1e-5, 1e-6, "d loss / d ${v.name()}")
        }
    }
})
