package dev.lamina.models.keras

import dev.lamina.Lamina
import dev.lamina.layers.Activation
import dev.lamina.layers.Add
import dev.lamina.layers.BatchNormalization
import dev.lamina.layers.Concatenate
import dev.lamina.layers.Conv2D
import dev.lamina.layers.Dense
import dev.lamina.layers.Flatten
import dev.lamina.layers.GRU
import dev.lamina.layers.Input
import dev.lamina.layers.InputLayer
import dev.lamina.layers.LSTM
import dev.lamina.layers.MaxPooling2D
import dev.lamina.losses.CategoricalCrossentropy
import dev.lamina.losses.SparseCategoricalCrossentropy
import dev.lamina.models.Model
import dev.lamina.models.Sequential
import dev.lamina.models.keras.KerasFiles.datasets
import dev.lamina.models.keras.KerasFiles.entries
import dev.lamina.models.keras.KerasFiles.entry
import dev.lamina.models.keras.KerasFiles.json
import dev.lamina.models.keras.KerasFiles.resource
import dev.lamina.models.keras.KerasFiles.values
import dev.lamina.optimizers.Adam
import dev.lamina.optimizers.RMSprop
import dev.lamina.optimizers.SGD
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.training.CompileOptions
import dev.lamina.training.FitOptions
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainAll
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Path
import java.util.zip.ZipEntry

/**
 * The structure of the Keras 3 files Lamina writes, against the files real Keras 3.15.1 wrote for the same
 * architectures (test resources, generate.py): zip entries, config envelopes and keys, HDF5 groups, dataset paths and
 * shapes, and the optimizer's variables. Reading these files back into Lamina is the Keras reader's part.
 */
