package dev.lamina.samples.kotlin

import dev.lamina.Lamina
import dev.lamina.kotlin.adam
import dev.lamina.kotlin.dense
import dev.lamina.kotlin.evaluate
import dev.lamina.kotlin.fit
import dev.lamina.kotlin.functional
import dev.lamina.kotlin.get
import dev.lamina.kotlin.invoke
import dev.lamina.kotlin.compile
import dev.lamina.kotlin.losses.sparseCategoricalCrossentropy
import dev.lamina.models.Model
import dev.lamina.samples.SampleArgs
import dev.lamina.samples.SeedData
import dev.lamina.training.History
import kotlinx.coroutines.runBlocking

/**
 * The seed's Experiment 1 in the Kotlin DSL: a functional MLP (32 -> 64 relu -> 64 relu -> 10 logits), trained
 * with `validationData`, then with `validationSplit = 0.2`, evaluated and asked for predictions. Same data, seed
 * and output as the Java [dev.lamina.samples.Experiment1].
 */
object Experiment1Kt {
    @JvmStatic
    fun main(args: Array<String>) {
        run(SampleArgs.defaults())
    }

    /** Runs the experiment; returns the History of each fit, in order. */
    @JvmStatic
    fun run(args: SampleArgs): List<History> = runBlocking {
        SeedData.banner("Experiment 1 (Kotlin DSL): functional model, fit / evaluate / predict")
        Lamina.clearSession()
        Lamina.setRandomSeed(0)
        val model = functional {
            val inputs = input(32)
            var x = dense(64, activation = "relu")(inputs)
            x = dense(64, activation = "relu")(x)
            output(dense(10)(x))
        }
        train(model, args)
    }

    /** Compiles, fits, evaluates and predicts as the seed does, for a functional or a subclassed model. */
    internal suspend fun train(model: Model, args: SampleArgs): List<History> {
        model.compile(
            optimizer = adam(learningRate = 0.001),
            loss = sparseCategoricalCrossentropy(fromLogits = true),
            metrics = listOf("accuracy"),
        )
        if (!model.isSubclassed()) model.summary()
        val xTrain = SeedData.xTrain()
        val yTrain = SeedData.yTrain()
        val xTest = SeedData.xTest()
        val yTest = SeedData.yTest()

        // fit suspends while the Java training loop runs on Dispatchers.Default
        val first = model.fit(xTrain, yTrain, batchSize = 32, epochs = args.epochs(5),
            validationData = SeedData.xVal() to SeedData.yVal())
        if (model.isSubclassed()) model.summary()      // a subclassed model has its layers once it has seen data
        val second = model.fit(xTrain, yTrain, batchSize = 64, validationSplit = 0.2, epochs = args.epochs(1))

        println("\n# Evaluate on test data")
        val results = model.evaluate(xTest, yTest, batchSize = 128)
        println("test loss, test acc: ${results.values}")

        println("\n# Generate predictions for 3 samples")
        val predictions = model.predict(xTest[0..2])
        println("predictions shape: ${predictions.shape()}")
        return listOf(first, second)
    }
}
