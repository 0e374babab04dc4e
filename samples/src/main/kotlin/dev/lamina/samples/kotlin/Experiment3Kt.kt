package dev.lamina.samples.kotlin

import dev.lamina.Lamina
import dev.lamina.kotlin.earlyStopping
import dev.lamina.kotlin.fit
import dev.lamina.samples.SampleArgs
import dev.lamina.samples.SeedData
import dev.lamina.training.History
import kotlinx.coroutines.runBlocking

/**
 * The seed's Experiment 3 in the Kotlin DSL: stop once `val_loss` has not dropped by at least 1e-2 for 2 epochs.
 */
object Experiment3Kt {
    @JvmStatic
    fun main(args: Array<String>) {
        run(SampleArgs.defaults())
    }

    /** Runs the experiment; returns the History of its fit. */
    @JvmStatic
    fun run(args: SampleArgs): List<History> = runBlocking {
        SeedData.banner("Experiment 3 (Kotlin DSL): EarlyStopping on val_loss")
        Lamina.clearSession()
        Lamina.setRandomSeed(0)
        val model = Experiment2Kt.getCompiledModel()
        val callbacks = listOf(
            earlyStopping(
                monitor = "val_loss",
                minDelta = 1e-2,   // "no longer improving" = improving by less than 1e-2
                patience = 2,      // ... for at least 2 epochs
                verbose = 1,
            ),
        )
        listOf(model.fit(SeedData.xTrain(), SeedData.yTrain(), epochs = args.epochs(20), batchSize = 64,
            callbacks = callbacks, validationSplit = 0.2))
    }
}
