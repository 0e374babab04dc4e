// The seed's Experiment 6 as a Lamina script: two inputs, two outputs; losses, metrics and loss weights as lists
// and as maps; an output without a loss; the model plot (lamina-output/script-experiment6, or --output DIR).
//   mvn -q -B -pl samples exec:exec -Dlamina.main=dev.lamina.samples.scripts.RunScript -Dlamina.args=samples/scripts/experiment6.lamina.kts
import dev.lamina.kotlin.losses.categoricalCrossentropy
import dev.lamina.kotlin.losses.meanSquaredError
import dev.lamina.kotlin.metrics.categoricalAccuracy
import dev.lamina.kotlin.metrics.meanAbsoluteError
import dev.lamina.kotlin.metrics.meanAbsolutePercentageError
import dev.lamina.utils.plot.PlotModel

Lamina.clearSession()
Lamina.setRandomSeed(0)

val model = functional {
    val imageInput = input(32, 32, 3, name = "img_input")
    val timeseriesInput = input(20, 10, name = "ts_input")

    val x1 = globalMaxPooling2D()(conv2D(3, 3)(imageInput))
    val x2 = globalMaxPooling1D()(conv1D(3, 3)(timeseriesInput))
    val x = concatenate(listOf(x1, x2))

    outputs(dense(1, name = "score_output")(x), dense(5, name = "class_output")(x))
}
model.summary()

// tf.keras.utils.plot_model(model, 'multi_input_and_output_model.png', show_shapes=True, dpi=500)
val plot = outputDir("script-experiment6").resolve("multi_input_and_output_model.png")
PlotModel.plotModel(model, plot, true, true, 200, "TB")
println("Model plot written to $plot")

// np.random.random_sample(size=...)
val imgData = Tensor.uniform(Shape.of(100, 32, 32, 3), 0f, 1f, 61)
val tsData = Tensor.uniform(Shape.of(100, 20, 10), 0f, 1f, 62)
val scoreTargets = Tensor.uniform(Shape.of(100, 1), 0f, 1f, 63)
val classTargets = Tensor.uniform(Shape.of(100, 5), 0f, 1f, 64)

runBlocking {
    println("\n# Losses and metrics as lists, by output position; fit on lists")
    model.compile(
        optimizer = rmsprop(1e-3),
        loss = listOf(meanSquaredError(), categoricalCrossentropy(fromLogits = true)),
        metrics = listOf(listOf(meanAbsolutePercentageError(), meanAbsoluteError()), listOf(categoricalAccuracy())),
    )
    model.fit(data(imgData, tsData), data(scoreTargets, classTargets), batchSize = 32, epochs = epochs(3))

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
    model.fit(
        data("img_input" to imgData, "ts_input" to tsData),
        data("score_output" to scoreTargets, "class_output" to classTargets),
        batchSize = 32, epochs = epochs(3),
    )

    println("\n# No loss for score_output: a list with null")
    model.compile(optimizer = rmsprop(1e-3), loss = listOf(null, categoricalCrossentropy(fromLogits = true)))
    model.fit(data(imgData, tsData), data(scoreTargets, classTargets), batchSize = 32, epochs = epochs(3))

    println("\n# No loss for score_output: a map without its name")
    model.compile(optimizer = rmsprop(1e-3), loss = mapOf("class_output" to categoricalCrossentropy(fromLogits = true)))
    model.fit(
        data("img_input" to imgData, "ts_input" to tsData),
        data("score_output" to scoreTargets, "class_output" to classTargets),
        batchSize = 32, epochs = epochs(3),
    )
}
