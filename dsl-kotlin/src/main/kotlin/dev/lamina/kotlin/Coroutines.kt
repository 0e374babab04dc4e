package dev.lamina.kotlin

import dev.lamina.models.Model
import dev.lamina.tensor.Tensor
import dev.lamina.training.Callback
import dev.lamina.training.Dataset
import dev.lamina.training.EvaluateOptions
import dev.lamina.training.FitOptions
import dev.lamina.training.History
import dev.lamina.training.Logs
import dev.lamina.training.Trainer
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.launch
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.channelFlow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.job
import kotlinx.coroutines.withContext
import java.util.concurrent.atomic.AtomicInteger
import kotlin.coroutines.cancellation.CancellationException

/**
 * Thrown by a cancelled [fit] after training stopped cleanly (every callback's `onTrainEnd` ran); [history]
 * holds the epochs that completed.
 */
public class FitCancellationException(public val history: History) : CancellationException("fit was cancelled")

/** Sets the model's stop flag at the next batch boundary once [job] is no longer active. */
internal class CancellationStopper(private val job: Job) : Callback() {
    override fun onTrainBatchEnd(batch: Int, logs: Logs) {
        if (!job.isActive) model.setStopTraining(true)
    }

    override fun onEpochEnd(epoch: Int, logs: Logs) {
        if (!job.isActive) model.setStopTraining(true)
    }
}

/**
 * Runs the Java training loop on [dispatcher] and suspends until it ends. Cancelling the calling coroutine stops
 * training at the next batch boundary, runs every callback's `onTrainEnd`, then throws
 * [FitCancellationException] (a [CancellationException]) carrying the partial [History]. An exception thrown
 * by a callback fails the coroutine with that exception.
 */
public suspend fun Model.fit(
    x: Any,
    y: Any?,
    batchSize: Int = 32,
    epochs: Int = 1,
    verbose: Int = 1,
    callbacks: List<Callback> = emptyList(),
    validationSplit: Double = 0.0,
    validationData: Pair<Any, Any>? = null,
    shuffle: Boolean = true,
    classWeight: Map<Int, Double>? = null,
    sampleWeight: Tensor? = null,
    initialEpoch: Int = 0,
    stepsPerEpoch: Int? = null,
    validationSteps: Int? = null,
    validationBatchSize: Int? = null,
    validationFreq: Int = 1,
    dispatcher: CoroutineDispatcher = Dispatchers.Default,
): History {
    val job = currentCoroutineContext().job
    val options = fitOptions(batchSize, epochs, verbose, callbacks + CancellationStopper(job), validationSplit, validationData,
        shuffle, classWeight, sampleWeight, initialEpoch, stepsPerEpoch, validationSteps, validationBatchSize, validationFreq)
    val model = this
    val done = CompletableDeferred<Result<History>>()
    // The loop is blocking Java code: it runs to its next batch boundary even when we are cancelled, so it is
    // started outside our Job and always awaited, which keeps the History and leaves nothing running.
    CoroutineScope(dispatcher).launch { done.complete(runCatching { runFit(model, x, y, options) }) }
    val result = try {
        done.await()
    } catch (e: CancellationException) {
        val partial = withContext(NonCancellable) { done.await() }
        throw FitCancellationException(partial.getOrElse { throw it })
    }
    val history = result.getOrThrow()
    if (!job.isActive) throw FitCancellationException(history)
    return history
}

internal fun runFit(model: Model, x: Any, y: Any?, options: FitOptions): History =
    if (x is Dataset) Trainer.fit(model, x, options) else Trainer.fit(model, x, y, options)

/**
 * A cold flow of [TrainingEvent]s: collecting it trains the model on [dispatcher]. Epoch events are never
 * dropped; batch events are skipped (never queued, never blocking training) while the collector is still busy
 * with an earlier one. Cancelling the collector stops training at the next batch boundary, after which every
 * callback's `onTrainEnd` runs; a callback's exception fails the flow.
 */
