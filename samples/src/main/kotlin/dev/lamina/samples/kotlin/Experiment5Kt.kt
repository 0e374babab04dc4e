package dev.lamina.samples.kotlin

import dev.lamina.Lamina
import dev.lamina.kotlin.fit
import dev.lamina.kotlin.modelCheckpoint
import dev.lamina.kotlin.reduceLROnPlateau
import dev.lamina.samples.SampleArgs
import dev.lamina.samples.SeedData
import dev.lamina.training.History
import kotlinx.coroutines.runBlocking

/**
 * The seed's Experiment 5 in the Kotlin DSL: checkpoints as in Experiment 4, plus ReduceLROnPlateau halving the
 * learning rate whenever `val_sparse_categorical_accuracy` has not risen for 3 epochs, over 30 epochs.
 */
object Experiment5Kt {
    @JvmStatic
    fun main(args: Array<String>) {
        run(SampleArgs.defaults())
    }

    /** Runs the experiment; returns the History of its fit. */
    @JvmStatic
    fun run(args: SampleArgs): List<History> = runBlocking {
        SeedData.banner("Experiment 5 (Kotlin DSL): ModelCheckpoint + ReduceLROnPlateau")
        Lamina.clearSession()
        Lamina.setRandomSeed(0)
        val model = Experiment2Kt.getCompiledModel()
        val callbacks = listOf(
            modelCheckpoint(
                filepath = args.dir("experiment5-kt").resolve("mymodel_{epoch}").toString(),
                saveBestOnly = true,
                monitor = "val_loss",
                saveWeightsOnly = true,
                verbose = 1,
            ),
            reduceLROnPlateau(monitor = "val_sparse_categorical_accuracy", verbose = 1, mode = "max", factor = 0.5, patience = 3),
        )
        listOf(model.fit(SeedData.xTrain(), SeedData.yTrain(), epochs = args.epochs(30), batchSize = 64,
            callbacks = callbacks, validationSplit = 0.2))
    }
}
