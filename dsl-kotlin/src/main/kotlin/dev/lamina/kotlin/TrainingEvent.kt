package dev.lamina.kotlin

import dev.lamina.training.History
import dev.lamina.training.Logs

/** What [fitFlow] emits while a model trains. Epoch and batch indices are 0-based, as in the Java callbacks. */
public sealed class TrainingEvent {
    /**
     * Training starts.
     * @property params the fit parameters (epochs, steps, batch_size, samples, verbose, ...), as callbacks get them.
     */
    public data class TrainBegin(public val params: Map<String, Any?>) : TrainingEvent()

    /**
     * An epoch starts.
     * @property epoch the epoch index.
     */
    public data class EpochBegin(public val epoch: Int) : TrainingEvent()

    /**
     * A training batch ended. Batch events may be skipped while the collector lags.
     * @property epoch the epoch index.
     * @property batch the batch index within the epoch.
     * @property logs the running loss and metrics of the epoch so far.
     */
    public data class BatchEnd(public val epoch: Int, public val batch: Int, public val logs: Logs) : TrainingEvent()

    /**
     * An epoch ended. Never skipped.
     * @property epoch the epoch index.
     * @property logs the epoch's training and validation values and `learning_rate`, as History records them.
     */
    public data class EpochEnd(public val epoch: Int, public val logs: Logs) : TrainingEvent()

    /**
     * Training ended normally or by a callback's stop (a cancelled collection emits nothing more).
     * @property history the History of the whole fit.
     */
    public data class TrainEnd(public val history: History) : TrainingEvent()
}
