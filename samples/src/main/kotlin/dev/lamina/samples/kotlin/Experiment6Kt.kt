package dev.lamina.samples.kotlin

import dev.lamina.kotlin.data

import dev.lamina.Lamina
import dev.lamina.kotlin.compile
import dev.lamina.kotlin.concatenate
import dev.lamina.kotlin.conv1D
import dev.lamina.kotlin.conv2D
import dev.lamina.kotlin.dense
import dev.lamina.kotlin.fit
import dev.lamina.kotlin.functional
import dev.lamina.kotlin.globalMaxPooling1D
import dev.lamina.kotlin.globalMaxPooling2D
import dev.lamina.kotlin.invoke
import dev.lamina.kotlin.losses.categoricalCrossentropy
import dev.lamina.kotlin.losses.meanSquaredError
import dev.lamina.kotlin.metrics.categoricalAccuracy
import dev.lamina.kotlin.metrics.meanAbsoluteError
import dev.lamina.kotlin.metrics.meanAbsolutePercentageError
import dev.lamina.kotlin.rmsprop
import dev.lamina.models.Model
import dev.lamina.samples.Experiment6
import dev.lamina.samples.SampleArgs
import dev.lamina.samples.SeedData
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.training.History
import dev.lamina.utils.plot.PlotModel
import kotlinx.coroutines.runBlocking

/**
 * The seed's Experiment 6 in the Kotlin DSL: two inputs (an image and a time series), two outputs (a score and
 * five class logits), plotted, then compiled and fitted in each of the seed's forms: lists by position, maps by
 * output name with loss weights, and an output left without a loss (null in the list, missing from the map).
 */
object Experiment6Kt {
    @JvmStatic
    fun main(args: Array<String>) {
        run(SampleArgs.defaults())
    }

    /** img_input (32, 32, 3) -> Conv2D(3, 3) -> GlobalMaxPooling2D; ts_input (20, 10) -> Conv1D(3, 3) -> GlobalMaxPooling1D. */
    @JvmStatic
    fun buildModel(): Model = functional {
        val imageInput = input(32, 32, 3, name = "img_input")
        val timeseriesInput = input(20, 10, name = "ts_input")

        val x1 = globalMaxPooling2D()(conv2D(3, 3)(imageInput))
        val x2 = globalMaxPooling1D()(conv1D(3, 3)(timeseriesInput))
        val x = concatenate(listOf(x1, x2))

        outputs(dense(1, name = "score_output")(x), dense(5, name = "class_output")(x))
    }

    /** Runs the experiment; returns the History of each of its four fits, in order. */
    @JvmStatic
    fun run(args: SampleArgs): List<History> = runBlocking {
        SeedData.banner("Experiment 6 (Kotlin DSL): multi-input, multi-output model")
        Lamina.clearSession()
        Lamina.setRandomSeed(0)
        val model = buildModel()
        model.summary()
        val plot = args.dir("experiment6-kt").resolve("multi_input_and_output_model.png")
        PlotModel.plotModel(model, plot, true, true, Experiment6.PLOT_DPI, "TB")
        println("Model plot written to $plot")

        // Dummy data: np.random.random_sample(size=...)
        val imgData = Tensor.uniform(Shape.of(100, 32, 32, 3), 0f, 1f, 61)
        val tsData = Tensor.uniform(Shape.of(100, 20, 10), 0f, 1f, 62)
        val scoreTargets = Tensor.uniform(Shape.of(100, 1), 0f, 1f, 63)
        val classTargets = Tensor.uniform(Shape.of(100, 5), 0f, 1f, 64)
        val xList = data(imgData, tsData)
        val yList = data(scoreTargets, classTargets)
        val xMap = data("img_input" to imgData, "ts_input" to tsData)
        val yMap = data("score_output" to scoreTargets, "class_output" to classTargets)
        val epochs = args.epochs(3)
        val histories = mutableListOf<History>()

        println("\n# Losses and metrics as lists, by output position; fit on lists")
        model.compile(
            optimizer = rmsprop(1e-3),
            loss = listOf(meanSquaredError(), categoricalCrossentropy(fromLogits = true)),
            metrics = listOf(listOf(meanAbsolutePercentageError(), meanAbsoluteError()), listOf(categoricalAccuracy())),
        )
        histories += model.fit(xList, yList, batchSize = 32, epochs = epochs)

        println("\n# Losses, metrics and loss weights as maps, by output name; fit on maps")
        model.compile(
            optimizer = rmsprop(1e-3),
            loss = mapOf("score_output" to meanSquaredError(), "class_output" to categoricalCrossentropy(fromLogits = true)),
            metrics = mapOf(
                "score_output" to listOf(meanAbsolutePercentageError(), meanAbsoluteError()),
                "class_output" to listOf(categoricalAccuracy()),
            ),
            lossWeights = mapOf("score_output" to 2.0, "class_output" to 1.0),
        )
        histories += model.fit(xMap, yMap, batchSize = 32, epochs = epochs)

        println("\n# No loss for score_output: a list with null")
        model.compile(optimizer = rmsprop(1e-3), loss = listOf(null, categoricalCrossentropy(fromLogits = true)))
        histories += model.fit(xList, yList, batchSize = 32, epochs = epochs)

        println("\n# No loss for score_output: a map without its name")
        model.compile(optimizer = rmsprop(1e-3), loss = mapOf("class_output" to categoricalCrossentropy(fromLogits = true)))
        histories += model.fit(xMap, yMap, batchSize = 32, epochs = epochs)
        histories
    }
}
