package dev.lamina.kotlin

import dev.lamina.callbacks.EarlyStopping
import dev.lamina.callbacks.ModelCheckpoint
import dev.lamina.callbacks.ReduceLROnPlateau
import dev.lamina.kotlin.DslTesting.Run
import dev.lamina.kotlin.DslTesting.assertIdentical
import dev.lamina.kotlin.DslTesting.captureOut
import dev.lamina.kotlin.DslTesting.run
import dev.lamina.kotlin.DslTesting.seeded
import dev.lamina.kotlin.DslTesting.xTrain
import dev.lamina.kotlin.DslTesting.xVal
import dev.lamina.kotlin.DslTesting.yTrain
import dev.lamina.kotlin.DslTesting.yVal
import dev.lamina.kotlin.losses.sparseCategoricalCrossentropy
import dev.lamina.layers.Dense
import dev.lamina.layers.Input
import dev.lamina.losses.SparseCategoricalCrossentropy
import dev.lamina.models.Model
import dev.lamina.optimizers.Adam
import dev.lamina.optimizers.RMSprop
import dev.lamina.tensor.Tensor
import dev.lamina.training.EvaluateOptions
import dev.lamina.training.FitOptions
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import java.nio.file.Path

/**
 * The seed's Experiments 1-5 written in the DSL train exactly as the same code written against the Java API:
 * same seed, same data, bit-identical History values, weights, printed callback lines and files.
 */