public fun Model.fitFlow(
    x: Any,
    y: Any?,
    batchSize: Int = 32,
    epochs: Int = 1,
    verbose: Int = 0,
    callbacks: List<Callback> = emptyList(),
    validationSplit: Double = 0.0,
    validationData: Pair<Any, Any>? = null,
    shuffle: Boolean = true,
    classWeight: Map<Int, Double>? = null,
    sampleWeight: Tensor? = null,
    dispatcher: CoroutineDispatcher = Dispatchers.Default,
): Flow<TrainingEvent> = flow {
    val pendingBatches = AtomicInteger(0)
    val model = this@fitFlow
    val events = channelFlow {
        val job = coroutineContext.job
        var epochNow = 0
        val bridge = object : Callback() {
            override fun onTrainBegin(logs: Logs) {
                trySend(TrainingEvent.TrainBegin(params))
            }

            override fun onEpochBegin(epoch: Int, logs: Logs) {
                epochNow = epoch
                trySend(TrainingEvent.EpochBegin(epoch))
            }

            override fun onTrainBatchEnd(batch: Int, logs: Logs) {
                if (pendingBatches.compareAndSet(0, 1)) trySend(TrainingEvent.BatchEnd(epochNow, batch, logs))
            }

            override fun onEpochEnd(epoch: Int, logs: Logs) {
                trySend(TrainingEvent.EpochEnd(epoch, logs))
            }
        }
        val options = fitOptions(batchSize, epochs, verbose, callbacks + bridge + CancellationStopper(job), validationSplit,
            validationData, shuffle, classWeight, sampleWeight, 0, null, null, null, 1)
        val history = withContext(dispatcher) { runFit(model, x, y, options) }
        trySend(TrainingEvent.TrainEnd(history))
    }.buffer(Channel.UNLIMITED)
    emitAll(events.onEach { if (it is TrainingEvent.BatchEnd) pendingBatches.set(0) })
}

/** [Model.evaluate] on [dispatcher], with Keras' argument names. */
public suspend fun Model.evaluateAsync(
    x: Any,
    y: Any?,
    batchSize: Int = 32,
    verbose: Int = 1,
    sampleWeight: Tensor? = null,
    dispatcher: CoroutineDispatcher = Dispatchers.Default,
): Map<String, Double> {
    val options = EvaluateOptions.defaults().batchSize(batchSize).verbose(verbose)
    if (sampleWeight != null) options.sampleWeight(sampleWeight)
    val model = this
    return withContext(dispatcher) { Trainer.evaluate(model, x, y, options).also { currentCoroutineContext().ensureActive() } }
}

/** [Model.predict] on [dispatcher]; one tensor per output. */
public suspend fun Model.predictAsync(x: Any, batchSize: Int = 32, dispatcher: CoroutineDispatcher = Dispatchers.Default): List<Tensor> {
    val model = this
    return withContext(dispatcher) { Trainer.predict(model, x, batchSize, emptyList()) }
}

internal fun fitOptions(
    batchSize: Int, epochs: Int, verbose: Int, callbacks: List<Callback>, validationSplit: Double,
    validationData: Pair<Any, Any>?, shuffle: Boolean, classWeight: Map<Int, Double>?, sampleWeight: Tensor?,
    initialEpoch: Int, stepsPerEpoch: Int?, validationSteps: Int?, validationBatchSize: Int?, validationFreq: Int,
): FitOptions {
    val o = FitOptions.defaults().batchSize(batchSize).epochs(epochs).verbose(verbose).callbacks(callbacks)
        .validationSplit(validationSplit).shuffle(shuffle).initialEpoch(initialEpoch).validationFreq(validationFreq)
    if (validationData != null) o.validationData(validationData.first, validationData.second)
    if (classWeight != null) o.classWeight(classWeight)
    if (sampleWeight != null) o.sampleWeight(sampleWeight)
    if (stepsPerEpoch != null) o.stepsPerEpoch(stepsPerEpoch)
    if (validationSteps != null) o.validationSteps(validationSteps)
    if (validationBatchSize != null) o.validationBatchSize(validationBatchSize)
    return o
}
