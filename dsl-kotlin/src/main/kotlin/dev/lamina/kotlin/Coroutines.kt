package dev.lamina.kotlin

import dev.lamina.models.Model
import dev.lamina.tensor.Tensor
import dev.lamina.training.Callback
import dev.lamina.training.Dataset
import dev.lamina.training.FitOptions
import dev.lamina.training.History
import dev.lamina.training.Logs
import dev.lamina.training.Trainer
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.job
import kotlinx.coroutines.withContext

// The Java loop (Trainer) is blocking code that knows nothing of coroutines. These functions run it on a
// dispatcher and turn cancellation into the loop's own stop flag, checked at batch boundaries, so training ends
// the way an EarlyStopping stop does: the epoch ends, every callback's onTrainEnd runs (files closed), and only
// then does the suspended caller resume, with a FitCancellationException. Nothing runs on after we return.

/**
 * Thrown by a cancelled [fit] once training has stopped cleanly (at the next batch boundary, after every
 * callback's `onTrainEnd`); [history] holds the epochs that ended, the interrupted one included, as Keras records
 * an epoch cut short by `stop_training`.
 */
public class FitCancellationException(public val history: History, cause: Throwable?) :
    CancellationException("fit was cancelled; training stopped at a batch boundary after ${history.epoch().size} epoch(s)") {
    init {
        if (cause != null) initCause(cause)
    }
}

/** Sets the model's stop flag at the first batch (or epoch) end after [job] stopped being active. */
internal class CancellationStopper(private val job: Job) : Callback() {
    override fun onTrainBatchEnd(batch: Int, logs: Logs) {
        if (!job.isActive) model.setStopTraining(true)
    }

    override fun onEpochEnd(epoch: Int, logs: Logs) {
        if (!job.isActive) model.setStopTraining(true)
    }
}

/** Aborts evaluate/predict at the first batch end after [job] stopped being active (they have no stop flag). */
internal class CancellationAborter(private val job: Job) : Callback() {
    override fun onTestBatchEnd(batch: Int, logs: Logs) {
        if (!job.isActive) throw CancellationException("evaluate was cancelled")
    }

    override fun onPredictBatchEnd(batch: Int, logs: Logs) {
        if (!job.isActive) throw CancellationException("predict was cancelled")
    }
}

/**
 * Keras' `fit`, suspending while the Java training loop runs on [dispatcher]. [x] and [y]: a Tensor, a list by
 * position or a map by input/output name, or [x] a Dataset of (x, y, sampleWeight) batches and [y] null.
 * [validationData]: a Pair(x, y), a Triple(x, y, sampleWeight) or a Dataset. [classWeight] maps a class index to
 * a weight that multiplies [sampleWeight].
 *
 * Cancelling the calling coroutine stops training at the next batch boundary; every callback's `onTrainEnd`
 * runs, then this throws [FitCancellationException] (a CancellationException) with the partial History. An
 * exception thrown by a callback or the loop fails the call with that exception.
 */
public suspend fun Model.fit(
    x: Any,
    y: Any? = null,
    batchSize: Int = 32,
    epochs: Int = 1,
    verbose: Int = 1,
    callbacks: List<Callback> = emptyList(),
    validationSplit: Double = 0.0,
    validationData: Any? = null,
    shuffle: Boolean = true,
    classWeight: Map<Int, Number>? = null,
    sampleWeight: Tensor? = null,
    initialEpoch: Int = 0,
    stepsPerEpoch: Int? = null,
    validationSteps: Int? = null,
    validationBatchSize: Int? = null,
    validationFreq: Int = 1,
    dispatcher: CoroutineDispatcher = Dispatchers.Default,
): History {
    val model = this
    var history: History? = null
    try {
        // withContext runs the block as a child of the caller, so cancelling the caller cancels the block's job;
        // the loop is not interruptible, so it runs to the stopper's batch boundary and returns its History.
        return withContext(dispatcher) {
            val options = fitOptions(batchSize, epochs, verbose, callbacks + CancellationStopper(coroutineContext.job),
                validationSplit, validationData, shuffle, classWeight, sampleWeight, initialEpoch, stepsPerEpoch,
                validationSteps, validationBatchSize, validationFreq)
            runFit(model, x, y, options).also { history = it }
        }
    } catch (e: CancellationException) {
        if (e is FitCancellationException) throw e
        throw FitCancellationException(history ?: throw e, e)
    }
}