class SeedExperimentsDslSpec : FunSpec({
    fun javaMlp(): Model {
        val inputs = Input.of("digits", 32)
        var x = Dense(64).activation("relu").name("dense_1").apply(inputs)
        x = Dense(64).activation("relu").name("dense_2").apply(x)
        return Model.of(inputs, Dense(10).name("predictions").apply(x))
    }

    fun dslMlp(): Model = functional {
        val inputs = input(32, name = "digits")
        val x = dense(64, activation = "relu", name = "dense_1")(inputs)
        output(dense(10, name = "predictions")(dense(64, activation = "relu", name = "dense_2")(x)))
    }

    // Keras' get_compiled_model() of Experiments 2-5.
    fun javaCompiled(): Model = javaMlp().also {
        it.compile(RMSprop(1e-3), SparseCategoricalCrossentropy().fromLogits(true), "sparse_categorical_accuracy")
    }

    fun dslCompiled(): Model = dslMlp().also {
        it.compile(
            optimizer = rmsprop(learningRate = 1e-3),
            loss = sparseCategoricalCrossentropy(fromLogits = true),
            metrics = listOf("sparse_categorical_accuracy"),
        )
    }

    test("Experiment 1: functional MLP, fit with validationData, evaluate, predict") {
        val java = seeded(1) {
            val m = javaMlp()
            m.compile(Adam(0.001), SparseCategoricalCrossentropy().fromLogits(true), "accuracy")
            val h = m.fit(xTrain, yTrain, FitOptions.defaults().batchSize(32).epochs(3).verbose(0).validationData(xVal, yVal))
            val results = m.evaluate(xVal, yVal, EvaluateOptions.defaults().batchSize(128).verbose(0))
            run(m, h, extra = listOf(results, m.predict(xVal.slice(0, 3))))
        }
        val dsl = seeded(1) {
            val m = dslMlp()
            m.compile(optimizer = adam(learningRate = 0.001), loss = sparseCategoricalCrossentropy(fromLogits = true), metrics = listOf("accuracy"))
            val h = m.fit(xTrain, yTrain, batchSize = 32, epochs = 3, verbose = 0, validationData = xVal to yVal)
            val results = m.evaluate(xVal, yVal, batchSize = 128, verbose = 0)
            run(m, h, extra = listOf(results, m.predict(xVal[0..2], batchSize = 32)))
        }
        assertIdentical(java, dsl)
        dsl.history.keys.toList() shouldBe listOf("loss", "accuracy", "val_loss", "val_accuracy", "learning_rate")
        (dsl.extra[0] as Map<*, *>).keys.toList() shouldBe listOf("loss", "accuracy")
        (dsl.extra[1] as Tensor).shape().toArray().toList() shouldBe listOf(3, 10)
    }

    test("Experiment 1: fit with validationSplit = 0.2") {
        val java = seeded(2) {
            val m = javaCompiled()
            run(m, m.fit(xTrain, yTrain, FitOptions.defaults().batchSize(64).validationSplit(0.2).epochs(2).verbose(0)))
        }
        val dsl = seeded(2) {
            val m = dslCompiled()
            run(m, m.fit(xTrain, yTrain, batchSize = 64, validationSplit = 0.2, epochs = 2, verbose = 0))
        }
        assertIdentical(java, dsl)
        dsl.history["val_loss"]!! shouldHaveSize 2
    }

    test("Experiment 2: classWeight, and sampleWeight") {
        val classWeight = (0..9).associateWith { if (it == 5) 2.0 else 1.0 }
        val sampleWeight = Tensor.of(FloatArray(yTrain.size()) { if (yTrain.get(it) == 5f) 2f else 1f }, yTrain.size())
        for (weighted in listOf("class", "sample")) {
            val java = seeded(3) {
                val m = javaCompiled()
                val o = FitOptions.defaults().batchSize(64).epochs(2).verbose(0)
                if (weighted == "class") o.classWeight(classWeight) else o.sampleWeight(sampleWeight)
                run(m, m.fit(xTrain, yTrain, o))
            }
            val dsl = seeded(3) {
                val m = dslCompiled()
                val h = if (weighted == "class") {
                    m.fit(xTrain, yTrain, batchSize = 64, epochs = 2, verbose = 0, classWeight = classWeight)
                } else {
                    m.fit(xTrain, yTrain, batchSize = 64, epochs = 2, verbose = 0, sampleWeight = sampleWeight)
                }
                run(m, h)
            }
            assertIdentical(java, dsl)
        }
    }

    test("Experiment 3: EarlyStopping(monitor val_loss, minDelta 1e-2, patience 2, verbose 1) stops both runs at the same epoch") {
        val java = seeded(4) {
            val m = javaCompiled()
            lateinit var r: Run
            val printed = captureOut {
                val es = EarlyStopping().monitor("val_loss").minDelta(1e-2).patience(2).verbose(1)
                r = run(m, m.fit(xTrain, yTrain, FitOptions.defaults().epochs(20).batchSize(64).validationSplit(0.2).verbose(0).callbacks(es)))
            }
            r.copy(printed = printed)
        }
        val dsl = seeded(4) {
            val m = dslCompiled()
            lateinit var r: Run
            val printed = captureOut {
                val callbacks = listOf(earlyStopping(monitor = "val_loss", minDelta = 1e-2, patience = 2, verbose = 1))
                r = run(m, m.fit(xTrain, yTrain, epochs = 20, batchSize = 64, callbacks = callbacks, validationSplit = 0.2, verbose = 0))
            }
            r.copy(printed = printed)
        }
        assertIdentical(java, dsl)
        dsl.history["loss"]!!.size shouldBeLessThan 20
        dsl.printed shouldContain "early stopping"
    }

    fun checkpointFiles(dir: Path): Map<String, List<Byte>> =
        Files.list(dir).use { s -> s.sorted().toList().associate { it.fileName.toString() to Files.readAllBytes(it).toList() } }

    test("Experiment 4: ModelCheckpoint('mymodel_{epoch}', saveBestOnly, saveWeightsOnly, verbose 1) writes the same files") {
        val javaDir = Files.createTempDirectory("lamina-exp4-java")
        val dslDir = Files.createTempDirectory("lamina-exp4-dsl")
        val java = seeded(5) {
            val m = javaCompiled()
            lateinit var r: Run
            val printed = captureOut {
                val cp = ModelCheckpoint("$javaDir/mymodel_{epoch}").saveBestOnly(true).monitor("val_loss").saveWeightsOnly(true).verbose(1)
                r = run(m, m.fit(xTrain, yTrain, FitOptions.defaults().epochs(3).batchSize(64).validationSplit(0.2).verbose(0).callbacks(cp)))
            }
            r.copy(printed = printed.replace(javaDir.toString(), "DIR"), extra = listOf(checkpointFiles(javaDir)))
        }
        val dsl = seeded(5) {
            val m = dslCompiled()
            lateinit var r: Run
            val printed = captureOut {
                val callbacks = listOf(
                    modelCheckpoint(filepath = "$dslDir/mymodel_{epoch}", saveBestOnly = true, monitor = "val_loss", saveWeightsOnly = true, verbose = 1),
                )
                r = run(m, m.fit(xTrain, yTrain, epochs = 3, batchSize = 64, callbacks = callbacks, validationSplit = 0.2, verbose = 0))
            }
            r.copy(printed = printed.replace(dslDir.toString(), "DIR"), extra = listOf(checkpointFiles(dslDir)))
        }
        assertIdentical(java, dsl)
        dsl.printed shouldContain "Epoch 00001: val_loss improved from inf to"
        dsl.printed shouldContain "saving model to DIR/mymodel_1"
        ((dsl.extra[0] as Map<*, *>).keys.contains("mymodel_1")) shouldBe true
    }

    test("Experiment 5: ModelCheckpoint + ReduceLROnPlateau(val_sparse_categorical_accuracy, mode max, factor 0.5, patience 3)") {
        val javaDir = Files.createTempDirectory("lamina-exp5-java")
        val dslDir = Files.createTempDirectory("lamina-exp5-dsl")
        val java = seeded(6) {
            val m = javaCompiled()
            lateinit var r: Run
            val printed = captureOut {
                val cp = ModelCheckpoint("$javaDir/mymodel_{epoch}").saveBestOnly(true).monitor("val_loss").saveWeightsOnly(true).verbose(1)
                val lr = ReduceLROnPlateau().monitor("val_sparse_categorical_accuracy").verbose(1).mode("max").factor(0.5).patience(3)
                r = run(m, m.fit(xTrain, yTrain, FitOptions.defaults().epochs(10).batchSize(64).validationSplit(0.2).verbose(0).callbacks(cp, lr)))
            }
            r.copy(printed = printed.replace(javaDir.toString(), "DIR"), extra = listOf(checkpointFiles(javaDir)))
        }
        val dsl = seeded(6) {
            val m = dslCompiled()
            lateinit var r: Run
            val printed = captureOut {
                val callbacks = listOf(
                    modelCheckpoint(filepath = "$dslDir/mymodel_{epoch}", saveBestOnly = true, monitor = "val_loss", saveWeightsOnly = true, verbose = 1),
                    reduceLROnPlateau(monitor = "val_sparse_categorical_accuracy", verbose = 1, mode = "max", factor = 0.5, patience = 3),
                )
                r = run(m, m.fit(xTrain, yTrain, epochs = 10, batchSize = 64, callbacks = callbacks, validationSplit = 0.2, verbose = 0))
            }
            r.copy(printed = printed.replace(dslDir.toString(), "DIR"), extra = listOf(checkpointFiles(dslDir)))
        }
        assertIdentical(java, dsl)
        dsl.history["learning_rate"]!! shouldHaveSize 10
        dsl.printed shouldContain "ReduceLROnPlateau reducing learning rate to"
    }
})
