// The seed's Experiment 5 as a Lamina script: checkpoints, and ReduceLROnPlateau halving the learning rate when
// val_sparse_categorical_accuracy has not risen for 3 epochs, over 30 epochs.
//   mvn -q -B -pl samples exec:exec -Dlamina.main=dev.lamina.samples.scripts.RunScript -Dlamina.args=samples/scripts/experiment5.lamina.kts
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

// Typed: the two callbacks' common type would otherwise be inferred as Any in a script.
val callbacks: List<Callback> = listOf(
    modelCheckpoint(
        filepath = outputDir("script-experiment5").resolve("mymodel_{epoch}").toString(),
        saveBestOnly = true,
        monitor = "val_loss",
        saveWeightsOnly = true,
        verbose = 1,
    ),
    reduceLROnPlateau(monitor = "val_sparse_categorical_accuracy", verbose = 1, mode = "max", factor = 0.5, patience = 3),
)
val history = runBlocking {
    model.fit(xTrain, yTrain, epochs = epochs(30), batchSize = 64, callbacks = callbacks, validationSplit = 0.2)
}
println("Learning rate by epoch: ${history.get("learning_rate")}")
