package dev.lamina.samples.kotlin

import dev.lamina.Lamina
import dev.lamina.kotlin.compile
import dev.lamina.kotlin.dense
import dev.lamina.kotlin.fit
import dev.lamina.kotlin.functional
import dev.lamina.kotlin.invoke
import dev.lamina.kotlin.losses.sparseCategoricalCrossentropy
import dev.lamina.kotlin.rmsprop
import dev.lamina.models.Model
import dev.lamina.samples.SampleArgs
import dev.lamina.samples.SeedData
import dev.lamina.tensor.Tensor
import dev.lamina.training.History
import kotlinx.coroutines.runBlocking

/**
 * The seed's Experiment 2 in the Kotlin DSL: class 5 weighted twice as much, once with `classWeight` and once
 * with the equivalent `sampleWeight`. [getCompiledModel] is the model of Experiments 3 to 5 too.
 */
object Experiment2Kt {
    @JvmStatic
    fun main(args: Array<String>) {
        run(SampleArgs.defaults())
    }

    /** `get_uncompiled_model()`: digits -> dense_1 -> dense_2 -> predictions (10 logits). */
    @JvmStatic
    fun getUncompiledModel(): Model = functional {
        val inputs = input(32, name = "digits")
        var x = dense(64, activation = "relu", name = "dense_1")(inputs)
        x = dense(64, activation = "relu", name = "dense_2")(x)
        output(dense(10, name = "predictions")(x))
    }

    /** `get_compiled_model()`: RMSprop(1e-3), sparse categorical cross-entropy on logits. */
    @JvmStatic
    fun getCompiledModel(): Model = getUncompiledModel().apply {
        compile(
            optimizer = rmsprop(learningRate = 1e-3),
            loss = sparseCategoricalCrossentropy(fromLogits = true),
            metrics = listOf("sparse_categorical_accuracy"),
        )
    }

    /** Runs the experiment; returns the History of each fit, in order. */
    @JvmStatic
    fun run(args: SampleArgs): List<History> = runBlocking {
        SeedData.banner("Experiment 2 (Kotlin DSL): class weights and sample weights")
        Lamina.clearSession()
        Lamina.setRandomSeed(0)
        val xTrain = SeedData.xTrain()
        val yTrain = SeedData.yTrain()

        // class_weight = {0: 1., 1: 1., ..., 5: 2., ..., 9: 1.}
        val classWeight = (0..9).associateWith { if (it == 5) 2.0 else 1.0 }
        println("Fit with class weight")
        var model = getCompiledModel()
        val withClassWeight = model.fit(xTrain, yTrain, classWeight = classWeight, batchSize = 64, epochs = args.epochs(4))

        // sample_weight = np.ones(shape=(len(y_train),)); sample_weight[y_train == 5] = 2.
        val sampleWeight = Tensor.of(FloatArray(yTrain.size()) { if (yTrain.get(it) == 5f) 2f else 1f }, yTrain.size())
        println("\nFit with sample weight")
        model = getCompiledModel()
        val withSampleWeight = model.fit(xTrain, yTrain, sampleWeight = sampleWeight, batchSize = 64, epochs = args.epochs(4))
        listOf(withClassWeight, withSampleWeight)
    }
}
