package dev.lamina.losses

import dev.lamina.tensor.NoGrad
import dev.lamina.tensor.Tensor
import dev.lamina.testing.Fixtures
import dev.lamina.testing.TensorAsserts
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.shouldBe

/** Every case of losses.json: per-sample values and the four tf.keras 2.x reductions, rtol 1e-4 / atol 1e-6. */
@Suppress("UNCHECKED_CAST")
class LossFixturesSpec : FunSpec({
    val fixture = Fixtures.load("losses.json")
    val cases = fixture["cases"] as Map<String, Map<String, Any?>>
    val rtol = 1e-4
    val atol = 1e-6

    fun close(expected: Double) = expected plusOrMinus (atol + rtol * Math.abs(expected))

    fun lossFor(case: Map<String, Any?>): Loss =
        Losses.deserialize(mapOf("class_name" to case["keras_class"], "config" to case["config"]))

    test("the fixture covers 28 cases") {
        cases.size shouldBe 28
    }

    for ((name, case) in cases) {
        test("$name: per-sample values") {
            val yTrue = Fixtures.tensor(case["y_true"])
            val yPred = Fixtures.tensor(case["y_pred"])
            val (shape, expected) = Fixtures.doubles(case["per_sample"])
            val actual = lossFor(case).perSample(yTrue, yPred)
            TensorAsserts.assertClose(expected, shape, actual, rtol, atol, "$name per_sample")
        }

        test("$name: reductions with and without sample_weight") {
            val yTrue = Fixtures.tensor(case["y_true"])
            val yPred = Fixtures.tensor(case["y_pred"])
            val weights = Fixtures.tensor(case["sample_weight"])
            val reduced = case["reduced"] as Map<String, Any?>
            fun value(reduction: Reduction, w: Tensor?): Double =
                lossFor(case).reduction(reduction).call(yTrue, yPred, w).item().toDouble()
            withClue("sum_over_batch_size") { value(Reduction.SUM_OVER_BATCH_SIZE, null) shouldBe close(reduced["sum_over_batch_size"] as Double) }
            withClue("sum") { value(Reduction.SUM, null) shouldBe close(reduced["sum"] as Double) }
            withClue("sum_over_batch_size_weighted") {
                value(Reduction.SUM_OVER_BATCH_SIZE, weights) shouldBe close(reduced["sum_over_batch_size_weighted"] as Double)
            }
            withClue("sum_weighted") { value(Reduction.SUM, weights) shouldBe close(reduced["sum_weighted"] as Double) }
            // The default reduction of a fresh loss is sum_over_batch_size.
            lossFor(case).call(yTrue, yPred).item().toDouble() shouldBe close(reduced["sum_over_batch_size"] as Double)
        }

        test("$name: reduction none returns the weighted per-sample values") {
            val yTrue = Fixtures.tensor(case["y_true"])
            val yPred = Fixtures.tensor(case["y_pred"])
            val weights = Fixtures.tensor(case["sample_weight"])
            val (shape, perSample) = Fixtures.doubles(case["per_sample"])
            val w = Fixtures.doubles(case["sample_weight"]).second
            val inner = perSample.size / w.size
            val expected = DoubleArray(perSample.size) { perSample[it] * w[it / inner] }
            val actual = NoGrad.enter().use { lossFor(case).reduction(Reduction.NONE).call(yTrue, yPred, weights) }
            TensorAsserts.assertClose(expected, shape, actual, rtol, atol, "$name none")
        }
    }
})