internal fun runFit(model: Model, x: Any, y: Any?, options: FitOptions): History =
    if (x is Dataset) {
        require(y == null) { "fit: expected y = null when x is a Dataset (its batches hold the targets), received ${describe(y)}" }
        Trainer.fit(model, x, options)
    } else {
        Trainer.fit(model, x, y, options)
    }

internal fun fitOptions(
    batchSize: Int, epochs: Int, verbose: Int, callbacks: List<Callback>, validationSplit: Double,
    validationData: Any?, shuffle: Boolean, classWeight: Map<Int, Number>?, sampleWeight: Tensor?,
    initialEpoch: Int, stepsPerEpoch: Int?, validationSteps: Int?, validationBatchSize: Int?, validationFreq: Int,
): FitOptions {
    val o = FitOptions.defaults().batchSize(batchSize).epochs(epochs).verbose(verbose).callbacks(callbacks)
        .validationSplit(validationSplit).shuffle(shuffle).initialEpoch(initialEpoch).validationFreq(validationFreq)
    when (validationData) {
        null -> {}
        is Pair<*, *> -> o.validationData(validationData.first, validationData.second)
        is Triple<*, *, *> -> o.validationData(validationData.first, validationData.second, validationData.third as Tensor?)
        is Dataset -> o.validationData(validationData)
        else -> throw IllegalArgumentException(
            "fit: expected validationData to be a Pair(x, y), a Triple(x, y, sampleWeight) or a Dataset, received ${describe(validationData)}",
        )
    }
    if (classWeight != null) o.classWeight(classWeight)
    if (sampleWeight != null) o.sampleWeight(sampleWeight)
    if (stepsPerEpoch != null) o.stepsPerEpoch(stepsPerEpoch)
    if (validationSteps != null) o.validationSteps(validationSteps)
    if (validationBatchSize != null) o.validationBatchSize(validationBatchSize)
    return o
}

/**
 * [evaluate] suspending on [dispatcher] instead of blocking the caller (passing a dispatcher is what selects this
 * form). Cancelling the caller aborts the evaluation at the next batch end with a CancellationException.
 */
public suspend fun Model.evaluate(
    x: Any,
    y: Any? = null,
    batchSize: Int = 32,
    verbose: Int = 1,
    sampleWeight: Tensor? = null,
    steps: Int? = null,
    callbacks: List<Callback> = emptyList(),
    dispatcher: CoroutineDispatcher,
): Map<String, Double> {
    val model = this
    return withContext(dispatcher) {
        runEvaluate(model, x, y, evaluateOptions(batchSize, verbose, sampleWeight, steps, callbacks + CancellationAborter(coroutineContext.job)))
    }
}

/**
 * [predict] suspending on [dispatcher] instead of blocking the caller (passing a dispatcher is what selects this
 * form). Cancelling the caller aborts the prediction at the next batch end with a CancellationException.
 */
public suspend fun Model.predict(x: Any, batchSize: Int = 32, callbacks: List<Callback> = emptyList(), dispatcher: CoroutineDispatcher): Tensor {
    val model = this
    return single(model, predictAll(x, batchSize, callbacks, dispatcher))
}

/** [predictAll] suspending on [dispatcher]; cancellable at batch ends like the suspending [predict]. */
public suspend fun Model.predictAll(
    x: Any,
    batchSize: Int = 32,
    callbacks: List<Callback> = emptyList(),
    dispatcher: CoroutineDispatcher,
): List<Tensor> {
    val model = this
    return withContext(dispatcher) { Trainer.predict(model, x, batchSize, callbacks + CancellationAborter(coroutineContext.job)) }
}
