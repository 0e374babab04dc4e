// The seed's Experiment 1 as a Lamina script: a functional MLP, fit with validation data and with a validation
// split, evaluate, predict. Run from the repository root (after `mvn -q -B -DskipTests install`):
//   mvn -q -B -pl samples exec:exec -Dlamina.main=dev.lamina.samples.scripts.RunScript -Dlamina.args=samples/scripts/experiment1.lamina.kts
// For a quick run: -Dlamina.args="samples/scripts/experiment1.lamina.kts --epochs 1" (`--output DIR` moves the files).
import dev.lamina.kotlin.losses.sparseCategoricalCrossentropy

Lamina.clearSession()
Lamina.setRandomSeed(0)

val model = functional {
    val inputs = input(32)
    var x = dense(64, activation = "relu")(inputs)
    x = dense(64, activation = "relu")(x)
    output(dense(10)(x))
}
model.compile(
    optimizer = adam(learningRate = 0.001),
    loss = sparseCategoricalCrossentropy(fromLogits = true),
    metrics = listOf("accuracy"),
)
model.summary()

// np.random.random((1000, 32)) and np.random.randint(10, size=(1000,)), with NumPy's generator and fixed seeds
val xTrain = Tensor.uniform(Shape.of(1000, 32), 0f, 1f, 1)
val yTrain = Tensor.randint(Shape.of(1000), 10, 2)
val xVal = Tensor.uniform(Shape.of(200, 32), 0f, 1f, 3)
val yVal = Tensor.randint(Shape.of(200), 10, 4)
val xTest = Tensor.uniform(Shape.of(200, 32), 0f, 1f, 5)
val yTest = Tensor.randint(Shape.of(200), 10, 6)

runBlocking {
    model.fit(xTrain, yTrain, batchSize = 32, epochs = epochs(5), validationData = xVal to yVal)
    model.fit(xTrain, yTrain, batchSize = 64, validationSplit = 0.2, epochs = epochs(1))
}

println("\n# Evaluate on test data")
val results = model.evaluate(xTest, yTest, batchSize = 128)
println("test loss, test acc: ${results.values}")

println("\n# Generate predictions for 3 samples")
val predictions = model.predict(xTest[0..2])
println("predictions shape: ${predictions.shape()}")
