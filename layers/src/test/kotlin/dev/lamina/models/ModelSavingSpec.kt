package dev.lamina.models

import dev.lamina.Lamina
import dev.lamina.layers.Dense
import dev.lamina.layers.Input
import dev.lamina.layers.InputLayer
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.tensor.io.Json
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import java.nio.file.Files
import java.nio.file.Path
import java.util.zip.ZipEntry
import java.util.zip.ZipFile
import java.util.zip.ZipOutputStream

class ModelSavingSpec : FunSpec({
    lateinit var dir: Path
    beforeTest {
        Lamina.clearSession(); Lamina.setRandomSeed(0)
        dir = Files.createTempDirectory("lamina-save")
    }
    afterTest {
        dir.toFile().deleteRecursively()
        LayerRegistry.unregister("test>Sum2")
    }

    fun experiment1(): Model {
        val inputs = Input.of(32)
        var x = Dense(64).activation("relu").apply(inputs)
        x = Dense(64).activation("relu").apply(x)
        return Model.of(inputs, Dense(10).apply(x))
    }

    fun entries(f: Path): Map<String, ByteArray> = ZipFile(f.toFile()).use { z ->
        z.entries().toList().associate { it.name to z.getInputStream(it).readAllBytes() }
    }

    fun writeZip(f: Path, files: Map<String, ByteArray>) = ZipOutputStream(Files.newOutputStream(f)).use { z ->
        for ((name, bytes) in files) {
            z.putNextEntry(ZipEntry(name)); z.write(bytes); z.closeEntry()
        }
    }

    fun configJson(m: Model) = Json.write(m.getConfig())

    test("save writes a zip of metadata.json, config.json and model.weights.safetensors") {
        val f = dir.resolve("m.lamina")
        experiment1().save(f)
        val e = entries(f)
        e.keys.toList() shouldBe listOf("metadata.json", "config.json", "model.weights.safetensors")
        val config = Json.parse(String(e.getValue("config.json"))) as Map<*, *>
        config["class_name"] shouldBe "Functional"
        ((config["config"] as Map<*, *>)["layers"] as List<*>).map { (it as Map<*, *>)["class_name"] } shouldBe
            listOf("InputLayer", "Dense", "Dense", "Dense")
        (Json.parse(String(e.getValue("metadata.json"))) as Map<*, *>)["lamina_version"] shouldBe "0.1.0"
        Files.list(dir).use { it.count() } shouldBe 1L
    }

    test("save -> load rebuilds Experiment 1 with the same config and bit-identical predictions") {
        val m = experiment1()
        m.getLayer("dense").setTrainable(false)
        val f = dir.resolve("m.lamina")
        m.save(f)
        Lamina.setRandomSeed(99)
        val loaded = Model.load(f)
        loaded.shouldBeInstanceOf<Model>()
        configJson(loaded) shouldBe configJson(m)
        loaded.summaryString() shouldBe m.summaryString()
        loaded.trainableWeights().size shouldBe 4
        val x = Tensor.uniform(Shape.of(7, 32), -2f, 2f, 11)
        loaded.call(x).valueEquals(m.call(x)) shouldBe true
    }

    test("a Sequential round-trips as a Sequential") {
        val s = Sequential(InputLayer(null, 8), Dense(4).activation("sigmoid"), Dense(2).useBias(false))
        val f = dir.resolve("s.lamina")
        s.save(f)
        val loaded = Model.load(f)
        loaded.shouldBeInstanceOf<Sequential>()
        loaded.name() shouldBe "sequential"
        loaded.stackedLayers().map { it.name() } shouldBe listOf("dense", "dense_1")
        val x = Tensor.uniform(Shape.of(3, 8), 0f, 1f, 5)
        loaded.call(x).valueEquals(s.call(x)) shouldBe true
    }

    test("a nested model, a registered two-input user layer and two outputs round-trip") {
        LayerRegistry.register("test>Sum2") { Sum2.fromConfig(it) }
        val inner = run {
            val i = Input.of(6)
            Model.of(i, Dense(6).activation("tanh").apply(i)).name("encoder")
        }
        val a = Input.of("a", 6)
        val b = Input.of("b", 6)
        val encoded = inner.apply(a)
        val summed = Sum2(6).apply(encoded, b)
        val m = Model.of(listOf(a, b), listOf(Dense(1).name("score").apply(summed), Dense(3).name("cls").apply(encoded)))
        val f = dir.resolve("n.lamina")
        m.save(f)
        val loaded = Model.load(f)
        configJson(loaded) shouldBe configJson(m)
        loaded.getLayer("encoder").shouldBeInstanceOf<Model>()
        loaded.getLayer("sum2").shouldBeInstanceOf<Sum2>()
        val xa = Tensor.uniform(Shape.of(4, 6), -1f, 1f, 1)
        val xb = Tensor.uniform(Shape.of(4, 6), -1f, 1f, 2)
        val want = m.forwardAll(listOf(xa, xb), false)
        val got = loaded.forwardAll(listOf(xa, xb), false)
        got.zip(want).all { (g, w) -> g.valueEquals(w) } shouldBe true
    }

    test("a layer called twice in the model and once elsewhere numbers its calls within the model") {
        val shared = Dense(4).name("shared")
        shared.apply(Input.of(4))                       // a call that belongs to no saved model
        val i = Input.of("x", 4)
        val m = Model.of(i, shared.apply(shared.apply(i)))
        val layers = (m.getConfig()["layers"] as List<*>).map { it as Map<*, *> }
        layers.map { it["name"] } shouldBe listOf("x", "shared")
        layers[1]["inbound_nodes"] shouldBe listOf(listOf(listOf("x", 0, 0)), listOf(listOf("shared", 0, 0)))
        val f = dir.resolve("shared.lamina")
        m.save(f)
        val loaded = Model.load(f)
        configJson(loaded) shouldBe configJson(m)
        val x = Tensor.uniform(Shape.of(2, 4), -1f, 1f, 4)
        loaded.call(x).valueEquals(m.call(x)) shouldBe true
    }

    test("an unregistered user layer cannot be loaded, and nothing else is needed once it is") {
        val i = Input.of(2)
        val m = Model.of(i, Sum2(2).apply(i, i))
        val f = dir.resolve("u.lamina")
        m.save(f)
        shouldThrow<IllegalArgumentException> { Model.load(f) }.message shouldContain "unknown layer class_name 'Sum2'"
        LayerRegistry.register("test>Sum2") { Sum2.fromConfig(it) }
        val x = Tensor.of(floatArrayOf(1f, 2f), 1, 2)
        Model.load(f).call(x).valueEquals(m.call(x)) shouldBe true
    }

    test("the registry resolves only its allowlist and rejects other class names") {
        for (name in listOf("Runtime", "java.lang.Runtime", "../Dense", "Layer", "LayerConfigs", "Input")) {
            shouldThrow<IllegalArgumentException> { LayerRegistry.create(name, mapOf()) }.message shouldContain
                "unknown layer class_name '$name'"
        }
        LayerRegistry.create("Dense", mapOf("units" to 3L, "name" to "d")).shouldBeInstanceOf<Dense>().units() shouldBe 3
        shouldThrow<IllegalArgumentException> { LayerRegistry.register("Dense") { Dense(1) } }.message shouldContain "built-in"
        val missing = LayerRegistry.builtInNames().firstOrNull {
            runCatching { Class.forName("dev.lamina.layers.$it") }.isFailure
        }
        if (missing != null) {
            shouldThrow<IllegalArgumentException> { LayerRegistry.create(missing, mapOf()) }.message shouldContain
                "is not available in this build"
        }
    }

    test("a truncated zip, a zip without config.json and a foreign file fail with a message") {
        val f = dir.resolve("m.lamina")
        experiment1().save(f)
        val bytes = Files.readAllBytes(f)
        val cut = dir.resolve("cut.lamina")
        Files.write(cut, bytes.copyOf(bytes.size / 2))
        shouldThrow<IllegalArgumentException> { Model.load(cut) }.message shouldContain "is not a model file"
        val noConfig = dir.resolve("nc.lamina")
        writeZip(noConfig, entries(f) - "config.json")
        shouldThrow<IllegalArgumentException> { Model.load(noConfig) }.message shouldContain "has no config.json"
        val foreign = dir.resolve("f.lamina")
        Files.writeString(foreign, "{\"hello\": 1}")
        shouldThrow<IllegalArgumentException> { Model.load(foreign) }.message shouldContain "is not a model file"
    }

    test("a tampered config fails: unknown class_name, bad JSON, weights that no longer fit") {
        val f = dir.resolve("m.lamina")
        experiment1().save(f)
        val e = entries(f)
        val config = String(e.getValue("config.json"))
        fun tampered(text: String): Path = dir.resolve("t.lamina").also { writeZip(it, e + ("config.json" to text.toByteArray())) }

        shouldThrow<IllegalArgumentException> { Model.load(tampered(config.replaceFirst("\"Dense\"", "\"java.lang.Runtime\""))) }
            .message shouldContain "unknown layer class_name 'java.lang.Runtime'"
        shouldThrow<IllegalArgumentException> { Model.load(tampered(config.dropLast(3))) }.message shouldContain "not valid JSON"
        shouldThrow<IllegalArgumentException> { Model.load(tampered(config.replaceFirst("\"units\":64", "\"units\":65"))) }
            .message shouldContain "weight 'dense/kernel' expected shape (32, 65), received (32, 64)"
        shouldThrow<IllegalArgumentException> { Model.load(tampered(config.replaceFirst("\"units\":64", "\"units\":\"x\""))) }
            .message shouldContain "Dense.fromConfig: expected units to be an int, received units=\"x\" (String)"
        shouldThrow<IllegalArgumentException> { Model.load(tampered(config.replace("\"dense_1\",0,0", "\"nowhere\",0,0"))) }
            .message shouldContain "'nowhere'"
    }

    test("save replaces an existing file only on success") {
        val f = dir.resolve("m.lamina")
        experiment1().save(f)
        val before = Files.readAllBytes(f)
        val i = Input.of(3)
        val innerIn = Input.of(3)
        val nested = Model.of(innerIn, Dense(2).name("same").apply(innerIn))
        val clash = Model.of(i, Dense(2).name("same").apply(nested.apply(i)))
        shouldThrow<IllegalArgumentException> { clash.save(f) }
        Files.readAllBytes(f).contentEquals(before) shouldBe true
        Files.list(dir).use { it.count() } shouldBe 1L
    }
})

