// The seed's Experiment 3 as a Lamina script: EarlyStopping once val_loss stops dropping by 1e-2 for 2 epochs.
//   mvn -q -B -pl samples exec:exec -Dlamina.main=dev.lamina.samples.scripts.RunScript -Dlamina.args=samples/scripts/experiment3.lamina.kts
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
    earlyStopping(
        monitor = "val_loss",
        minDelta = 1e-2,  // "no longer improving" = improving by less than 1e-2
        patience = 2,     // ... for at least 2 epochs
        verbose = 1,
    ),
)
val history = runBlocking {
    model.fit(xTrain, yTrain, epochs = epochs(20), batchSize = 64, callbacks = callbacks, validationSplit = 0.2)
}
println("Trained for ${history.epoch().size} epoch(s)")
