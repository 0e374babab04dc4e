package dev.lamina.models

import dev.lamina.training.Data

import dev.lamina.Lamina
import dev.lamina.layers.Dense
import dev.lamina.layers.Input
import dev.lamina.losses.MeanSquaredError
import dev.lamina.losses.SparseCategoricalCrossentropy
import dev.lamina.metrics.MeanAbsoluteError
import dev.lamina.optimizers.Adam
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.tensor.io.Json
import dev.lamina.training.CompileOptions
import dev.lamina.training.EvaluateOptions
import dev.lamina.training.FitOptions
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import java.nio.file.Path
import java.util.zip.ZipEntry
import java.util.zip.ZipFile
import java.util.zip.ZipOutputStream

/** Model.load returns the compiled model with its optimizer state, as Keras' load_model does. */
class ModelSavingCompileSpec : FunSpec({
    lateinit var dir: Path
    beforeTest {
        Lamina.clearSession(); Lamina.setRandomSeed(0)
        dir = Files.createTempDirectory("lamina-save-compile")
    }
    afterTest { dir.toFile().deleteRecursively() }

    val x = Tensor.uniform(Shape.of(48, 6), -1f, 1f, 1)
    val y = Tensor.randint(Shape.of(48), 4, 2)
    val quiet = EvaluateOptions.defaults().verbose(0)

    fun mlp(): Model {
        val i = Input.of(6)
        return Model.of(i, Dense(4).apply(Dense(8).activation("relu").apply(i)))
    }

    fun same(a: List<Tensor>, b: List<Tensor>) = a.size == b.size && a.zip(b).all { (p, q) -> p.valueEquals(q) }

    fun entries(f: Path): Map<String, ByteArray> = ZipFile(f.toFile()).use { z ->
        z.entries().toList().associate { it.name to z.getInputStream(it).readAllBytes() }
    }

    fun rewrite(f: Path, change: (MutableMap<String, Any?>) -> Unit) {
        val e = entries(f).toMutableMap()
        @Suppress("UNCHECKED_CAST")
        val root = (Json.parse(String(e.getValue("config.json"))) as Map<String, Any?>).toMutableMap()
        change(root)
        e["config.json"] = Json.write(root).toByteArray()
        ZipOutputStream(Files.newOutputStream(f)).use { z -> for ((n, b) in e) { z.putNextEntry(ZipEntry(n)); z.write(b); z.closeEntry() } }
    }

    test("a trained model loads compiled: evaluate gives the same numbers, one more epoch the same weights bit for bit") {
        val m = mlp()
        m.compile(CompileOptions.of(Adam(0.01), SparseCategoricalCrossentropy().fromLogits(true)).metrics("accuracy", "sparse_categorical_crossentropy"))
        m.fit(x, y, FitOptions.defaults().batchSize(8).epochs(2).verbose(0))
        val f = dir.resolve("m.lamina")
        m.save(f)
        entries(f).keys shouldBe setOf("metadata.json", "config.json", "model.weights.safetensors", "optimizer.safetensors")
        Lamina.setRandomSeed(7)
        val loaded = Model.load(f)
        loaded.isCompiled() shouldBe true
        loaded.getOptimizer().iterations() shouldBe 12L
        loaded.evaluate(x, y, quiet) shouldBe m.evaluate(x, y, quiet)

        Lamina.setRandomSeed(3)
        val h1 = m.fit(x, y, FitOptions.defaults().batchSize(8).epochs(1).verbose(0))
        Lamina.setRandomSeed(3)
        val h2 = loaded.fit(x, y, FitOptions.defaults().batchSize(8).epochs(1).verbose(0))
        h2.history() shouldBe h1.history()
        same(loaded.getWeights(), m.getWeights()) shouldBe true
    }

    test("two outputs: per-output losses, loss weights, metric objects and weighted metrics are restored") {
        val i = Input.of(6)
        val h = Dense(8).activation("tanh").apply(i)
        val m = Model.of(listOf(i), listOf(Dense(1).name("score").apply(h), Dense(4).name("cls").apply(h)))
        m.compile(CompileOptions.of("rmsprop", listOf(MeanSquaredError(), "sparse_categorical_crossentropy"))
            .lossWeights(mapOf("score" to 2.0, "cls" to 0.5))
            .metrics(mapOf("score" to listOf(MeanAbsoluteError()), "cls" to listOf("accuracy")))
            .weightedMetrics(mapOf("score" to listOf("mse"))))
        val ys = listOf(Tensor.uniform(Shape.of(48, 1), 0f, 1f, 4), y)
        m.fit(Data.of(listOf(x)), Data.of(ys), FitOptions.defaults().batchSize(16).epochs(1).verbose(0))
        val f = dir.resolve("multi.lamina")
        m.save(f)
        val loaded = Model.load(f)
        loaded.compiled().lossWeight(0) shouldBe 2.0
        loaded.evaluate(Data.of(listOf(x)), Data.of(ys), quiet) shouldBe m.evaluate(Data.of(listOf(x)), Data.of(ys), quiet)
        loaded.evaluate(Data.of(listOf(x)), Data.of(ys), quiet).keys.toList() shouldBe m.evaluate(Data.of(listOf(x)), Data.of(ys), quiet).keys.toList()
    }

    test("an uncompiled model and an old file without compile_config load uncompiled; load(path, false) skips it") {
        val f = dir.resolve("plain.lamina")
        mlp().save(f)
        entries(f).keys shouldBe setOf("metadata.json", "config.json", "model.weights.safetensors")
        Model.load(f).isCompiled() shouldBe false

        val m = mlp()
        m.compile("adam", "mse")
        val g = dir.resolve("old.lamina")
        m.save(g)
        Model.load(g, false).isCompiled() shouldBe false
        rewrite(g) { it.remove("compile_config") }
        val old = Model.load(g)
        old.isCompiled() shouldBe false
        same(old.getWeights(), m.getWeights()) shouldBe true
    }

    test("a compile config naming an unregistered class or a bad value fails naming the key, and load(path, false) still works") {
        val m = mlp()
        m.compile("adam", "mse", "mae")
        val f = dir.resolve("bad.lamina")
        m.save(f)
        rewrite(f) {
            @Suppress("UNCHECKED_CAST")
            val cc = (it["compile_config"] as Map<String, Any?>).toMutableMap()
            cc["loss"] = listOf(mapOf("class_name" to "java.lang.Runtime", "config" to mapOf<String, Any>()))
            it["compile_config"] = cc
        }
        shouldThrow<IllegalArgumentException> { Model.load(f) }.message shouldContain
            "Losses.deserialize: unknown loss class 'java.lang.Runtime'"
        Model.load(f, false).isCompiled() shouldBe false
        rewrite(f) {
            @Suppress("UNCHECKED_CAST")
            val cc = (it["compile_config"] as Map<String, Any?>).toMutableMap()
            cc["loss"] = listOf("mse")
            cc["loss_weights"] = listOf("heavy")
            it["compile_config"] = cc
        }
        shouldThrow<IllegalArgumentException> { Model.load(f) }.message shouldContain
            "compile_config.loss: expected a JSON object, received mse"
    }
})
