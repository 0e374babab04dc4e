package dev.lamina.kotlin

import dev.lamina.callbacks.BackupAndRestore
import dev.lamina.callbacks.CSVLogger
import dev.lamina.callbacks.EarlyStopping
import dev.lamina.callbacks.LambdaCallback
import dev.lamina.callbacks.LearningRateScheduler
import dev.lamina.callbacks.ModelCheckpoint
import dev.lamina.callbacks.ReduceLROnPlateau
import dev.lamina.callbacks.RemoteMonitor
import dev.lamina.callbacks.TensorBoard
import dev.lamina.callbacks.TerminateOnNaN
import dev.lamina.training.Logs

// Keras' callbacks with Keras' argument names and defaults. Epoch numbers passed to lambdas are 0-based, as in
// Keras' hooks; printed messages and checkpoint paths use 1-based epochs, as Keras prints them.

/** Keras' `EarlyStopping`: stops when [monitor] has not improved by [minDelta] for [patience] epochs. */
public fun earlyStopping(
    monitor: String = "val_loss",
    minDelta: Double = 0.0,
    patience: Int = 0,
    verbose: Int = 0,
    mode: String = "auto",
    baseline: Double? = null,
    restoreBestWeights: Boolean = false,
    startFromEpoch: Int = 0,
): EarlyStopping = EarlyStopping().monitor(monitor).minDelta(minDelta).patience(patience).verbose(verbose).mode(mode)
    .baseline(baseline).restoreBestWeights(restoreBestWeights).startFromEpoch(startFromEpoch)

/**
 * Keras' `ModelCheckpoint`: saves the model (or its weights) to [filepath], formatted with `{epoch}` and log keys
 * (`"mymodel_{epoch}"`, `"w_{val_loss:.2f}"`). [saveFreq] is `"epoch"` or a number of batches (Int).
 */
public fun modelCheckpoint(
    filepath: String,
    monitor: String = "val_loss",
    verbose: Int = 0,
    saveBestOnly: Boolean = false,
    saveWeightsOnly: Boolean = false,
    mode: String = "auto",
    saveFreq: Any = "epoch",
    initialValueThreshold: Double? = null,
): ModelCheckpoint {
    val cb = ModelCheckpoint(filepath).monitor(monitor).verbose(verbose).saveBestOnly(saveBestOnly).saveWeightsOnly(saveWeightsOnly)
        .mode(mode).initialValueThreshold(initialValueThreshold)
    return when (saveFreq) {
        is String -> cb.saveFreq(saveFreq)
        is Int -> cb.saveFreq(saveFreq)
        else -> throw IllegalArgumentException("ModelCheckpoint: expected saveFreq \"epoch\" or an Int, received ${describe(saveFreq)}")
    }
}

/** Keras' `ReduceLROnPlateau`: multiplies the learning rate by [factor] when [monitor] stalls for [patience] epochs. */
public fun reduceLROnPlateau(
    monitor: String = "val_loss",
    factor: Double = 0.1,
    patience: Int = 10,
    verbose: Int = 0,
    mode: String = "auto",
    minDelta: Double = 1e-4,
    cooldown: Int = 0,
    minLr: Double = 0.0,
): ReduceLROnPlateau = ReduceLROnPlateau().monitor(monitor).factor(factor).patience(patience).verbose(verbose).mode(mode)
    .minDelta(minDelta).cooldown(cooldown).minLr(minLr)

/** Keras' `CSVLogger`: one CSV row per epoch in [filename], flushed every epoch and closed when training ends. */
public fun csvLogger(filename: String, separator: String = ",", append: Boolean = false): CSVLogger =
    CSVLogger(filename).separator(separator).append(append)

/** Keras' `LearningRateScheduler`: sets the learning rate to `schedule(epoch, currentLr)` before every epoch. */
public fun learningRateScheduler(schedule: (epoch: Int, lr: Double) -> Double, verbose: Int = 0): LearningRateScheduler =
    LearningRateScheduler { epoch, lr -> schedule(epoch, lr) }.verbose(verbose)

/** Keras' `TerminateOnNaN`: stops training at the first batch whose loss is NaN or infinite. */
public fun terminateOnNaN(): TerminateOnNaN = TerminateOnNaN()

/** Keras' `LambdaCallback`: a callback made of the hooks given (the others do nothing). */
public fun lambdaCallback(
    onEpochBegin: ((epoch: Int, logs: Logs) -> Unit)? = null,
    onEpochEnd: ((epoch: Int, logs: Logs) -> Unit)? = null,
    onTrainBegin: ((logs: Logs) -> Unit)? = null,
    onTrainEnd: ((logs: Logs) -> Unit)? = null,
    onTrainBatchBegin: ((batch: Int, logs: Logs) -> Unit)? = null,
    onTrainBatchEnd: ((batch: Int, logs: Logs) -> Unit)? = null,
): LambdaCallback {
    val cb = LambdaCallback()
    if (onEpochBegin != null) cb.onEpochBegin { e, l -> onEpochBegin(e, l) }
    if (onEpochEnd != null) cb.onEpochEnd { e, l -> onEpochEnd(e, l) }
    if (onTrainBegin != null) cb.onTrainBegin { l -> onTrainBegin(l) }
    if (onTrainEnd != null) cb.onTrainEnd { l -> onTrainEnd(l) }
    if (onTrainBatchBegin != null) cb.onTrainBatchBegin { b, l -> onTrainBatchBegin(b, l) }
    if (onTrainBatchEnd != null) cb.onTrainBatchEnd { b, l -> onTrainBatchEnd(b, l) }
    return cb
}

/**
 * Keras' `TensorBoard`: writes event files under [logDir]`/train` and [logDir]`/validation`. [updateFreq] is
 * `"epoch"`, `"batch"` or a number of batches (Int); [histogramFreq] > 0 writes weight histograms every so many epochs.
 */
public fun tensorBoard(logDir: String = "logs", histogramFreq: Int = 0, updateFreq: Any = "epoch"): TensorBoard {
    val cb = TensorBoard(logDir).histogramFreq(histogramFreq)
    return when (updateFreq) {
        is String -> cb.updateFreq(updateFreq)
        is Int -> cb.updateFreq(updateFreq)
        else -> throw IllegalArgumentException("TensorBoard: expected updateFreq \"epoch\", \"batch\" or an Int, received ${describe(updateFreq)}")
    }
}

/**
 * Keras' `BackupAndRestore`, extended: backs up weights, optimizer state, random state, position and the other
 * callbacks' state under [backupDir], so an interrupted fit resumes exactly. [saveFreq] is `"epoch"` or an Int.
 */
public fun backupAndRestore(backupDir: String, saveFreq: Any = "epoch", deleteCheckpoint: Boolean = true): BackupAndRestore {
    val cb = BackupAndRestore(backupDir).deleteCheckpoint(deleteCheckpoint)
    return when (saveFreq) {
        is String -> cb.saveFreq(saveFreq)
        is Int -> cb.saveFreq(saveFreq)
        else -> throw IllegalArgumentException("BackupAndRestore: expected saveFreq \"epoch\" or an Int, received ${describe(saveFreq)}")
    }
}

/** Keras' `RemoteMonitor`: POSTs each epoch's logs to [root] + [path]; a server that is down never fails training. */
public fun remoteMonitor(
    root: String = "http://localhost:9000",
    path: String = "/publish/epoch/end/",
    field: String = "data",
    headers: Map<String, String> = emptyMap(),
    sendAsJson: Boolean = false,
): RemoteMonitor = RemoteMonitor(root, path, field, headers, sendAsJson)
