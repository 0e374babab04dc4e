package dev.lamina.kotlin

import dev.lamina.training.History
import dev.lamina.training.Logs

/** What [fitFlow] emits while a model trains. Epoch indices are 0-based, as in the Java callbacks. */
public sealed class TrainingEvent {
    /** Training starts; [params] are the fit parameters (epochs, steps, verbose, ...). */
    public data class TrainBegin(val params: Map<String, Any?>) : TrainingEvent()

    /** An epoch starts. */
    public data class EpochBegin(val epoch: Int) : TrainingEvent()

    /** A training batch ended with these running [logs]. Batch events may be skipped while the collector lags. */
    public data class BatchEnd(val epoch: Int, val batch: Int, val logs: Logs) : TrainingEvent()

    /** An epoch ended with its [logs] (training and validation values). Never skipped. */
    public data class EpochEnd(val epoch: Int, val logs: Logs) : TrainingEvent()

    /** Training ended (normally, by a callback's stop, or by cancellation) with the [history] so far. */
    public data class TrainEnd(val history: History) : TrainingEvent()
}
