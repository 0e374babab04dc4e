package dev.lamina.losses

import dev.lamina.metrics.Precision
import dev.lamina.metrics.SparseCategoricalAccuracy
import dev.lamina.tensor.Autodiff
import dev.lamina.tensor.NnOps
import dev.lamina.tensor.Ops
import dev.lamina.tensor.ReduceOps
import dev.lamina.tensor.Rng
import dev.lamina.tensor.Shape
import dev.lamina.tensor.ShapeMismatchException
import dev.lamina.tensor.Tensor
import dev.lamina.tensor.Variable
import dev.lamina.testing.TensorAsserts.assertClose
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

/**
 * Keras 3's loss and metric rule for a masked output (the mask of y_pred): masked entries do not count, so
 * sum_over_batch_size divides by the number of unmasked entries (apply_mask's total/valid rescaling), sum adds the
 * unmasked ones, a sample weight multiplies the mask, and mean metrics average the unmasked entries only.
 */
class LossMaskSpec : FunSpec({
    val yTrue = Tensor.of(floatArrayOf(0f, 2f, 1f, 1f, 0f, 2f), 2, 3)                // [batch, time] class ids
    val logits = Rng(1).normal(Shape.of(2, 3, 3), 0f, 1f)                              // [batch, time, classes]
    val mask = Tensor.of(floatArrayOf(1f, 1f, 0f, 1f, 0f, 0f), 2, 3)

    fun perStep(): FloatArray = SparseCategoricalCrossentropy().fromLogits(true).reduction(Reduction.NONE).call(yTrue, logits).toFloatArray()

    test("sum_over_batch_size: the sum over unmasked steps divided by their number, differentiable; sum and none") {
        val v = perStep()
        val expected = (v[0] + v[1] + v[3]) / 3.0
        val loss = SparseCategoricalCrossentropy().fromLogits(true)
        loss.call(yTrue, logits, null, mask).get(0).toDouble() shouldBe (expected plusOrMinus 1e-6)
        loss.call(yTrue, logits, null, null).get(0).toDouble() shouldBe (v.average() plusOrMinus 1e-6)
        SparseCategoricalCrossentropy().fromLogits(true).reduction(Reduction.SUM).call(yTrue, logits, null, mask).get(0).toDouble() shouldBe
            ((v[0] + v[1] + v[3]).toDouble() plusOrMinus 1e-6)
        SparseCategoricalCrossentropy().fromLogits(true).reduction(Reduction.NONE).call(yTrue, logits, null, mask).toFloatArray().toList() shouldBe
            listOf(v[0], v[1], 0f, v[3], 0f, 0f)
        // The gradient of masked steps is exactly 0; that of unmasked steps is 1/3 of each step's own gradient.
        val z = Variable("z", logits)
        val g = Autodiff.gradients(loss.call(yTrue, z.value(), null, mask), listOf(z))[0]
        for (k in 0 until 3) { g.get(2 * 3 + k) shouldBe 0f; g.get(4 * 3 + k) shouldBe 0f; g.get(5 * 3 + k) shouldBe 0f }
        val p = NnOps.softmax(logits, -1)
        assertClose(Tensor.scalar((p.get(0) - 1f) / 3f), Tensor.scalar(g.get(0)), 1e-5, 1e-7, "d/dz[0,0,0]")
    }

    test("a sample weight multiplies the mask (the division stays by the unmasked count); a trailing 1 on the mask is squeezed; all masked costs 0") {
        val v = perStep()
        val w = Tensor.of(floatArrayOf(2f, 0.5f), 2)
        val loss = SparseCategoricalCrossentropy().fromLogits(true)
        loss.call(yTrue, logits, w, mask).get(0).toDouble() shouldBe (((2 * v[0] + 2 * v[1] + 0.5 * v[3]) / 3.0) plusOrMinus 1e-6)
        loss.call(yTrue, logits, null, mask.reshape(2, 3, 1)).get(0).toDouble() shouldBe (((v[0] + v[1] + v[3]) / 3.0) plusOrMinus 1e-6)
        loss.call(yTrue, logits, null, Tensor.zeros(2, 3)).get(0) shouldBe 0f
        // ignore_class and the mask both hold: class 2 steps (0,1) and (1,2) are ignored as well.
        val ignoring = SparseCategoricalCrossentropy().fromLogits(true).ignoreClass(2)
        ignoring.call(yTrue, logits, null, mask).get(0).toDouble() shouldBe (((v[0] + v[3]) / 2.0) plusOrMinus 1e-6)
    }

    test("a rank-2 output [batch, time] with a [batch, time] mask (MSE over the last axis needs [batch, time, 1])") {
        val yt = Rng(2).normal(Shape.of(2, 3, 1), 0f, 1f)
        val yp = Rng(3).normal(Shape.of(2, 3, 1), 0f, 1f)
        val v = MeanSquaredError().reduction(Reduction.NONE).call(yt, yp).toFloatArray()
        MeanSquaredError().call(yt, yp, null, mask).get(0).toDouble() shouldBe (((v[0] + v[1] + v[3]) / 3.0) plusOrMinus 1e-6)
    }

    test("a mask of another shape names the loss and both shapes") {
        shouldThrow<ShapeMismatchException> { SparseCategoricalCrossentropy().fromLogits(true).call(yTrue, logits, null, Tensor.ones(2, 4)) }.message shouldContain
            "SparseCategoricalCrossentropy"
        shouldThrow<ShapeMismatchException> { MeanSquaredError().call(logits, logits, null, Tensor.ones(3, 3)) }.message shouldContain "(3, 3)"
    }

    test("mean metrics average the unmasked entries only (Keras' MeanMetricWrapper); with weights, weight times mask; confusion metrics ignore it") {
        val acc = SparseCategoricalAccuracy()
        val pred = ReduceOps.argmax(logits, -1)
        val hits = FloatArray(6) { if (pred.get(it) == yTrue.get(it)) 1f else 0f }
        acc.updateState(yTrue, logits, null, mask)
        acc.result() shouldBe (((hits[0] + hits[1] + hits[3]) / 3.0) plusOrMinus 1e-9)
        acc.updateState(yTrue, logits, null, Tensor.of(floatArrayOf(0f, 0f, 1f, 0f, 0f, 0f), 2, 3))
        acc.result() shouldBe (((hits[0] + hits[1] + hits[3] + hits[2]) / 4.0) plusOrMinus 1e-9)
        val weighted = SparseCategoricalAccuracy()
        weighted.updateState(yTrue, logits, Tensor.of(floatArrayOf(2f, 0.5f), 2), mask)
        weighted.result() shouldBe (((2 * hits[0] + 2 * hits[1] + 0.5 * hits[3]) / 4.5) plusOrMinus 1e-9)
        val unmasked = SparseCategoricalAccuracy()
        unmasked.updateState(yTrue, logits, null, null)
        unmasked.result() shouldBe (hits.average() plusOrMinus 1e-9)
        val precision = Precision()
        val y = Tensor.of(floatArrayOf(1f, 0f, 1f, 1f), 4)
        val p = Tensor.of(floatArrayOf(0.9f, 0.8f, 0.2f, 0.7f), 4)
        precision.updateState(y, p, null, Tensor.of(floatArrayOf(1f, 0f, 0f, 0f), 4))
        val reference = Precision().also { it.updateState(y, p) }
        precision.result() shouldBe reference.result()
    }
})
