package dev.lamina.samples.kotlin

import dev.lamina.Lamina
import dev.lamina.kotlin.fit
import dev.lamina.kotlin.modelCheckpoint
import dev.lamina.samples.SampleArgs
import dev.lamina.samples.SeedData
import dev.lamina.training.History
import kotlinx.coroutines.runBlocking

/**
 * The seed's Experiment 4 in the Kotlin DSL: ModelCheckpoint writes the weights to `mymodel_{epoch}` (in
 * `<output>/experiment4-kt`) whenever `val_loss` improves, and says at each epoch whether it did.
 */
object Experiment4Kt {
    @JvmStatic
    fun main(args: Array<String>) {
        run(SampleArgs.defaults())
    }

    /** Runs the experiment; returns the History of its fit. */
    @JvmStatic
    fun run(args: SampleArgs): List<History> = runBlocking {
        SeedData.banner("Experiment 4 (Kotlin DSL): ModelCheckpoint")
        Lamina.clearSession()
        Lamina.setRandomSeed(0)
        val model = Experiment2Kt.getCompiledModel()
        val callbacks = listOf(
            modelCheckpoint(
                filepath = args.dir("experiment4-kt").resolve("mymodel_{epoch}").toString(),  // {epoch} is 1-based
                saveBestOnly = true,     // overwrite only when val_loss improves
                monitor = "val_loss",
                saveWeightsOnly = true,  // weights only (safetensors), not the whole model
                verbose = 1,
            ),
        )
        listOf(model.fit(SeedData.xTrain(), SeedData.yTrain(), epochs = args.epochs(3), batchSize = 64,
            callbacks = callbacks, validationSplit = 0.2))
    }
}
