package dev.lamina.kotlin

import dev.lamina.callbacks.CSVLogger
import dev.lamina.kotlin.DslTesting.seeded
import dev.lamina.kotlin.losses.sparseCategoricalCrossentropy
import dev.lamina.models.Model
import dev.lamina.training.Callback
import dev.lamina.training.Logs
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineExceptionHandler
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.runTest
import java.nio.file.Files
import java.nio.file.Path
import java.util.Collections
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReference

/**
 * Suspending fit, fitFlow and the suspending evaluate/predict: cancellation stops at a batch boundary and cleans up,
 * a slow collector never slows training, callback failures propagate, and nothing outlives the call.
 */
class CoroutinesSpec : FunSpec({
    val x = DslTesting.xTrain          // 300 samples
    val y = DslTesting.yTrain

    fun model(): Model = seeded(41) {
        sequential {
            input(32)
            dense(16, activation = "relu")
            dense(10)
        }.also { it.compile(optimizer = sgd(learningRate = 0.1), loss = sparseCategoricalCrossentropy(fromLogits = true)) }
    }

    /** Counts training batches and notes onTrainEnd; cancels [target] at the end of batch number [cancelAt] (1-based). */
    class Probe(private val cancelAt: Int = -1, private val target: AtomicReference<Job>? = null, private val slowFromEpoch: Int = Int.MAX_VALUE) : Callback() {
        val batches = AtomicInteger()
        val trainEnded = AtomicBoolean()
        @Volatile var epoch = 0

        override fun onEpochBegin(epoch: Int, logs: Logs) { this.epoch = epoch }
        override fun onTrainBatchEnd(batch: Int, logs: Logs) {
            if (batches.incrementAndGet() == cancelAt) target!!.get().cancel()
            if (epoch >= slowFromEpoch) Thread.sleep(5)
        }
        val done = kotlinx.coroutines.CompletableDeferred<Unit>()
        override fun onTrainEnd(logs: Logs) {
            trainEnded.set(true)
            done.complete(Unit)
        }
    }

    /** A test whose body runs in kotlinx-coroutines-test's TestScope (its own launches use the test scheduler). */
    fun scopedTest(name: String, body: suspend TestScope.() -> Unit) {
        test(name) { runTest(testBody = body) }
    }

    fun csvFile(): Path = Files.createTempDirectory("lamina-csv").resolve("log.csv")

    /** The CSV is complete (header, one CRLF-terminated row per epoch) and closed: no open descriptor points at it. */
    fun checkCsvClosed(logger: CSVLogger, file: Path, rows: Int) {
        val text = Files.readString(file)
        text.endsWith("\r\n") shouldBe true
        text.split("\r\n").filter { it.isNotEmpty() }.size shouldBe rows + 1
        CSVLogger::class.java.getDeclaredField("writer").apply { isAccessible = true }.get(logger) shouldBe null
        val fds = Path.of("/proc/self/fd")
        if (Files.isDirectory(fds)) {
            val open = Files.list(fds).use { s -> s.toList().mapNotNull { runCatching { Files.readSymbolicLink(it) }.getOrNull() } }
            open.filter { it == file.toAbsolutePath() }.shouldBeEmpty()
        }
    }

    scopedTest("cancelling fit from a callback stops at that batch boundary, runs onTrainEnd, closes the CSV, keeps the partial History") {
        val m = model()
        val jobRef = AtomicReference<Job>()
        val probe = Probe(cancelAt = 7, target = jobRef)
        val file = csvFile()
        val csv = csvLogger(file.toString())
        var caught: Throwable? = null
        val job = launch {
            try {
                m.fit(x, y, batchSize = 30, epochs = 3, verbose = 0, callbacks = listOf(probe, csv))
            } catch (e: Throwable) {
                caught = e
                throw e
            }
        }
        jobRef.set(job)
        job.join()
        job.isCancelled shouldBe true
        probe.batches.get() shouldBe 7                 // 10 batches per epoch: stopped inside epoch 0, right after batch 7
        probe.trainEnded.get() shouldBe true
        val e = caught.shouldBeInstanceOf<FitCancellationException>()
        e.history.epoch() shouldBe listOf(0)
        e.history.get("loss").size shouldBe 1
        checkCsvClosed(csv, file, rows = 1)
    }

    scopedTest("a fit called in an already cancelled coroutine trains nothing") {
        val m = model()
        val probe = Probe()
        var caught: Throwable? = null
        launch {
            cancel()
            try {
                m.fit(x, y, batchSize = 30, epochs = 1, verbose = 0, callbacks = listOf(probe))
            } catch (e: CancellationException) {
                caught = e
            }
        }.join()
        probe.batches.get() shouldBe 0
        caught.shouldBeInstanceOf<CancellationException>()
        (caught is FitCancellationException) shouldBe false
    }

    scopedTest("cancelling fitFlow's collector from a callback stops at that batch boundary the same way") {
        val m = model()
        val jobRef = AtomicReference<Job>()
        val probe = Probe(cancelAt = 7, target = jobRef)
        val file = csvFile()
        val csv = csvLogger(file.toString())
        val events = Collections.synchronizedList(mutableListOf<TrainingEvent>())
        val job = launch { m.fitFlow(x, y, batchSize = 30, epochs = 3, callbacks = listOf(probe, csv)).collect { events += it } }
        jobRef.set(job)
        job.join()
        job.isCancelled shouldBe true
        probe.batches.get() shouldBe 7
        probe.trainEnded.get() shouldBe true
        checkCsvClosed(csv, file, rows = 1)
        events.none { it is TrainingEvent.TrainEnd } shouldBe true
        events.first().shouldBeInstanceOf<TrainingEvent.TrainBegin>()
    }

    scopedTest("a collector that leaves early (first { }) resumes only after training stopped and cleaned up") {
        val m = model()
        val probe = Probe(slowFromEpoch = 1)           // later epochs are slow, so stopping early is visible
        val file = csvFile()
        val csv = csvLogger(file.toString())
        val first = m.fitFlow(x, y, batchSize = 30, epochs = 5, callbacks = listOf(probe, csv)).first { it is TrainingEvent.EpochEnd }
        (first as TrainingEvent.EpochEnd).epoch shouldBe 0
        probe.trainEnded.get() shouldBe true
        probe.batches.get() shouldBeLessThan 50
        val rows = Files.readString(file).split("\r\n").count { it.isNotEmpty() } - 1
        rows shouldBeLessThan 5
        checkCsvClosed(csv, file, rows)
    }

    test("a slow collector gets every epoch event but fewer batch events, and never slows training") {
        val m = model()
        val probe = Probe()
        val events = mutableListOf<TrainingEvent>()
        // 100 samples in batches of 5, 4 epochs: 80 batches. The collector holds its first batch event until training
        // has ended: had training waited for the collector, this would never finish (the timeout turns that into a failure).
        m.fitFlow(x[0..99], y[0..99], batchSize = 5, epochs = 4, callbacks = listOf(probe)).collect { event ->
            events += event
            if (event is TrainingEvent.BatchEnd && events.count { it is TrainingEvent.BatchEnd } == 1) {
                kotlinx.coroutines.withTimeout(120_000) { probe.done.await() }
            }
        }
        probe.batches.get() shouldBe 80
        events.filterIsInstance<TrainingEvent.EpochBegin>().map { it.epoch } shouldBe listOf(0, 1, 2, 3)
        events.filterIsInstance<TrainingEvent.EpochEnd>().map { it.epoch } shouldBe listOf(0, 1, 2, 3)
        events.filterIsInstance<TrainingEvent.EpochEnd>().all { it.logs.has("loss") && it.logs.has("learning_rate") } shouldBe true
        val batchEvents = events.filterIsInstance<TrainingEvent.BatchEnd>()
        batchEvents.size shouldBeGreaterThan 0
        batchEvents.size shouldBeLessThan 80
        events.first().shouldBeInstanceOf<TrainingEvent.TrainBegin>()
        val end = events.last().shouldBeInstanceOf<TrainingEvent.TrainEnd>()
        end.history.epoch() shouldBe listOf(0, 1, 2, 3)
    }

    test("a fast collector sees the events in order, ending with TrainEnd") {
        val m = model()
        val events = m.fitFlow(x, y, batchSize = 100, epochs = 2, validationSplit = 0.2).let { f ->
            val l = mutableListOf<TrainingEvent>(); f.collect { l += it }; l
        }
        events.map { it::class.simpleName }.filter { it != "BatchEnd" } shouldBe
            listOf("TrainBegin", "EpochBegin", "EpochEnd", "EpochBegin", "EpochEnd", "TrainEnd")
        (events[0] as TrainingEvent.TrainBegin).params["epochs"] shouldBe 2
        (events.last() as TrainingEvent.TrainEnd).history.history().keys shouldBe setOf("loss", "val_loss", "learning_rate")
    }

    test("an exception thrown in a callback fails fit and fitFlow with that exception") {
        val m = model()
        val boom = lambdaCallback(onTrainBatchEnd = { b, _ -> if (b == 3) throw IllegalStateException("boom at batch 3") })
        shouldThrow<IllegalStateException> { m.fit(x, y, batchSize = 30, epochs = 2, verbose = 0, callbacks = listOf(boom)) }.message shouldBe "boom at batch 3"
        val seen = mutableListOf<TrainingEvent>()
        shouldThrow<IllegalStateException> {
            m.fitFlow(x, y, batchSize = 30, epochs = 2, callbacks = listOf(boom)).collect { seen += it }
        }.message shouldBe "boom at batch 3"
        seen.none { it is TrainingEvent.TrainEnd } shouldBe true
    }

    scopedTest("the suspending evaluate and predict abort at the batch end where they were cancelled") {
        val m = model()
        val jobRef = AtomicReference<Job>()
        val tested = AtomicInteger()
        val predicted = AtomicInteger()
        val counter = object : Callback() {
            override fun onTestBatchEnd(batch: Int, logs: Logs) { if (tested.incrementAndGet() == 3) jobRef.get().cancel() }
            override fun onPredictBatchEnd(batch: Int, logs: Logs) { if (predicted.incrementAndGet() == 4) jobRef.get().cancel() }
        }
        val evaluation = launch { m.evaluate(x, y, batchSize = 10, verbose = 0, callbacks = listOf(counter), dispatcher = Dispatchers.Default) }
        jobRef.set(evaluation)
        evaluation.join()
        evaluation.isCancelled shouldBe true
        tested.get() shouldBe 3
        val prediction = launch { m.predict(x, batchSize = 10, callbacks = listOf(counter), dispatcher = Dispatchers.Default) }
        jobRef.set(prediction)
        prediction.join()
        prediction.isCancelled shouldBe true
        predicted.get() shouldBe 4
    }

    test("nothing outlives fit or fitFlow after completion, failure or cancellation") {
        fun lingering(): Set<Thread> = Thread.getAllStackTraces().keys.filter { it.isAlive && (!it.isDaemon || "lamina" in it.name.lowercase()) }.toSet()
        val m = model()
        m.fit(x, y, batchSize = 30, epochs = 1, verbose = 0)      // warm up any pools the first fit creates
        val before = lingering()
        val failures = Collections.synchronizedList(mutableListOf<Throwable>())
        val parent = SupervisorJob()
        val scope = CoroutineScope(parent + Dispatchers.Default + CoroutineExceptionHandler { _, e -> failures += e })
        val boom = lambdaCallback(onTrainBatchEnd = { b, _ -> if (b == 2) throw IllegalStateException("boom") })

        suspend fun check(label: String, body: suspend CoroutineScope.(AtomicReference<Job>) -> Unit) {
            val ref = AtomicReference<Job>()
            val job = scope.launch(start = CoroutineStart.LAZY) { body(ref) }
            ref.set(job)
            job.start()
            job.join()
            io.kotest.assertions.withClue(label) { parent.children.filter { it.isActive }.toList().shouldBeEmpty() }
        }
        check("fit completes") { m.fit(x, y, batchSize = 30, epochs = 2, verbose = 0) }
        check("fitFlow completes") { m.fitFlow(x, y, batchSize = 30, epochs = 2).collect() }
        check("fit fails") { m.fit(x, y, batchSize = 30, epochs = 2, verbose = 0, callbacks = listOf(boom)) }
        check("fitFlow fails") { m.fitFlow(x, y, batchSize = 30, epochs = 2, callbacks = listOf(boom)).collect() }
        check("fit is cancelled") { ref -> m.fit(x, y, batchSize = 30, epochs = 2, verbose = 0, callbacks = listOf(Probe(4, ref))) }
        check("fitFlow is cancelled") { ref -> m.fitFlow(x, y, batchSize = 30, epochs = 2, callbacks = listOf(Probe(4, ref))).collect() }
        failures.map { it.message } shouldBe listOf("boom", "boom")
        parent.children.count() shouldBe 0
        parent.isActive shouldBe true
        // Threads finish asynchronously; give stragglers a moment before calling them leaks.
        var extra = lingering() - before
        for (i in 0 until 50) {
            if (extra.isEmpty()) break
            Thread.sleep(20)
            extra = lingering() - before
        }
        extra.map { it.name }.shouldBeEmpty()
        parent.cancel()
        parent shouldNotBe null
    }
})
