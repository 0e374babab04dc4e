package dev.lamina.samples.kotlin

import dev.lamina.Lamina
import dev.lamina.kotlin.adam
import dev.lamina.kotlin.compile
import dev.lamina.kotlin.evaluate
import dev.lamina.kotlin.fit
import dev.lamina.kotlin.losses.sparseCategoricalCrossentropy
import dev.lamina.samples.DigitsData
import dev.lamina.samples.SampleArgs
import dev.lamina.samples.SeedData
import dev.lamina.training.History
import kotlinx.coroutines.runBlocking
import java.util.Locale

/** [dev.lamina.samples.AdversarialTraining] in Kotlin: a custom `trainStep` trained through the DSL's `fit`. */
object AdversarialTrainingKt {
    @JvmStatic
    fun main(args: Array<String>) {
        run(SampleArgs.defaults())
    }

    @JvmStatic
    fun run(args: SampleArgs): History = runBlocking {
        SeedData.banner("Custom train step (Kotlin): adversarial training (FGSM) on the digits, through plain fit")
        Lamina.clearSession()
        Lamina.setRandomSeed(0)
        val data = DigitsData.load(0)
        val model = AdversarialMlpKt(epsilon = 0.1f)
        model.compile(optimizer = adam(learningRate = 0.003), loss = sparseCategoricalCrossentropy(fromLogits = true), metrics = listOf("accuracy"))
        val h = model.fit(data.xTrain(), data.yTrain(), batchSize = 32, epochs = args.epochs(10), validationData = data.xTest() to data.yTest())
        val clean = model.evaluate(data.xTest(), data.yTest(), batchSize = 128)
        println(String.format(Locale.ROOT, "test accuracy: %.4f on clean digits", clean["accuracy"]))
        h
    }
}