class KerasWriterSpec : FunSpec({
    lateinit var dir: Path
    beforeTest {
        Lamina.clearSession(); Lamina.setRandomSeed(0)
        dir = Files.createTempDirectory("lamina-keras-write")
    }
    afterTest { dir.toFile().deleteRecursively() }

    fun fit(m: Model, x: List<Tensor>, y: List<Tensor>) = m.fit(dev.lamina.training.Data.of(x), dev.lamina.training.Data.of(y), FitOptions.defaults().batchSize(16).epochs(1).verbose(0))

    /** generate.py's functional(): two inputs, two outputs, Concatenate and Add, RMSprop, dict losses. */
    fun functional(): Model {
        val a = Input.of("a", 6)
        val b = Input.of("b", 4)
        val ha = Dense(8).activation("tanh").apply(a)
        val hb = Dense(8).activation("relu").apply(b)
        var h = Concatenate.concatenate(ha, hb)
        h = Dense(8).activation("relu").apply(h)
        val score = Dense(1).name("score").apply(h)
        val klass = Dense(3).name("klass").apply(Add.add(h, ha))
        val m = Model.of(listOf(a, b), listOf(score, klass)).name("two_in_two_out")
        m.compile(CompileOptions.of(RMSprop(0.005), mapOf("score" to "mean_squared_error", "klass" to CategoricalCrossentropy().fromLogits(true)))
            .lossWeights(mapOf("score" to 2.0, "klass" to 1.0))
            .metrics(mapOf("score" to listOf("mean_absolute_error"), "klass" to listOf("categorical_accuracy"))))
        fit(m, listOf(Tensor.normal(Shape.of(32, 6), 0f, 1f, 1), Tensor.normal(Shape.of(32, 4), 0f, 1f, 2)),
            listOf(Tensor.normal(Shape.of(32, 1), 0f, 1f, 3), Tensor.oneHot(Tensor.randint(Shape.of(32), 3, 4), 3)))
        return m
    }

    fun recurrent(): Model {
        val m = Sequential(InputLayer(null, 6, 3), LSTM(5).returnSequences(true), GRU(4), Dense(2)).name("recurrent")
        m.compile(Adam(0.01), "mean_squared_error")
        fit(m, listOf(Tensor.normal(Shape.of(32, 6, 3), 0f, 1f, 5)), listOf(Tensor.normal(Shape.of(32, 2), 0f, 1f, 6)))
        return m
    }

    fun batchnorm(): Model {
        val m = Sequential(InputLayer(null, 5), Dense(8), BatchNormalization(), Activation("relu"), Dense(2)).name("batchnorm")
        m.compile(SGD(0.05).momentum(0.9), "mean_squared_error", "mean_absolute_error")
        fit(m, listOf(Tensor.normal(Shape.of(32, 5), 1f, 3f, 7)), listOf(Tensor.normal(Shape.of(32, 2), 0f, 1f, 8)))
        return m
    }

    fun conv2d(): Model {
        val m = Sequential(InputLayer(null, 8, 8, 2), Conv2D(4, 3).activation("relu"), MaxPooling2D(2), Conv2D(3, 2).padding("same"),
            Flatten(), Dense(3)).name("conv2d")
        m.compile(Adam(0.01), SparseCategoricalCrossentropy().fromLogits(true), "accuracy")
        fit(m, listOf(Tensor.uniform(Shape.of(32, 8, 8, 2), 0f, 1f, 9)), listOf(Tensor.randint(Shape.of(32), 3, 10)))
        return m
    }

    fun saved(m: Model, name: String): Path = dir.resolve("$name.keras").also { m.save(it) }

    test("a .keras file is a zip of metadata.json, config.json and model.weights.h5, stored, in Keras' order") {
        val f = saved(batchnorm(), "bn")
        val e = entries(f)
        e.map { it.first } shouldBe listOf("metadata.json", "config.json", "model.weights.h5")
        e.map { it.second }.toSet() shouldBe setOf(ZipEntry.STORED)
        val meta = json(e[0].third)
        meta["keras_version"] shouldBe "3.15.1"
        (meta["date_saved"] as String).matches(Regex("""\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d""")) shouldBe true
        Files.list(dir).use { it.count() } shouldBe 1L      // written atomically: no temporary file left
    }

    for ((name, make) in listOf("functional" to ::functional, "recurrent" to ::recurrent, "batchnorm" to ::batchnorm, "conv2d" to ::conv2d)) {
        test("$name: model.weights.h5 has exactly the dataset paths and shapes Keras 3.15 wrote for the same model") {
            val keras = datasets(entry(resource("$name.keras"), "model.weights.h5"))
            val lamina = datasets(entry(saved(make(), name), "model.weights.h5"))
            lamina shouldBe keras
        }

        test("$name: config.json has Keras' envelopes, and every layer key Lamina writes is one Keras wrote for that class") {
            val keras = json(entry(resource("$name.keras"), "config.json"))
            val lamina = json(entry(saved(make(), name), "config.json"))
            for (k in listOf("module", "class_name", "registered_name", "build_config")) lamina[k] shouldBe keras[k]
            (lamina["compile_config"] as Map<*, *>).keys shouldBe (keras["compile_config"] as Map<*, *>).keys
            val kl = (keras["config"] as Map<*, *>)["layers"] as List<*>
            val ll = (lamina["config"] as Map<*, *>)["layers"] as List<*>
            ll.map { (it as Map<*, *>)["class_name"] } shouldBe kl.map { (it as Map<*, *>)["class_name"] }
            for ((l, k) in ll.zip(kl)) {
                l as Map<*, *>; k as Map<*, *>
                l.keys shouldBe k.keys
                l["build_config"] shouldBe k["build_config"]
                l["inbound_nodes"] shouldBe k["inbound_nodes"]
                (k["config"] as Map<*, *>).keys.shouldContainAll((l["config"] as Map<*, *>).keys)
            }
            if (name == "functional") {
                for (k in listOf("input_layers", "output_layers")) (lamina["config"] as Map<*, *>)[k] shouldBe (keras["config"] as Map<*, *>)[k]
            }
        }
    }
})
