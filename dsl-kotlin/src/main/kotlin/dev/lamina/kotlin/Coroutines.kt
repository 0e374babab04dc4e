package dev.lamina.kotlin

import dev.lamina.models.Model
import dev.lamina.tensor.Tensor
import dev.lamina.training.Callback
import dev.lamina.training.Data
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
 * Keras' `fit` on one input and one target tensor, suspending while the Java training loop runs on [dispatcher].
 * [validationData]: the validation (x, y) pair ([validationSampleWeight] weighs it), or [validationDataset].
 * [classWeight] maps a class index to a weight that multiplies [sampleWeight].
 *
 * Cancelling the calling coroutine stops training at the next batch boundary; every callback's `onTrainEnd`
 * runs, then this throws [FitCancellationException] (a CancellationException) with the partial History. An
 * exception thrown by a callback or the loop fails the call with that exception.
 */
public suspend fun Model.fit(
    x: Tensor,
    y: Tensor?,
    batchSize: Int = 32,
    epochs: Int = 1,
    verbose: Int = 1,
    callbacks: List<Callback> = emptyList(),
    validationSplit: Double = 0.0,
    validationData: Pair<Tensor, Tensor>? = null,
    validationSampleWeight: Tensor? = null,
    validationDataset: Dataset? = null,
    shuffle: Boolean = true,
    classWeight: Map<Int, Number>? = null,
    sampleWeight: Tensor? = null,
    initialEpoch: Int = 0,
    stepsPerEpoch: Int? = null,
    validationSteps: Int? = null,
    validationBatchSize: Int? = null,
    validationFreq: Int = 1,
    dispatcher: CoroutineDispatcher = Dispatchers.Default,
): History = suspendFit(this, dispatcher) { extra ->
    val o = fitOptions(batchSize, epochs, verbose, callbacks + extra, validationSplit, validationData?.let { Data.of(it.first) to Data.of(it.second) }, validationSampleWeight, validationDataset,
        shuffle, classWeight, sampleWeight, initialEpoch, stepsPerEpoch, validationSteps, validationBatchSize, validationFreq)
    Trainer(this).fit(Data.of(x), y?.let { Data.of(it) }, o)
}

/** [fit] on data by position or by name ([data]); [validationData] likewise. */
public suspend fun Model.fit(
    x: Data,
    y: Data?,
    batchSize: Int = 32,
    epochs: Int = 1,
    verbose: Int = 1,
    callbacks: List<Callback> = emptyList(),
    validationSplit: Double = 0.0,
    validationData: Pair<Data, Data>? = null,
    validationSampleWeight: Tensor? = null,
    validationDataset: Dataset? = null,
    shuffle: Boolean = true,
    classWeight: Map<Int, Number>? = null,
    sampleWeight: Tensor? = null,
    initialEpoch: Int = 0,
    stepsPerEpoch: Int? = null,
    validationSteps: Int? = null,
    validationBatchSize: Int? = null,
    validationFreq: Int = 1,
    dispatcher: CoroutineDispatcher = Dispatchers.Default,
): History = suspendFit(this, dispatcher) { extra ->
    val o = fitOptions(batchSize, epochs, verbose, callbacks + extra, validationSplit, validationData, validationSampleWeight, validationDataset,
        shuffle, classWeight, sampleWeight, initialEpoch, stepsPerEpoch, validationSteps, validationBatchSize, validationFreq)
    Trainer(this).fit(x, y, o)
}

/** [fit] on a Dataset of (x, y, sampleWeight) batches (validation_split and class_weight do not apply). */
public suspend fun Model.fit(
    x: Dataset,
    batchSize: Int = 32,
    epochs: Int = 1,
    verbose: Int = 1,
    callbacks: List<Callback> = emptyList(),
    validationDataset: Dataset? = null,
    shuffle: Boolean = true,
    initialEpoch: Int = 0,
    stepsPerEpoch: Int? = null,
    validationSteps: Int? = null,
    validationBatchSize: Int? = null,
    validationFreq: Int = 1,
    dispatcher: CoroutineDispatcher = Dispatchers.Default,
): History = suspendFit(this, dispatcher) { extra ->
    val o = fitOptions(batchSize, epochs, verbose, callbacks + extra, 0.0, null, null, validationDataset,
        shuffle, null, null, initialEpoch, stepsPerEpoch, validationSteps, validationBatchSize, validationFreq)
    Trainer(this).fit(x, o)
}

