package dev.lamina.training

import dev.lamina.Lamina
import dev.lamina.initializers.Initializers
import dev.lamina.layers.Dense
import dev.lamina.layers.Input
import dev.lamina.layers.Layer
import dev.lamina.losses.SparseCategoricalCrossentropy
import dev.lamina.models.Model
import dev.lamina.optimizers.Adam
import dev.lamina.optimizers.SGD
import dev.lamina.tensor.Ops
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import java.util.Collections
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread

/** One input, one weight; between its two half-batch products it runs [between] (inference only). */
private class TwoHalves : Layer("two_halves") {
    @Volatile var between: (() -> Unit)? = null

    override fun build(inputShape: Shape) {
        addWeight("kernel", Shape.of(inputShape.last(), 1), Initializers.ones())
    }

    override fun computeOutputShapes(inputShapes: List<Shape>): List<Shape> = listOf(Shape.of(-1, 1))

    override fun call(input: Tensor, training: Boolean): Tensor {
        val n = input.shape().dim(0)
        val k = weights()[0].value()
        val first = Ops.matmul(Ops.slice(input, 0, n / 2), k)
        if (!training) between?.invoke()
        return Ops.concatenate(listOf(first, Ops.matmul(Ops.slice(input, n / 2, n), k)), 0)
    }
}

/** Sharing one model between threads: what the Trainer's Javadoc and the README promise. */
class ModelThreadsSpec : FunSpec({
    val x = Tensor.uniform(Shape.of(200, 6), -1f, 1f, 21)
    val y = Tensor.randint(Shape.of(200), 4, 22)
    val quiet = EvaluateOptions.defaults().batchSize(16).verbose(0)

    fun mlp(): Model {
        Lamina.clearSession()
        Lamina.setRandomSeed(5)
        val i = Input.of(6)
        val m = Model.of(i, Dense(4).apply(Dense(16).activation("relu").apply(i)))
        m.compile(CompileOptions.of(Adam(0.01), SparseCategoricalCrossentropy().fromLogits(true)).metrics("accuracy", "sparse_categorical_crossentropy"))
        return m
    }

    fun fitOptions(vararg cbs: Callback) = FitOptions.defaults().batchSize(20).epochs(2).verbose(0).callbacks(cbs.toList())

    /** Runs [block] on another thread and waits for it; returns what it threw. */
    fun onAnotherThread(block: () -> Unit): Throwable? {
        var error: Throwable? = null
        thread { try { block() } catch (t: Throwable) { error = t } }.join()
        return error
    }

    test("8 threads x 5 concurrent evaluate calls all equal the single-threaded result, bit for bit") {
        val m = mlp()
        m.fit(x, y, fitOptions())
        val expected = m.evaluate(x, y, quiet)
        val results = Collections.synchronizedList(mutableListOf<Map<String, Double>>())
        val errors = Collections.synchronizedList(mutableListOf<Throwable>())
        val start = CountDownLatch(1)
        val threads = (1..8).map {
            thread {
                start.await()
                try { repeat(5) { results.add(m.evaluate(x, y, quiet)) } } catch (t: Throwable) { errors.add(t) }
            }
        }
        start.countDown()
        threads.forEach { it.join() }
        errors shouldBe emptyList()
        results.size shouldBe 40
        results.forEach { it shouldBe expected }
    }

    test("evaluate on another thread during a fit leaves the fit's logged metrics and weights as they would be") {
        val reference = mlp()
        val h1 = reference.fit(x, y, fitOptions())
        val m = mlp()
        val probe = object : Callback() {
            override fun onTrainBatchEnd(batch: Int, logs: Logs) {
                if (batch % 3 == 1) onAnotherThread { m.evaluate(x.slice(0, 50), y.slice(0, 50), quiet) } shouldBe null
                if (batch == 4) onAnotherThread { m.testOnBatch(x, y) } shouldBe null
            }
        }
        val h2 = m.fit(x, y, fitOptions(probe))
        h2.history() shouldBe h1.history()
        m.getWeights().zip(reference.getWeights()).all { (a, b) -> a.valueEquals(b) } shouldBe true
    }

    test("a predict batch during a training step sees one weight version") {
        Lamina.clearSession()
        val layer = TwoHalves()
        val i = Input.of(4)
        val m = Model.of(i, layer.apply(i))
        m.compile(SGD(0.5), "mse")
        val ones = Tensor.ones(8, 4)
        val halfDone = CountDownLatch(1)
        val stepDone = CountDownLatch(1)
        // The predict batch pauses between its halves; the step either waits for the batch (one version) or lands inside it.
        layer.between = { halfDone.countDown(); stepDone.await(2, TimeUnit.SECONDS) }
        val trainer = thread {
            halfDone.await()
            m.trainOnBatch(ones, Tensor.zeros(8, 1))
            stepDone.countDown()
        }
        val p = m.predict(ones, 8)
        trainer.join()
        layer.between = null
        (0 until 8).map { p.get(it) } shouldBe List(8) { 4f }    // all from the weights before the step
        (m.predict(ones, 8).get(0) == 4f) shouldBe false          // and the step did happen
    }

    test("a second fit, a train_on_batch or a compile during a fit fail at once; the model trains again afterwards") {
        val m = mlp()
        val errors = mutableListOf<Throwable?>()
        val intruder = object : Callback() {
            override fun onTrainBatchEnd(batch: Int, logs: Logs) {
                if (batch != 0 || errors.isNotEmpty()) return
                errors += onAnotherThread { m.fit(x, y, fitOptions()) }
                errors += onAnotherThread { m.trainOnBatch(x, y) }
                errors += onAnotherThread { m.compile("sgd", "mse") }
            }
        }
        m.fit(x, y, fitOptions(intruder))
        errors.size shouldBe 3
        errors.forEach { it.shouldBeInstanceOf<IllegalStateException>() }
        errors[0]!!.message shouldBe "Model 'functional' is already training (a fit or train_on_batch is running): a model trains on one " +
            "thread at a time; call fit(...) after that call returns"
        errors[1]!!.message shouldContain "call train_on_batch(...) after that call returns"
        errors[2]!!.message shouldContain "is training: call compile(...) before or after fit"
        val failing = object : Callback() {
            override fun onTrainBatchEnd(batch: Int, logs: Logs) = throw IllegalStateException("boom")
        }
        shouldThrow<IllegalStateException> { m.fit(x, y, fitOptions(failing)) }.message shouldBe "boom"
        m.fit(x, y, fitOptions()).history().getValue("loss").size shouldBe 2
        m.trainOnBatch(x, y).containsKey("loss") shouldBe true
    }
})
