package dev.lamina.metrics

import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

/** stateVariables/assignStateVariables let a fresh metric continue exactly where another stopped (checkpoints). */
class MetricStateSpec : FunSpec({
    val yTrue = Tensor.of(floatArrayOf(0f, 1f, 1f, 0f, 1f, 0f), 6)
    val yProb = Tensor.of(floatArrayOf(0.1f, 0.8f, 0.4f, 0.6f, 0.9f, 0.2f), 6)
    val sw = Tensor.of(floatArrayOf(1f, 0.5f, 2f, 1f, 0.25f, 3f), 6)
    val yClass = Tensor.of(floatArrayOf(2f, 0f, 1f, 1f, 2f, 0f), 6)
    val logits = Tensor.uniform(Shape.of(6, 3), 0f, 1f, 3)

    /** Feeds two halves; the second half goes to a fresh copy restored from the first's state; results must agree bit for bit. */
    fun check(make: () -> Metric, t: Tensor, p: Tensor, w: Tensor?) {
        val whole = make()
        whole.updateState(t.slice(0, 3), p.slice(0, 3), w?.slice(0, 3))
        val state = whole.stateVariables()!!
        whole.updateState(t.slice(3, 6), p.slice(3, 6), w?.slice(3, 6))
        val resumed = make()
        resumed.assignStateVariables(state)
        resumed.updateState(t.slice(3, 6), p.slice(3, 6), w?.slice(3, 6))
        resumed.result() shouldBe whole.result()
        resumed.stateVariables()!!.mapValues { it.value.toList() } shouldBe whole.stateVariables()!!.mapValues { it.value.toList() }
    }

    test("Mean-family metrics, Sum, confusion metrics and AUC resume exactly") {
        check({ Mean() }, yTrue, yProb, sw)
        check({ BinaryAccuracy() }, yTrue, yProb, sw)
        check({ SparseCategoricalAccuracy() }, yClass, logits, null)
        check({ MeanSquaredError() }, yTrue.reshape(6, 1), yProb.reshape(6, 1), sw)
        check({ Sum() }, yTrue, yProb, sw)
        check({ Precision() }, yTrue, yProb, sw)
        check({ Recall() }, yTrue, yProb, null)
        check({ AUC() }, yTrue, yProb, sw)
    }

    test("state names follow Keras' metric variables and are copies") {
        val m = Mean()
        m.updateState(yTrue, yProb, null)
        m.stateVariables()!!.keys.toList() shouldBe listOf("total", "count")
        m.stateVariables()!!["count"]!![0] = 99.0
        m.count() shouldBe 6.0
        Precision().stateVariables()!!.keys.toList() shouldBe listOf("true_positives", "false_positives", "true_negatives", "false_negatives")
    }

    test("a state with missing or extra names or the wrong size is rejected and changes nothing") {
        val m = Mean()
        m.updateState(yTrue, yProb, null)
        val before = m.result()
        shouldThrow<IllegalArgumentException> { m.assignStateVariables(mapOf("total" to doubleArrayOf(1.0))) }
            .message!! shouldContain "expected state variables [total, count]"
        shouldThrow<IllegalArgumentException> { m.assignStateVariables(mapOf("total" to doubleArrayOf(1.0), "count" to doubleArrayOf(1.0, 2.0))) }
            .message!! shouldContain "'count' with 1 values, received 2"
        m.result() shouldBe before
        val auc = AUC()
        shouldThrow<IllegalArgumentException> {
            auc.assignStateVariables(auc.stateVariables()!!.mapValues { DoubleArray(3) })
        }.message!! shouldContain "with 200 values"
    }

    test("a user metric without state support says so") {
        val custom = object : Metric("custom") {
            override fun updateState(yTrue: Tensor?, yPred: Tensor?, sampleWeight: Tensor?) {}
            override fun result() = 0.0
            override fun resetState() {}
        }
        custom.stateVariables() shouldBe null
        shouldThrow<UnsupportedOperationException> { custom.assignStateVariables(emptyMap()) }.message!! shouldContain "custom"
    }
})
