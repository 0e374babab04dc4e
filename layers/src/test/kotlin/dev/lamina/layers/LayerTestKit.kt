package dev.lamina.layers

import dev.lamina.tensor.Autodiff
import dev.lamina.tensor.NoGrad
import dev.lamina.tensor.Ops
import dev.lamina.tensor.ReduceOps
import dev.lamina.tensor.Rng
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.tensor.Variable
import dev.lamina.tensor.io.Json
import dev.lamina.testing.TensorAsserts
import io.kotest.assertions.fail
import io.kotest.assertions.withClue
import io.kotest.matchers.shouldBe

/**
 * The layer harness every built-in layer goes through (Keras' `run_layer_test`):
 * `LayerTestKit { Conv2D(3, 3) }.input(2, 6, 5, 2).expectOutputShape(2, 4, 3, 3).expectTrainableWeights(2).fromConfig(Conv2D::fromConfig).run()`
 * builds the layer symbolically and eagerly, compares both output shapes with the expectation, counts the weights,
 * checks the gradients w.r.t. the inputs and every trainable weight against central differences, and rebuilds the
 * layer from its config (in memory and through JSON): equal config, and bit-identical outputs once the weights
 * are copied over.
 */
class LayerTestKit<L : Layer>(private val factory: () -> L) {
    private var inputs: List<Tensor> = emptyList()
    private var expectedShape: Shape? = null
    private var trainable = -1
    private var nonTrainable = -1
    private var training = false
    private var gradInputs = true
    private var fromConfig: ((Map<String, Any?>) -> Layer)? = null
    private var rtol = 2e-2
    private var atol = 2e-3

    /** A seeded standard-normal input of this (batch-including) shape. */
    fun input(vararg dims: Int, seed: Long = 1): LayerTestKit<L> = apply { inputs = listOf(Rng(seed).normal(Shape.of(*dims), 0f, 1f)) }

    fun inputs(vararg ts: Tensor): LayerTestKit<L> = apply { inputs = ts.toList() }

    fun expectOutputShape(vararg dims: Int): LayerTestKit<L> = apply { expectedShape = Shape.of(*dims) }

    fun expectTrainableWeights(n: Int): LayerTestKit<L> = apply { trainable = n }

    fun expectNonTrainableWeights(n: Int): LayerTestKit<L> = apply { nonTrainable = n }

    /** Checks gradients in training mode (default: inference mode). */
    fun gradInTraining(): LayerTestKit<L> = apply { training = true }

    /** Skips the gradient w.r.t. the inputs (integer indices). */
    fun noInputGradient(): LayerTestKit<L> = apply { gradInputs = false }

    fun tolerance(rtol: Double, atol: Double): LayerTestKit<L> = apply { this.rtol = rtol; this.atol = atol }

    fun fromConfig(f: (Map<String, Any?>) -> Layer): LayerTestKit<L> = apply { fromConfig = f }

    /** Runs every check and returns the (built) layer for more. */
    fun run(): L {
        require(inputs.isNotEmpty()) { "LayerTestKit: give input(...) or inputs(...)" }
        val expected = expectedShape ?: error("LayerTestKit: give expectOutputShape(...)")
        val layer = factory()
        val symbolic = layer.apply(inputs.map { Input.of(*it.shape().dropFirst().toArray()) })
        withClue("${layer.className()}: symbolic output shape") { symbolic.shape() shouldBe expected.withDim(0, Shape.UNKNOWN) }
        val y = layer.forward(inputs, false)[0]
        withClue("${layer.className()}: eager output shape") { y.shape() shouldBe expected }
        if (trainable >= 0) withClue("${layer.className()}: trainable weights") { layer.trainableWeights().size shouldBe trainable }
        if (nonTrainable >= 0) withClue("${layer.className()}: non-trainable weights") { layer.nonTrainableWeights().size shouldBe nonTrainable }
        gradCheck(layer)
        roundTrip(layer)
        return layer
    }

    private fun gradCheck(layer: L) {
        val inVars = inputs.mapIndexed { i, t -> Variable("input_$i", t, gradInputs) }
        val targets = (if (gradInputs) inVars else emptyList()) + layer.trainableWeights()
        fun forward(): Tensor = layer.forward(inVars.map { it.value() }, training)[0]
        val out = forward()
        val upstream = Rng(7).normal(out.shape(), 0f, 1f)
        val analytic = Autodiff.gradients(ReduceOps.sum(Ops.multiply(out, upstream)), targets)
        val eps = 1e-2
        for ((vi, v) in targets.withIndex()) {
            val data = v.data()
            for (k in data.indices) {
                val orig = data[k]
                data[k] = (orig + eps).toFloat()
                val plus = objective(::forward, upstream)
                data[k] = (orig - eps).toFloat()
                val minus = objective(::forward, upstream)
                data[k] = orig
                val numeric = (plus - minus) / ((orig + eps).toFloat() - (orig - eps).toFloat())
                val a = analytic[vi].get(k).toDouble()
                if (Math.abs(a - numeric) > atol + rtol * Math.abs(numeric)) {
                    fail("${layer.className()}: gradient of ${v.name()} ${v.shape()} at flat index $k: analytic $a, numeric $numeric")
                }
            }
        }
    }

    private fun objective(forward: () -> Tensor, upstream: Tensor): Double {
        NoGrad.enter().use {
            val out = forward()
            var s = 0.0
            for (i in 0 until out.size()) s += out.get(i).toDouble() * upstream.get(i)
            return s
        }
    }

    @Suppress("UNCHECKED_CAST")
    private fun roundTrip(layer: L) {
        val rebuild = fromConfig ?: return
        val config = layer.getConfig()
        val json = Json.write(config)
        val parsed = Json.parse(json) as Map<String, Any?>
        for ((how, copy) in listOf("in memory" to rebuild(config), "through JSON" to rebuild(parsed))) {
            withClue("${layer.className()}: config round trip $how") {
                copy.className() shouldBe layer.className()
                Json.write(copy.getConfig()) shouldBe json
                val expected = layer.forward(inputs, false)[0]
                copy.forward(inputs, false)
                copy.weights().size shouldBe layer.weights().size
                copy.weights().zip(layer.weights()).forEach { (c, o) -> c.assign(o.value()) }
                TensorAsserts.assertBitEqual(expected, copy.forward(inputs, false)[0], "${layer.className()} output after fromConfig")
            }
        }
    }

    companion object {
        /** Values spaced 0.1 apart in a seeded random order, so max/min never meet a near-tie within eps. */
        fun separated(shape: Shape, seed: Long = 3): Tensor {
            val n = shape.size()
            val p = Rng(seed).permutation(n)
            return Tensor.of(FloatArray(n) { (p[it] - n / 2) * 0.1f }, shape)
        }

        /** Several separated tensors with no value shared between them. */
        fun separatedParts(shape: Shape, parts: Int, seed: Long = 3): List<Tensor> {
            val all = separated(Shape.of(parts * shape.size()), seed).toFloatArray()
            return (0 until parts).map { i -> Tensor.of(all.copyOfRange(i * shape.size(), (i + 1) * shape.size()), shape) }
        }
    }
}
