package dev.lamina.samples.kotlin

import dev.lamina.Lamina
import dev.lamina.samples.SampleArgs
import dev.lamina.samples.SeedData
import dev.lamina.training.History
import kotlinx.coroutines.runBlocking

/** The seed's Experiment 1 with its MLP written as a Kotlin subclassed model ([SubclassedMlpKt]); the same output. */
object Experiment1SubclassedKt {
    @JvmStatic
    fun main(args: Array<String>) {
        run(SampleArgs.defaults())
    }

    @JvmStatic
    fun run(args: SampleArgs): List<History> = runBlocking {
        SeedData.banner("Experiment 1, subclassed (Kotlin): the same MLP as a Model subclass, fit / evaluate / predict")
        Lamina.clearSession()
        Lamina.setRandomSeed(0)
        Experiment1Kt.train(SubclassedMlpKt(), args)
    }
}
