// The seed's Experiment 4 as a Lamina script: ModelCheckpoint saves the weights to mymodel_{epoch} whenever
// val_loss improves (under lamina-output/script-experiment4, or --output DIR).
//   mvn -q -B -pl samples exec:exec -Dlamina.main=dev.lamina.samples.scripts.RunScript -Dlamina.args=samples/scripts/experiment4.lamina.kts
import dev.lamina.kotlin.losses.sparseCategoricalCrossentropy

Lamina.clearSession()
Lamina.setRandomSeed(0)

val model = functional {
    val inputs = input(32, name = "digits")
    var x = dense(64, activation = "relu", name = "dense_1")(inputs)
    x = dense(64, activation = "relu", name = "dense_2")(x)
    output(dense(10, name = "predictions")(x))
}
model.compile(
    optimizer = rmsprop(learningRate = 1e-3),
    loss = sparseCategoricalCrossentropy(fromLogits = true),
    metrics = listOf("sparse_categorical_accuracy"),
)

val xTrain = Tensor.uniform(Shape.of(1000, 32), 0f, 1f, 1)
val yTrain = Tensor.randint(Shape.of(1000), 10, 2)

val callbacks = listOf(
    modelCheckpoint(
        filepath = outputDir("script-experiment4").resolve("mymodel_{epoch}").toString(),  // {epoch} is 1-based
        saveBestOnly = true,     // overwrite only when val_loss improves
        monitor = "val_loss",
        saveWeightsOnly = true,  // weights only (safetensors)
        verbose = 1,
    ),
)
runBlocking {
    model.fit(xTrain, yTrain, epochs = epochs(3), batchSize = 64, callbacks = callbacks, validationSplit = 0.2)
}
