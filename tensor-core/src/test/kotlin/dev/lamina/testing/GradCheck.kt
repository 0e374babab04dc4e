package dev.lamina.testing

import dev.lamina.tensor.Autodiff
import dev.lamina.tensor.NoGrad
import dev.lamina.tensor.Ops
import dev.lamina.tensor.ReduceOps
import dev.lamina.tensor.Rng
import dev.lamina.tensor.Tensor
import dev.lamina.tensor.Variable
import io.kotest.assertions.fail

/**
 * Compares analytic gradients with central differences (accumulated in double) for
 * `L = sum(fn(inputs) * upstream)`, with a seeded random `upstream`. Keep inputs away from kinks.
 * Then the NaN propagation check on the same inputs: in each input, the element with the largest analytic gradient
 * (one the output depends on) is set to NaN, and some output must be NaN, as in TensorFlow (no relu, clip or max
 * may swallow it).
 */
object GradCheck {
    fun check(
        vararg inputs: Tensor,
        eps: Double = 1e-2,
        rtol: Double = 2e-2,
        atol: Double = 2e-3,
        seed: Long = 7,
        fn: (List<Tensor>) -> Tensor,
    ) {
        val vars = inputs.mapIndexed { i, t -> Variable("x$i", t) }
        val out = fn(vars.map { it.value() })
        val upstream = Rng(seed).normal(out.shape(), 0f, 1f)
        val loss = ReduceOps.sum(Ops.multiply(out, upstream))
        val analytic = Autodiff.gradients(loss, vars)
        for ((vi, v) in vars.withIndex()) {
            val data = v.data()
            for (k in data.indices) {
                val orig = data[k]
                data[k] = (orig + eps).toFloat()
                val plus = objective(fn, vars, upstream)
                data[k] = (orig - eps).toFloat()
                val minus = objective(fn, vars, upstream)
                data[k] = orig
                val h = ((orig + eps).toFloat() - (orig - eps).toFloat()).toDouble()
                val numeric = (plus - minus) / h
                val a = analytic[vi].get(k).toDouble()
                if (Math.abs(a - numeric) > atol + rtol * Math.abs(numeric)) {
                    fail("gradient of input $vi (shape ${v.shape()}) at flat index $k: analytic $a, numeric $numeric")
                }
            }
        }
        for ((vi, v) in vars.withIndex()) {
            val g = analytic[vi] ?: continue
            val k = (0 until g.size()).maxByOrNull { Math.abs(g.get(it)) } ?: continue
            if (g.get(k) == 0f) continue
            val data = v.data()
            val orig = data[k]
            data[k] = Float.NaN
            val propagated = NoGrad.enter().use { fn(vars.map { it.value() }).let { out -> (0 until out.size()).any { out.get(it).isNaN() } } }
            data[k] = orig                        // after reading the output, which may be a view of the input
            if (!propagated) {
                fail("NaN at input $vi (shape ${v.shape()}) flat index $k, on which the output depends (gradient ${g.get(k)}), gave no NaN output")
            }
        }
    }

    private fun objective(fn: (List<Tensor>) -> Tensor, vars: List<Variable>, upstream: Tensor): Double {
        NoGrad.enter().use {
            val out = fn(vars.map { it.value() })
            var s = 0.0
            for (i in 0 until out.size()) s += out.get(i).toDouble() * upstream.get(i)
            return s
        }
    }
}