/** Runs [run] (given the stopper callback) on [dispatcher]; turns the caller's cancellation into a clean stop. */
internal suspend fun suspendFit(model: Model, dispatcher: CoroutineDispatcher, run: (List<Callback>) -> History): History {
    var history: History? = null
    try {
        // withContext runs the block as a child of the caller, so cancelling the caller cancels the block's job;
        // the loop is not interruptible, so it runs to the stopper's batch boundary and returns its History.
        return withContext(dispatcher) { run(listOf(CancellationStopper(coroutineContext.job))).also { history = it } }
    } catch (e: CancellationException) {
        if (e is FitCancellationException) throw e
        throw FitCancellationException(history ?: throw e, e)
    }
}

internal fun fitOptions(
    batchSize: Int, epochs: Int, verbose: Int, callbacks: List<Callback>, validationSplit: Double,
    validationData: Pair<Data, Data>?, validationSampleWeight: Tensor?, validationDataset: Dataset?, shuffle: Boolean,
    classWeight: Map<Int, Number>?, sampleWeight: Tensor?, initialEpoch: Int, stepsPerEpoch: Int?, validationSteps: Int?,
    validationBatchSize: Int?, validationFreq: Int,
): FitOptions {
    val o = FitOptions.defaults().batchSize(batchSize).epochs(epochs).verbose(verbose).callbacks(callbacks)
        .validationSplit(validationSplit).shuffle(shuffle).initialEpoch(initialEpoch).validationFreq(validationFreq)
    require(validationData == null || validationDataset == null) { "fit: expected validationData or validationDataset, received both" }
    if (validationData != null) o.validationData(validationData.first, validationData.second, validationSampleWeight)
    if (validationDataset != null) o.validationData(validationDataset)
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
    x: Tensor,
    y: Tensor?,
    batchSize: Int = 32,
    verbose: Int = 1,
    sampleWeight: Tensor? = null,
    steps: Int? = null,
    callbacks: List<Callback> = emptyList(),
    dispatcher: CoroutineDispatcher,
): Map<String, Double> = evaluate(Data.of(x), y?.let { Data.of(it) }, batchSize, verbose, sampleWeight, steps, callbacks, dispatcher)

/** The suspending [evaluate] on data by position or by name. */
public suspend fun Model.evaluate(
    x: Data,
    y: Data?,
    batchSize: Int = 32,
    verbose: Int = 1,
    sampleWeight: Tensor? = null,
    steps: Int? = null,
    callbacks: List<Callback> = emptyList(),
    dispatcher: CoroutineDispatcher,
): Map<String, Double> {
    val model = this
    return withContext(dispatcher) {
        Trainer(model).evaluate(x, y, evaluateOptions(batchSize, verbose, sampleWeight, steps, callbacks + CancellationAborter(coroutineContext.job)))
    }
}

/** The suspending [evaluate] on a Dataset. */
public suspend fun Model.evaluate(
    x: Dataset,
    verbose: Int = 1,
    steps: Int? = null,
    callbacks: List<Callback> = emptyList(),
    dispatcher: CoroutineDispatcher,
): Map<String, Double> {
    val model = this
    return withContext(dispatcher) {
        Trainer(model).evaluate(x, evaluateOptions(32, verbose, null, steps, callbacks + CancellationAborter(coroutineContext.job)))
    }
}

/**
 * [predict] suspending on [dispatcher] instead of blocking the caller (passing a dispatcher is what selects this
 * form). Cancelling the caller aborts the prediction at the next batch end with a CancellationException.
 */
public suspend fun Model.predict(x: Tensor, batchSize: Int = 32, callbacks: List<Callback> = emptyList(), dispatcher: CoroutineDispatcher): Tensor =
    single(this, predictAll(Data.of(x), batchSize, callbacks, dispatcher))

/** The suspending [predict] on inputs by position or by name. */
public suspend fun Model.predict(x: Data, batchSize: Int = 32, callbacks: List<Callback> = emptyList(), dispatcher: CoroutineDispatcher): Tensor =
    single(this, predictAll(x, batchSize, callbacks, dispatcher))

/** [predictAll] suspending on [dispatcher]; cancellable at batch ends like the suspending [predict]. */
public suspend fun Model.predictAll(
    x: Data,
    batchSize: Int = 32,
    callbacks: List<Callback> = emptyList(),
    dispatcher: CoroutineDispatcher,
): List<Tensor> {
    val model = this
    return withContext(dispatcher) { Trainer(model).predict(x, batchSize, callbacks + CancellationAborter(coroutineContext.job)) }
}
