package dev.lamina.losses

import dev.lamina.metrics.CategoricalAccuracy
import dev.lamina.metrics.Metrics
import dev.lamina.metrics.SparseCategoricalAccuracy
import dev.lamina.tensor.Rng
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/**
 * A NaN prediction gives a NaN loss in every loss (so TerminateOnNaN sees it), for that sample only: no clipping or
 * hinge swallows it. Accuracy-type metrics stay finite, with the documented argmax rule.
 */
class LossNonFiniteSpec : FunSpec({
    val oneHot = Tensor.of(floatArrayOf(0f, 1f, 0f, 1f, 0f, 0f, 0f, 0f, 1f, 0f, 1f, 0f), 4, 3)
    val labels = Tensor.vector(1f, 0f, 2f, 1f)

    fun poisoned(value: Float): Tensor {
        val p = Rng(3).uniform(Shape.of(4, 3), 0.1f, 0.9f)
        p.data()[1 * 3 + 1] = value                      // sample 1
        return p
    }

    val losses = listOf("MeanSquaredError", "MeanAbsoluteError", "MeanAbsolutePercentageError", "MeanSquaredLogarithmicError",
        "Huber", "LogCosh", "BinaryCrossentropy", "CategoricalCrossentropy", "KLDivergence", "CosineSimilarity", "Hinge",
        "SquaredHinge", "CategoricalHinge", "Poisson").map { it to Losses.get(it) } +
        listOf("BinaryCrossentropy from logits" to BinaryCrossentropy().fromLogits(true),
            "CategoricalCrossentropy from logits" to CategoricalCrossentropy().fromLogits(true))

    test("every loss: a NaN prediction makes that sample's loss NaN, the others finite, and the reduced loss NaN") {
        for ((name, loss) in losses) withClue(name) {
            val perSample = loss.perSample(oneHot, poisoned(Float.NaN))
            (0 until 4).map { perSample.get(it).isNaN() } shouldBe listOf(false, true, false, false)
            loss.call(oneHot, poisoned(Float.NaN)).get(0).isNaN() shouldBe true
        }
        for (loss in listOf(SparseCategoricalCrossentropy(), SparseCategoricalCrossentropy().fromLogits(true))) withClue("sparse $loss") {
            val perSample = loss.perSample(labels, poisoned(Float.NaN))
            (0 until 4).map { perSample.get(it).isNaN() } shouldBe listOf(false, true, false, false)
        }
    }

    test("a +inf logit makes the from-logits cross-entropies of that sample NaN, as TensorFlow's softmax does") {
        for (loss in listOf(CategoricalCrossentropy().fromLogits(true))) {
            loss.perSample(oneHot, poisoned(Float.POSITIVE_INFINITY)).get(1).isNaN() shouldBe true
        }
        SparseCategoricalCrossentropy().fromLogits(true).perSample(labels, poisoned(Float.POSITIVE_INFINITY)).get(1).isNaN() shouldBe true
    }

    test("mean metrics of a NaN prediction are NaN; accuracies stay finite, a row's first NaN counting as its largest") {
        for (id in listOf("mse", "mae", "binary_crossentropy", "categorical_crossentropy")) withClue(id) {
            val m = Metrics.get(id)
            m.updateState(oneHot, poisoned(Float.NaN))
            m.result().isNaN() shouldBe true
        }
        // Rows: [NaN, NaN, NaN] (class 0), [0.1, NaN, 0.9] (class 1, the first NaN), two finite rows.
        val p = Tensor.of(floatArrayOf(Float.NaN, Float.NaN, Float.NaN, 0.1f, Float.NaN, 0.9f, 0.2f, 0.7f, 0.1f, 0.6f, 0.3f, 0.1f), 4, 3)
        val sparse = SparseCategoricalAccuracy()
        sparse.updateState(Tensor.vector(0f, 1f, 1f, 2f), p)
        sparse.result() shouldBe 0.75
        val categorical = CategoricalAccuracy()
        categorical.updateState(Tensor.of(floatArrayOf(0f, 1f, 0f, 0f, 0f, 1f, 0f, 1f, 0f, 1f, 0f, 0f), 4, 3), p)
        categorical.result() shouldBe 0.5
    }
})
