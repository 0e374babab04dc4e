package dev.lamina.layers

import dev.lamina.Lamina
import dev.lamina.tensor.Rng
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.testing.TensorAsserts
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

/** BatchNormalization (training vs inference, moving statistics) and LayerNormalization, against float64 math. */
class NormalizationSpec : FunSpec({
    beforeTest { Lamina.clearSession(); Lamina.setRandomSeed(0) }

    // 4 samples x 3 features.
    val rows = arrayOf(doubleArrayOf(1.0, -2.0, 0.5), doubleArrayOf(3.0, 0.0, 0.25), doubleArrayOf(-1.0, 4.0, 1.0), doubleArrayOf(5.0, 2.0, -0.75))
    val x = Tensor.of(FloatArray(12) { rows[it / 3][it % 3].toFloat() }, 4, 3)
    val mean = DoubleArray(3) { f -> rows.sumOf { it[f] } / 4 }
    val variance = DoubleArray(3) { f -> rows.sumOf { (it[f] - mean[f]) * (it[f] - mean[f]) } / 4 }   // population

    fun normalized(m: DoubleArray, v: DoubleArray, eps: Double) =
        Tensor.of(FloatArray(12) { ((rows[it / 3][it % 3] - m[it % 3]) / Math.sqrt(v[it % 3] + eps)).toFloat() }, 4, 3)

    test("training normalizes with the batch statistics and moves the moving statistics by Keras' rule") {
        val bn = BatchNormalization()
        val y = bn.forward(listOf(x), true)[0]
        TensorAsserts.assertClose(normalized(mean, variance, 1e-3), y, 1e-5, 1e-6)
        // moving = moving * 0.99 + batch * 0.01, from zeros and ones.
        TensorAsserts.assertClose(Tensor.of(FloatArray(3) { (0.01 * mean[it]).toFloat() }, 3), bn.movingMean().value(), 1e-6, 1e-7)
        TensorAsserts.assertClose(Tensor.of(FloatArray(3) { (0.99 + 0.01 * variance[it]).toFloat() }, 3), bn.movingVariance().value(), 1e-6, 1e-7)
        bn.forward(listOf(x), true)
        TensorAsserts.assertClose(Tensor.of(FloatArray(3) { (0.01 * mean[it] * 0.99 + 0.01 * mean[it]).toFloat() }, 3), bn.movingMean().value(), 1e-6, 1e-7)
        TensorAsserts.assertClose(Tensor.of(FloatArray(3) { ((0.99 + 0.01 * variance[it]) * 0.99 + 0.01 * variance[it]).toFloat() }, 3),
            bn.movingVariance().value(), 1e-6, 1e-7)
    }

    test("inference uses the moving statistics and leaves them alone") {
        val bn = BatchNormalization().momentum(0.5).epsilon(0.01)
        bn.forward(listOf(x), true)
        val mm = DoubleArray(3) { 0.5 * mean[it] }
        val mv = DoubleArray(3) { 0.5 + 0.5 * variance[it] }
        val y = bn.forward(listOf(x), false)[0]
        TensorAsserts.assertClose(normalized(mm, mv, 0.01), y, 1e-5, 1e-6)
        TensorAsserts.assertClose(Tensor.of(FloatArray(3) { mm[it].toFloat() }, 3), bn.movingMean().value(), 1e-6, 1e-7)
        // A fresh layer at inference: moving mean 0, variance 1, so y = x / sqrt(1 + eps).
        TensorAsserts.assertClose(Tensor.of(FloatArray(12) { (x.get(it) / Math.sqrt(1.001)).toFloat() }, 4, 3), BatchNormalization().call(x))
    }

    test("gamma and beta scale and shift per feature") {
        val bn = BatchNormalization()
        bn.call(x)
        bn.gamma().assign(Tensor.vector(2f, 1f, 0.5f))
        bn.beta().assign(Tensor.vector(0f, 1f, -1f))
        val y = bn.forward(listOf(x), true)[0]
        val base = normalized(mean, variance, 1e-3)
        val g = floatArrayOf(2f, 1f, 0.5f)
        val b = floatArrayOf(0f, 1f, -1f)
        TensorAsserts.assertClose(Tensor.of(FloatArray(12) { base.get(it) * g[it % 3] + b[it % 3] }, 4, 3), y, 1e-5, 1e-6)
        bn.weights().map { it.name() } shouldBe listOf("batch_normalization/gamma", "batch_normalization/beta",
            "batch_normalization/moving_mean", "batch_normalization/moving_variance")
        bn.trainableWeights().size shouldBe 2
    }

    test("a frozen BatchNormalization runs in inference mode even when training (as Keras)") {
        val bn = BatchNormalization()
        bn.call(x)
        bn.setTrainable(false)
        val y = bn.forward(listOf(x), true)[0]
        TensorAsserts.assertClose(Tensor.of(FloatArray(12) { (x.get(it) / Math.sqrt(1.001)).toFloat() }, 4, 3), y)
        bn.movingMean().value().toFloatArray().toList() shouldBe listOf(0f, 0f, 0f)
        bn.trainableWeights().size shouldBe 0
    }

    test("on NHWC data the statistics are per channel over batch, height and width") {
        val img = Rng(4).normal(Shape.of(2, 3, 3, 2), 1f, 2f)
        val bn = BatchNormalization()
        bn.forward(listOf(img), true)
        for (ch in 0 until 2) {
            val vals = (0 until 18).map { img.get(it * 2 + ch).toDouble() }
            bn.movingMean().value().get(ch).toDouble() shouldBe (0.01 * vals.average() plusOrMinus 1e-6)
        }
        bn.movingMean().shape() shouldBe Shape.of(2)
    }

    test("a wrong feature size names the layer") {
        val bn = BatchNormalization().name("bn")
        bn.apply(Input.of(3))
        shouldThrow<IllegalArgumentException> { bn.apply(Input.of(4)) }.message shouldBe
            "BatchNormalization 'bn': expected an input like (None, 3) (size 3 along axis -1), received (None, 4)"
        shouldThrow<IllegalArgumentException> { BatchNormalization().axis(0).name("bn0").apply(Input.of(3)) }.message shouldContain
            "axis 0 a feature (non-batch) axis"
    }

    test("LayerNormalization normalizes each sample over its features, the same in training and inference") {
        val ln = LayerNormalization()
        val y = ln.forward(listOf(x), true)[0]
        val expected = FloatArray(12) {
            val r = rows[it / 3]
            val m = r.average()
            val v = r.sumOf { e -> (e - m) * (e - m) } / 3
            ((r[it % 3] - m) / Math.sqrt(v + 1e-3)).toFloat()
        }
        TensorAsserts.assertClose(Tensor.of(expected, 4, 3), y, 1e-5, 1e-6)
        TensorAsserts.assertClose(y, ln.forward(listOf(x), false)[0], 0.0, 0.0)
        ln.weights().map { it.name() } shouldBe listOf("layer_normalization/gamma", "layer_normalization/beta")
        ln.getConfig()["axis"] shouldBe -1
        LayerNormalization().axis(1, 2).getConfig()["axis"] shouldBe listOf(1, 2)
    }
})
