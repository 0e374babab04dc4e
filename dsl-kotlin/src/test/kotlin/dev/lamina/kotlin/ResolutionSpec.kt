package dev.lamina.kotlin

import dev.lamina.kotlin.DslTesting.seeded
import dev.lamina.kotlin.losses.sparseCategoricalCrossentropy
import dev.lamina.models.Model
import dev.lamina.tensor.Tensor
import dev.lamina.training.EvaluateOptions
import dev.lamina.training.History
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.Dispatchers

/**
 * Calls with Keras' named arguments resolve to the DSL's extensions, not to Model's Java members of the same name
 * (compile, fit, evaluate, predict, predictAll); positional calls that fit a member still reach it. Each test
 * passes an argument only the extension has (verbose, callbacks, lossWeights, ...) and observes its effect.
 */
class ResolutionSpec : FunSpec({
    val x = DslTesting.xVal
    val y = DslTesting.yVal           // 100 samples: batches of 7 give 15 steps

    fun mlp(): Model = seeded(31) {
        sequential {
            input(32)
            dense(16, activation = "relu")
            dense(10)
        }
    }

    fun batchCounter(): Pair<IntArray, dev.lamina.training.Callback> {
        val counts = IntArray(3)            // train, test, predict batches
        return counts to object : dev.lamina.training.Callback() {
            override fun onTrainBatchEnd(batch: Int, logs: dev.lamina.training.Logs) { counts[0]++ }
            override fun onTestBatchEnd(batch: Int, logs: dev.lamina.training.Logs) { counts[1]++ }
            override fun onPredictBatchEnd(batch: Int, logs: dev.lamina.training.Logs) { counts[2]++ }
        }
    }

    test("compile(optimizer =, loss =, metrics =, lossWeights =) resolves to the extension") {
        val m = mlp()
        m.compile(optimizer = sgd(learningRate = 0.5), loss = sparseCategoricalCrossentropy(fromLogits = true), metrics = listOf("accuracy"), lossWeights = listOf(3.0))
        m.compiled().lossWeight(0) shouldBe 3.0
        m.optimizer.learningRate shouldBe 0.5
        m.compile(loss = "mse")                     // optimizer defaults to "rmsprop", as in Keras
        m.optimizer.className() shouldBe "RMSprop"
    }

    test("compile(checkFinite = false) resolves to the extension and lets NaN targets through; the default rejects them") {
        val m = mlp()
        val target = Tensor.zeros(4, 10).also { it.data()[13] = Float.NaN }
        m.compile(optimizer = "sgd", loss = "mse")
        m.compiled().checkFinite() shouldBe true
        shouldThrow<IllegalArgumentException> { m.trainOnBatch(x.slice(0, 4), target) }.message!! shouldContain "y contains NaN at index [1, 3]"
        m.compile(optimizer = "sgd", loss = "mse", checkFinite = false)
        m.compiled().checkFinite() shouldBe false
        m.trainOnBatch(x.slice(0, 4), target).getValue("loss").isNaN() shouldBe true
    }

    test("fit(x, y, batchSize =, epochs =) resolves to the suspending extension") {
        val m = mlp()
        m.compile(optimizer = "adam", loss = sparseCategoricalCrossentropy(fromLogits = true))
        val (counts, counter) = batchCounter()
        val h: History = m.fit(x, y, batchSize = 7, epochs = 2, verbose = 0, callbacks = listOf(counter))
        h.epoch() shouldBe listOf(0, 1)
        counts[0] shouldBe 30
    }

    test("evaluate(x, y, batchSize =, verbose =, callbacks =) resolves to the blocking extension; with dispatcher = it suspends") {
        val m = mlp()
        m.compile(optimizer = "adam", loss = sparseCategoricalCrossentropy(fromLogits = true), metrics = listOf("accuracy"))
        val (counts, counter) = batchCounter()
        val r1 = m.evaluate(x, y, batchSize = 7, verbose = 0, callbacks = listOf(counter))
        counts[1] shouldBe 15
        val r2 = m.evaluate(x, y, batchSize = 7, verbose = 0, callbacks = listOf(counter), dispatcher = Dispatchers.Default)
        counts[1] shouldBe 30
        r2 shouldBe r1
        // Positional: Java's evaluate(x, y, batchSize), the same numbers.
        m.evaluate(x, y, EvaluateOptions.defaults().batchSize(7).verbose(0)) shouldBe r1
    }

    test("predict(x, batchSize =) and predictAll(x, batchSize =) resolve to the extensions; predict(x) to the member") {
        val m = mlp()
        val (counts, counter) = batchCounter()
        val p1: Tensor = m.predict(x, batchSize = 7, callbacks = listOf(counter))
        counts[2] shouldBe 15
        val p2: List<Tensor> = m.predictAll(x, batchSize = 7, callbacks = listOf(counter))
        counts[2] shouldBe 30
        val p3: Tensor = m.predict(x, batchSize = 50, dispatcher = Dispatchers.Default)
        val p4: Tensor = m.predict(x)
        p1.valueEquals(p2[0]) shouldBe true
        p1.valueEquals(p3) shouldBe true
        p1.valueEquals(p4) shouldBe true
        p2.size shouldBe 1
    }

    test("the Java members stay reachable with positional arguments") {
        val m = mlp()
        m.compile("adam", "sparse_categorical_crossentropy", "accuracy")
        m.compiled().shouldBeInstanceOf<dev.lamina.training.Compiled>()
        m.predict(x, 10).shape().toArray().toList() shouldBe listOf(100, 10)
        m.predictAll(x, 10).size shouldBe 1
    }
})
