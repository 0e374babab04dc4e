package dev.lamina.activations

import dev.lamina.tensor.Tensor
import io.kotest.assertions.fail
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec

/** Every activation by its Keras name maps NaN, +inf and -inf as TensorFlow does (NaN in gives NaN out). */
class ActivationsNonFiniteSpec : FunSpec({
    val nan = Float.NaN
    val inf = Float.POSITIVE_INFINITY

    test("each registered activation on NaN, +inf and -inf") {
        val x = Tensor.vector(nan, inf, -inf)
        val expected = mapOf(
            "linear" to listOf(nan, inf, -inf), "relu" to listOf(nan, inf, 0f), "leaky_relu" to listOf(nan, inf, -inf),
            "elu" to listOf(nan, inf, -1f), "selu" to listOf(nan, inf, -1.6732632423543772f * 1.0507009873554805f),
            "gelu" to listOf(nan, inf, nan), "sigmoid" to listOf(nan, 1f, 0f), "hard_sigmoid" to listOf(nan, 1f, 0f),
            "tanh" to listOf(nan, 1f, -1f), "softplus" to listOf(nan, inf, 0f), "softsign" to listOf(nan, nan, nan),
            "swish" to listOf(nan, inf, nan), "silu" to listOf(nan, inf, nan),
            // One row: the +inf makes it NaN, as TensorFlow's softmax (x - max(x) is inf - inf).
            "softmax" to listOf(nan, nan, nan), "log_softmax" to listOf(nan, nan, nan),
        )
        for ((name, values) in expected) withClue(name) {
            val y = Activations.get(name).apply(x)
            values.forEachIndexed { i, e ->
                val a = y.get(i)
                val ok = if (e.isNaN()) a.isNaN() else if (e.isInfinite()) a == e else Math.abs(a - e) <= 1e-6f
                if (!ok) fail("$name at $i: expected $e, received $a")
            }
        }
    }

    test("softmax: a row without NaN or +inf stays finite, -inf giving probability 0") {
        val y = Activations.SOFTMAX.apply(Tensor.of(floatArrayOf(1f, -inf, 1f, nan, 0f, 0f), 2, 3))
        listOf(y.get(0), y.get(1), y.get(2)) .let { if (it != listOf(0.5f, 0f, 0.5f)) fail("finite row: $it") }
        (3 until 6).forEach { if (!y.get(it).isNaN()) fail("NaN row at $it: ${y.get(it)}") }
    }
})
