package dev.lamina.tensor

import dev.lamina.testing.Fixtures
import dev.lamina.testing.TensorAsserts.assertClose
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/**
 * Every case of ops.json: the forward output and the gradient of `L = sum(output * upstream)` with respect to
 * every input, at the fixture README's single-op tolerances (rtol 1e-5, atol 1e-6).
 */
@Suppress("UNCHECKED_CAST")
class OpsFixtureSpec : FunSpec({
    val cases = Fixtures.load("ops.json")["cases"] as Map<String, Map<String, Any?>>

    test("the fixture holds the 53 documented cases") {
        cases.size shouldBe 53
    }

    for ((name, case) in cases) {
        test("$name (${case["op"]})") {
            val inputs = case["inputs"] as Map<String, Any?>
            val vars = inputs.map { (n, v) -> Variable(n, Fixtures.tensor(v)) }
            val fn = opFor(case["op"] as String, case["params"] as Map<String, Any?>)
            val out = fn(vars.map { it.value() })

            val (shape, expected) = Fixtures.doubles(case["output"])
            assertClose(expected, shape, out, RTOL, ATOL, "$name output")

            val loss = ReduceOps.sum(Ops.multiply(out, Fixtures.tensor(case["upstream"])))
            val grads = Autodiff.gradients(loss, vars)
            val expectedGrads = case["grads"] as Map<String, Any?>
            expectedGrads.keys shouldBe inputs.keys
            for ((i, v) in vars.withIndex()) {
                val (gs, gv) = Fixtures.doubles(expectedGrads[v.name()])
                assertClose(gv, gs, grads[i], RTOL, ATOL, "$name d/d${v.name()}")
            }
        }
    }
}) {
    companion object {
        const val RTOL = 1e-5
        const val ATOL = 1e-6

        /** Our op for a fixture op name; conv cases carry a bias, which Lamina's layers add after the conv op. */
        fun opFor(op: String, p: Map<String, Any?>): (List<Tensor>) -> Tensor = when (op) {
            "matmul" -> { t -> Ops.matmul(t[0], t[1]) }
            "add" -> { t -> Ops.add(t[0], t[1]) }
            "multiply" -> { t -> Ops.multiply(t[0], t[1]) }
            "divide" -> { t -> Ops.divide(t[0], t[1]) }
            "softmax" -> { t -> NnOps.softmax(t[0], int(p["axis"])) }
            "log_softmax" -> { t -> NnOps.logSoftmax(t[0], int(p["axis"])) }
            "sigmoid" -> { t -> NnOps.sigmoid(t[0]) }
            "tanh" -> { t -> NnOps.tanh(t[0]) }
            "relu" -> { t -> NnOps.relu(t[0]) }
            "elu" -> { t -> NnOps.elu(t[0], (p["alpha"] as Number).toFloat()) }
            "selu" -> { t -> NnOps.selu(t[0]) }
            "gelu" -> { t -> NnOps.gelu(t[0], p["approximate"] as Boolean) }
            "softplus" -> { t -> NnOps.softplus(t[0]) }
            "conv1d" -> { t ->
                Ops.add(ConvOps.conv1d(t[0], t[1], int(p["strides"]), p["padding"] as String, int(p["dilation_rate"])), t[2])
            }
            "conv2d" -> { t ->
                Ops.add(ConvOps.conv2d(t[0], t[1], ints(p["strides"]), p["padding"] as String, ints(p["dilation_rate"])), t[2])
            }
            "max_pool1d" -> { t -> PoolOps.maxPool1d(t[0], int(p["pool_size"]), int(p["strides"]), p["padding"] as String) }
            "avg_pool1d" -> { t -> PoolOps.avgPool1d(t[0], int(p["pool_size"]), int(p["strides"]), p["padding"] as String) }
            "max_pool2d" -> { t -> PoolOps.maxPool2d(t[0], ints(p["pool_size"]), ints(p["strides"]), p["padding"] as String) }
            "avg_pool2d" -> { t -> PoolOps.avgPool2d(t[0], ints(p["pool_size"]), ints(p["strides"]), p["padding"] as String) }
            "global_max_pool1d" -> { t -> PoolOps.globalMaxPool1d(t[0]) }
            "global_avg_pool1d" -> { t -> PoolOps.globalAvgPool1d(t[0]) }
            "global_max_pool2d" -> { t -> PoolOps.globalMaxPool2d(t[0]) }
            "global_avg_pool2d" -> { t -> PoolOps.globalAvgPool2d(t[0]) }
            "concatenate" -> { t -> Ops.concatenate(t, int(p["axis"])) }
            "flatten" -> { t -> Ops.flatten(t[0]) }
            else -> error("ops.json op '$op' has no Lamina mapping")
        }

        private fun int(v: Any?): Int = (v as Number).toInt()

        private fun ints(v: Any?): IntArray = (v as List<Any?>).map { (it as Number).toInt() }.toIntArray()
    }
}
