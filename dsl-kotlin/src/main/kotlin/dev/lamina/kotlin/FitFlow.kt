package dev.lamina.kotlin

import dev.lamina.models.Model
import dev.lamina.tensor.Tensor
import dev.lamina.training.Callback
import dev.lamina.training.Data
import dev.lamina.training.Dataset
import dev.lamina.training.Trainer
import dev.lamina.training.History
import dev.lamina.training.Logs
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.SendChannel
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.channelFlow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.transform
import kotlinx.coroutines.job
import kotlinx.coroutines.withContext
import java.util.concurrent.atomic.AtomicBoolean

/**
 * Forwards the loop's hooks to a channel without ever blocking the loop: the channel is unbounded, and a batch
 * event is only sent when the collector has finished with the previous one ([batchInFlight]), so a slow collector
 * sees fewer batch events, never a longer training, and never loses an epoch event.
 */
internal class EventBridge(private val events: SendChannel<TrainingEvent>, private val batchInFlight: AtomicBoolean) : Callback() {
    private var epochNow = 0

    override fun onTrainBegin(logs: Logs) {
        events.trySend(TrainingEvent.TrainBegin(params))
    }

    override fun onEpochBegin(epoch: Int, logs: Logs) {
        epochNow = epoch
        events.trySend(TrainingEvent.EpochBegin(epoch))
    }

    override fun onTrainBatchEnd(batch: Int, logs: Logs) {
        if (batchInFlight.compareAndSet(false, true)) events.trySend(TrainingEvent.BatchEnd(epochNow, batch, logs))
    }

    override fun onEpochEnd(epoch: Int, logs: Logs) {
        events.trySend(TrainingEvent.EpochEnd(epoch, logs))
    }
}

/**
 * [fit] as a cold flow of [TrainingEvent]s: each collection trains the model on [dispatcher] (the arguments are
 * [fit]'s) and ends with [TrainingEvent.TrainEnd]. Epoch events are never dropped; batch events are skipped while
 * the collector is still busy with an earlier one, and training never waits for the collector. Cancelling the
 * collector (or leaving early, as `first { }` or `take(n)` do) stops training at the next batch boundary, after
 * which every callback's `onTrainEnd` runs; the collector resumes only once training has stopped. A callback's
 * exception fails the flow. [verbose] defaults to 0 here: the events replace the progress bar.
 */
public fun Model.fitFlow(
    x: Tensor,
    y: Tensor?,
    batchSize: Int = 32,
    epochs: Int = 1,
    verbose: Int = 0,
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
): Flow<TrainingEvent> = trainingFlow(dispatcher) { extra ->
    val o = fitOptions(batchSize, epochs, verbose, callbacks + extra, validationSplit, validationData?.let { Data.of(it.first) to Data.of(it.second) }, validationSampleWeight, validationDataset,
        shuffle, classWeight, sampleWeight, initialEpoch, stepsPerEpoch, validationSteps, validationBatchSize, validationFreq)
    Trainer(this).fit(Data.of(x), y?.let { Data.of(it) }, o)
}

/** [fitFlow] on data by position or by name. */
public fun Model.fitFlow(
    x: Data,
    y: Data?,
    batchSize: Int = 32,
    epochs: Int = 1,
    verbose: Int = 0,
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
): Flow<TrainingEvent> = trainingFlow(dispatcher) { extra ->
    val o = fitOptions(batchSize, epochs, verbose, callbacks + extra, validationSplit, validationData, validationSampleWeight, validationDataset,
        shuffle, classWeight, sampleWeight, initialEpoch, stepsPerEpoch, validationSteps, validationBatchSize, validationFreq)
    Trainer(this).fit(x, y, o)
}

/** [fitFlow] on a Dataset of batches. */
public fun Model.fitFlow(
    x: Dataset,
    batchSize: Int = 32,
    epochs: Int = 1,
    verbose: Int = 0,
    callbacks: List<Callback> = emptyList(),
    validationDataset: Dataset? = null,
    shuffle: Boolean = true,
    initialEpoch: Int = 0,
    stepsPerEpoch: Int? = null,
    validationSteps: Int? = null,
    validationBatchSize: Int? = null,
    validationFreq: Int = 1,
    dispatcher: CoroutineDispatcher = Dispatchers.Default,
): Flow<TrainingEvent> = trainingFlow(dispatcher) { extra ->
    val o = fitOptions(batchSize, epochs, verbose, callbacks + extra, 0.0, null, null, validationDataset,
        shuffle, null, null, initialEpoch, stepsPerEpoch, validationSteps, validationBatchSize, validationFreq)
    Trainer(this).fit(x, o)
}

/** The events of [run] (given the callbacks that feed the flow and stop it), run on [dispatcher]. */
internal fun trainingFlow(dispatcher: CoroutineDispatcher, run: (List<Callback>) -> History): Flow<TrainingEvent> = flow {
    val batchInFlight = AtomicBoolean(false)
    val events = channelFlow {
        // The producer is a child of the collector: cancelling or leaving the collector cancels this job, which the
        // stopper turns into the loop's stop flag; the collector's scope then waits for the loop to return.
        val stopper = CancellationStopper(coroutineContext.job)
        val history = withContext(dispatcher) { run(listOf(EventBridge(channel, batchInFlight), stopper)) }
        send(TrainingEvent.TrainEnd(history))
    }.buffer(Channel.UNLIMITED)
    emitAll(events.transform { event ->
        emit(event)
        if (event is TrainingEvent.BatchEnd) batchInFlight.set(false)
    })
}
