package dev.lamina.losses

import dev.lamina.tensor.Autodiff
import dev.lamina.tensor.Rng
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.tensor.Variable
import dev.lamina.testing.GradCheck
import dev.lamina.testing.TensorAsserts
import io.kotest.core.spec.style.FunSpec

/**
 * Loss.call is differentiable with respect to y_pred: analytic gradients match central differences for every loss
 * (inputs kept away from kinks and clip bounds), under each reduction and with sample weights.
 */
class LossGradSpec : FunSpec({
    val shape = Shape.of(4, 3)
    fun normal(seed: Long, s: Shape = shape) = Rng(seed).normal(s, 0f, 1f)
    fun uniform(seed: Long, lo: Float, hi: Float, s: Shape = shape) = Rng(seed).uniform(s, lo, hi)

    /** y_true plus offsets of magnitude in [0.2, 0.8] with random signs: no |y_true - y_pred| kink nearby. */
    fun offsetFrom(t: Tensor, seed: Long): Tensor {
        val rng = Rng(seed)
        val d = FloatArray(t.size()) { (if (rng.nextDouble() < 0.5) -1f else 1f) * (0.2f + 0.6f * rng.nextDouble().toFloat()) }
        return Tensor.of(FloatArray(t.size()) { t.get(it) + d[it] }, t.shape())
    }

    val weights = Tensor.vector(0.5f, 1.5f, 0f, 2f)
    val binary = Tensor.of(floatArrayOf(1f, 0f, 1f, 0f, 0f, 1f, 1f, 1f, 0f, 0f, 1f, 0f), 4, 3)
    val oneHot = Tensor.of(floatArrayOf(0f, 1f, 0f, 1f, 0f, 0f, 0f, 0f, 1f, 0f, 1f, 0f), 4, 3)
    val labels = Tensor.vector(1f, 0f, 2f, 1f)

    fun check(loss: Loss, yTrue: Tensor, yPred: Tensor) {
        for (r in Reduction.values()) {
            GradCheck.check(yPred) { (p) -> loss.reduction(r).call(yTrue, p) }
        }
        GradCheck.check(yPred) { (p) -> loss.reduction(Reduction.SUM_OVER_BATCH_SIZE).call(yTrue, p, weights) }
    }

    test("MeanSquaredError") { normal(1).let { check(MeanSquaredError(), it, offsetFrom(it, 2)) } }
    test("MeanAbsoluteError") { normal(3).let { check(MeanAbsoluteError(), it, offsetFrom(it, 4)) } }
    test("MeanAbsolutePercentageError") { uniform(5, 0.5f, 2f).let { check(MeanAbsolutePercentageError(), it, offsetFrom(it, 6)) } }
    test("MeanSquaredLogarithmicError") { check(MeanSquaredLogarithmicError(), uniform(7, 0f, 3f), uniform(8, 0.1f, 3f)) }
    test("Huber on both branches") {
        val t = Tensor.zeros(4, 3)
        val p = Tensor.of(floatArrayOf(0.3f, -0.5f, 1.6f, -2.2f, 0.7f, -0.1f, 3f, -1.4f, 0.45f, 2.5f, -0.8f, 0.2f), 4, 3)
        check(Huber(), t, p)
        check(Huber(0.5), t, p)
    }
    test("LogCosh") { normal(9).let { check(LogCosh(), it, offsetFrom(it, 10)) } }
    test("BinaryCrossentropy on probabilities, with label smoothing") {
        check(BinaryCrossentropy(), binary, uniform(11, 0.1f, 0.9f))
        check(BinaryCrossentropy().labelSmoothing(0.1), binary, uniform(12, 0.1f, 0.9f))
    }
    test("BinaryCrossentropy from logits, with label smoothing") {
        check(BinaryCrossentropy().fromLogits(true), binary, normal(13))
        check(BinaryCrossentropy().fromLogits(true).labelSmoothing(0.2), binary, normal(14))
    }
    test("CategoricalCrossentropy on unnormalised probabilities and from logits") {
        check(CategoricalCrossentropy(), oneHot, uniform(15, 0.1f, 1f))
        check(CategoricalCrossentropy().labelSmoothing(0.1), oneHot, uniform(16, 0.1f, 1f))
        check(CategoricalCrossentropy().fromLogits(true), oneHot, normal(17))
        check(CategoricalCrossentropy().fromLogits(true).labelSmoothing(0.1), oneHot, normal(18))
    }
    test("SparseCategoricalCrossentropy on probabilities and from logits, labels (batch,) and (batch, 1)") {
        check(SparseCategoricalCrossentropy(), labels, uniform(19, 0.1f, 1f))
        check(SparseCategoricalCrossentropy().fromLogits(true), labels, normal(20))
        check(SparseCategoricalCrossentropy().fromLogits(true), labels.reshape(4, 1), normal(21))
        check(SparseCategoricalCrossentropy().fromLogits(true).ignoreClass(2), labels, normal(22))
    }
    test("KLDivergence") { check(KLDivergence(), uniform(23, 0.05f, 0.9f), uniform(24, 0.05f, 0.9f)) }
    test("CosineSimilarity") { check(CosineSimilarity(), normal(25), normal(26)) }
    test("Hinge and SquaredHinge, {0,1} and {-1,1} labels") {
        val rng = Rng(27)
        val pm = Tensor.of(FloatArray(12) { 2f * binary.get(it) - 1f }, 4, 3)
        // y * p = 1 + m with |m| in [0.2, 1]: away from the hinge at y * p = 1.
        val p = Tensor.of(FloatArray(12) {
            val m = (if (rng.nextDouble() < 0.5) -1f else 1f) * (0.2f + 0.8f * rng.nextDouble().toFloat())
            pm.get(it) * (1f + m)
        }, 4, 3)
        for (loss in listOf(Hinge(), SquaredHinge())) {
            check(loss, binary, p)
            check(loss, pm, p)
        }
    }
    test("CategoricalHinge") {
        val p = Tensor.of(floatArrayOf(0.2f, 0.9f, -0.3f, 0.1f, 0.6f, 0.3f, 1.4f, -0.5f, 0.5f, 0.3f, 2.2f, 0.8f), 4, 3)
        check(CategoricalHinge(), oneHot, p)
    }
    test("Poisson") { check(Poisson(), uniform(28, 0f, 3f), uniform(29, 0.2f, 3f)) }
    test("MeanSquaredError on rank-3 targets with [batch] weights") {
        val t = normal(30, Shape.of(2, 3, 4))
        GradCheck.check(offsetFrom(t, 31)) { (p) -> MeanSquaredError().call(t, p, Tensor.vector(0.25f, 2f)) }
        GradCheck.check(offsetFrom(t, 32)) { (p) -> MeanSquaredError().reduction(Reduction.NONE).call(t, p, Tensor.vector(0.25f, 2f)) }
    }

    test("the fused sigmoid cross-entropy gradient is sigmoid(z) - y even at |z| = 80") {
        val z = Variable("z", Tensor.vector(-80f, -30f, 0f, 30f, 80f))
        val y = Tensor.vector(1f, 0f, 1f, 1f, 0f)
        val loss = BinaryCrossentropy().fromLogits(true).reduction(Reduction.SUM).call(y.reshape(5, 1), z.value().reshape(5, 1))
        val g = Autodiff.gradients(loss, listOf(z))[0]
        val expected = FloatArray(5) { (1.0 / (1.0 + Math.exp(-z.value().get(it).toDouble())) - y.get(it)).toFloat() }
        TensorAsserts.assertClose(Tensor.of(expected, 5), g, 1e-6, 1e-7, "dL/dz")
        loss.item().toDouble().isFinite() shouldBeTrue "finite loss at extreme logits"
    }
})

private infix fun Boolean.shouldBeTrue(what: String) {
    if (!this) io.kotest.assertions.fail("expected $what")
}
