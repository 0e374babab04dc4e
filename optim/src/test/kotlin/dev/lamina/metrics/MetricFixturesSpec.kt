package dev.lamina.metrics

import dev.lamina.testing.Fixtures
import io.kotest.assertions.fail
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/**
 * Every metric of metrics.json over its 3 unequal batches: result after each batch, without and with sample
 * weights, and the final state variables. Counts and count ratios rtol 1e-6; AUC and regression metrics rtol 1e-5.
 */
@Suppress("UNCHECKED_CAST")
class MetricFixturesSpec : FunSpec({
    val fixture = Fixtures.load("metrics.json")
    val metrics = fixture["metrics"] as Map<String, Map<String, Any?>>
    val countLike = setOf(
        "Accuracy", "BinaryAccuracy", "CategoricalAccuracy", "SparseCategoricalAccuracy", "TopKCategoricalAccuracy",
        "SparseTopKCategoricalAccuracy", "Precision", "Recall",
    )

    fun metricFor(case: Map<String, Any?>): Metric =
        Metrics.deserialize(mapOf("class_name" to case["keras_class"], "config" to case["config"]))

    fun assertNear(what: String, expected: Double, actual: Double, rtol: Double) {
        if (!(Math.abs(expected - actual) <= 1e-12 + rtol * Math.abs(expected))) fail("$what: expected $expected, received $actual")
    }

    fun assertNear(what: String, expected: Any?, actual: DoubleArray, rtol: Double) {
        val e = (expected as List<Any?>).map { (it as Number).toDouble() }
        if (e.size != actual.size) fail("$what: expected ${e.size} values, received ${actual.size}")
        e.forEachIndexed { i, v -> assertNear("$what[$i]", v, actual[i], rtol) }
    }

    fun update(metric: Metric, batch: Map<String, Any?>, weighted: Boolean) {
        val w = if (weighted) Fixtures.tensor(batch["sample_weight"]) else null
        if (batch.containsKey("values")) {
            (metric as Mean).updateValues(Fixtures.tensor(batch["values"]), w)
        } else {
            metric.updateState(Fixtures.tensor(batch["y_true"]), Fixtures.tensor(batch["y_pred"]), w)
        }
    }

    fun results(metric: Metric): DoubleArray =
        if (metric is ConfusionMatrixMetric) metric.results() else doubleArrayOf(metric.result())

    fun checkState(name: String, metric: Metric, state: Map<String, Any?>, rtol: Double) {
        when (metric) {
            is Mean -> {
                assertNear("$name total", state["total"] as Double, metric.total(), rtol)
                assertNear("$name count", state["count"] as Double, metric.count(), rtol)
            }
            is ConfusionMatrixMetric -> {
                assertNear("$name tp", state["tp"], metric.truePositives(), 1e-6)
                assertNear("$name fp", state["fp"], metric.falsePositives(), 1e-6)
                assertNear("$name fn", state["fn"], metric.falseNegatives(), 1e-6)
                if (state.containsKey("tn")) assertNear("$name tn", state["tn"], metric.trueNegatives(), 1e-6)
            }
            is AUC -> {
                assertNear("$name tp", state["tp"], metric.truePositives(), 1e-6)
                assertNear("$name fp", state["fp"], metric.falsePositives(), 1e-6)
                assertNear("$name tn", state["tn"], metric.trueNegatives(), 1e-6)
                assertNear("$name fn", state["fn"], metric.falseNegatives(), 1e-6)
            }
            else -> fail("$name: no state check for ${metric.javaClass.simpleName}")
        }
    }

    test("the fixture covers 26 metrics over batches of 6, 5 and 8") {
        metrics.size shouldBe 26
        (fixture["batch_sizes"] as List<Any?>).map { (it as Number).toInt() } shouldBe listOf(6, 5, 8)
    }

    for ((name, case) in metrics) {
        val rtol = if (case["keras_class"] in countLike) 1e-6 else 1e-5
        val batches = case["batches"] as List<Map<String, Any?>>
        for (weighted in listOf(false, true)) {
            val suffix = if (weighted) "_weighted" else ""
            test("$name: result after each batch${if (weighted) " with sample weights" else ""}, and final state") {
                val metric = metricFor(case)
                val expected = case["result_after_each_batch$suffix"] as List<Any?>
                batches.forEachIndexed { b, batch ->
                    update(metric, batch, weighted)
                    val e = expected[b]
                    if (e is List<*>) assertNear("$name batch $b", e, results(metric), rtol)
                    else assertNear("$name batch $b", (e as Number).toDouble(), metric.result(), rtol)
                }
                checkState(name, metric, case["final_state$suffix"] as Map<String, Any?>, rtol)
                metric.resetState()
                metric.result() shouldBe 0.0
            }
        }
        if (case.containsKey("effective_thresholds")) {
            test("$name: effective thresholds") {
                assertNear("$name thresholds", case["effective_thresholds"], (metricFor(case) as ConfusionMatrixMetric).thresholds(), 1e-12)
            }
        }
        if (case.containsKey("thresholds")) {
            test("$name: the threshold grid, sentinels included") {
                assertNear("$name thresholds", case["thresholds"], (metricFor(case) as AUC).thresholds(), 1e-12)
            }
        }
    }

    test("AUC_ROC with 200 thresholds approaches sklearn's exact roc_auc_score") {
        val case = metrics["AUC_ROC"]!!
        val metric = metricFor(case)
        for (batch in case["batches"] as List<Map<String, Any?>>) update(metric, batch, false)
        Math.abs(metric.result() - (case["sklearn_roc_auc_score"] as Double)) shouldBeLessThanOrEqual 0.01
    }
})

private infix fun Double.shouldBeLessThanOrEqual(limit: Double) {
    if (!(this <= limit)) fail("expected <= $limit, received $this")
}

