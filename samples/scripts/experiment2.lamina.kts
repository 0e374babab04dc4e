// The seed's Experiment 2 as a Lamina script: class 5 weighted twice, with classWeight and with sampleWeight.
//   mvn -q -B -pl samples exec:exec -Dlamina.main=dev.lamina.samples.scripts.RunScript -Dlamina.args=samples/scripts/experiment2.lamina.kts
import dev.lamina.kotlin.losses.sparseCategoricalCrossentropy
import dev.lamina.models.Model

Lamina.clearSession()
Lamina.setRandomSeed(0)

fun getUncompiledModel(): Model = functional {
    val inputs = input(32, name = "digits")
    var x = dense(64, activation = "relu", name = "dense_1")(inputs)
    x = dense(64, activation = "relu", name = "dense_2")(x)
    output(dense(10, name = "predictions")(x))
}

fun getCompiledModel(): Model = getUncompiledModel().apply {
    compile(
        optimizer = rmsprop(learningRate = 1e-3),
        loss = sparseCategoricalCrossentropy(fromLogits = true),
        metrics = listOf("sparse_categorical_accuracy"),
    )
}

val xTrain = Tensor.uniform(Shape.of(1000, 32), 0f, 1f, 1)
val yTrain = Tensor.randint(Shape.of(1000), 10, 2)

// class_weight = {0: 1., 1: 1., ..., 5: 2., ..., 9: 1.}
val classWeight = (0..9).associateWith { if (it == 5) 2.0 else 1.0 }
// sample_weight = np.ones(shape=(len(y_train),)); sample_weight[y_train == 5] = 2.
val sampleWeight = Tensor.of(FloatArray(yTrain.size()) { if (yTrain.get(it) == 5f) 2f else 1f }, yTrain.size())

runBlocking {
    println("Fit with class weight")
    getCompiledModel().fit(xTrain, yTrain, classWeight = classWeight, batchSize = 64, epochs = epochs(4))

    println("\nFit with sample weight")
    getCompiledModel().fit(xTrain, yTrain, sampleWeight = sampleWeight, batchSize = 64, epochs = epochs(4))
}
