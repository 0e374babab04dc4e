package dev.lamina.models

import dev.lamina.Lamina
import dev.lamina.layers.BatchNormalization
import dev.lamina.layers.Dense
import dev.lamina.layers.Input
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.tensor.io.AtomicFiles
import dev.lamina.tensor.io.Json
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.IOException
import java.nio.ByteBuffer
import java.nio.ByteOrder
import java.nio.file.Files
import java.nio.file.Path

class ModelWeightsSpec : FunSpec({
    beforeTest { Lamina.clearSession(); Lamina.setRandomSeed(0) }

    lateinit var dir: Path
    beforeTest { dir = Files.createTempDirectory("lamina-weights") }
    afterTest { dir.toFile().deleteRecursively() }

    fun model(seed: Long = 0): Model {
        Lamina.clearSession()
        Lamina.setRandomSeed(seed)
        val inputs = Input.of(4)
        return Model.of(inputs, Dense(2).apply(Dense(3).activation("tanh").apply(inputs)))
    }

    fun same(a: List<Tensor>, b: List<Tensor>) = a.size == b.size && a.zip(b).all { (x, y) -> x.valueEquals(y) }

    fun header(bytes: ByteArray): Map<*, *> {
        val n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0).toInt()
        return Json.parse(String(bytes, 8, n, Charsets.UTF_8).trimEnd()) as Map<*, *>
    }

    test("saveWeights writes safetensors: little-endian header length, F32 entries by variable name, raw data") {
        val m = model()
        val f = dir.resolve("w.safetensors")
        m.saveWeights(f)
        val bytes = Files.readAllBytes(f)
        val n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0)
        (n % 8) shouldBe 0L
        val h = header(bytes)
        h.keys.toList() shouldBe listOf("__metadata__", "dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias")
        h["dense/kernel"] shouldBe mapOf("dtype" to "F32", "shape" to listOf(4L, 3L), "data_offsets" to listOf(0L, 48L))
        h["dense_1/bias"] shouldBe mapOf("dtype" to "F32", "shape" to listOf(2L), "data_offsets" to listOf(84L, 92L))
        bytes.size.toLong() shouldBe 8 + n + 92
        val first = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getFloat(8 + n.toInt())
        first shouldBe m.weights()[0].value().get(0)
    }

    test("loadWeights restores another model's values exactly") {
        val a = model(1)
        val b = model(2)
        same(a.getWeights(), b.getWeights()) shouldBe false
        val f = dir.resolve("a.safetensors")
        a.saveWeights(f)
        b.loadWeights(f)
        same(a.getWeights(), b.getWeights()) shouldBe true
        val x = Tensor.uniform(Shape.of(5, 4), -1f, 1f, 3)
        a.call(x).valueEquals(b.call(x)) shouldBe true
    }

    test("a truncated file fails with a clear message and changes no weight") {
        val a = model(1)
        val f = dir.resolve("a.safetensors")
        a.saveWeights(f)
        val bytes = Files.readAllBytes(f)
        val b = model(2)
        val before = b.getWeights()
        Files.write(f, bytes.copyOf(bytes.size - 4))
        shouldThrow<IllegalArgumentException> { b.loadWeights(f) }.message shouldContain "beyond the"
        Files.write(f, bytes.copyOf(20))
        shouldThrow<IllegalArgumentException> { b.loadWeights(f) }.message shouldContain "header length"
        Files.write(f, bytes.copyOf(5))
        shouldThrow<IllegalArgumentException> { b.loadWeights(f) }.message shouldContain "too short"
        Files.write(f, "PK\u0003\u0004 not a safetensors file at all".toByteArray())
        shouldThrow<IllegalArgumentException> { b.loadWeights(f) }.message shouldContain "not a valid safetensors file"
        same(before, b.getWeights()) shouldBe true
    }

    test("a file with bad JSON in its header is rejected") {
        val json = "{\"a\": [1, 2".toByteArray()
        val buf = ByteBuffer.allocate(8 + json.size).order(ByteOrder.LITTLE_ENDIAN).putLong(json.size.toLong()).put(json)
        val f = dir.resolve("bad.safetensors")
        Files.write(f, buf.array())
        shouldThrow<IllegalArgumentException> { model().loadWeights(f) }.message shouldContain "not valid JSON"
    }

    test("a shape mismatch, a missing or an extra weight is named and nothing is loaded") {
        val other = run {
            Lamina.clearSession()
            val i = Input.of(5)
            Model.of(i, Dense(2).apply(Dense(3).apply(i)))
        }
        val f = dir.resolve("other.safetensors")
        other.saveWeights(f)
        val m = model(2)
        val before = m.getWeights()
        shouldThrow<IllegalArgumentException> { m.loadWeights(f) }.message shouldBe
            "Functional 'functional'.loadWeights: weight 'dense/kernel' expected shape (4, 3), received (5, 3) in $f"
        same(before, m.getWeights()) shouldBe true

        val small = run {
            Lamina.clearSession()
            val i = Input.of(4)
            Model.of(i, Dense(3).apply(i))
        }
        small.saveWeights(f)
        shouldThrow<IllegalArgumentException> { m.loadWeights(f) }.message shouldBe
            "Functional 'functional'.loadWeights: expected 2 layers with weights [dense [kernel (4, 3), bias (3,)], dense_1 [kernel (3, 2), bias (2,)]], " +
            "received 1 in $f: [dense [kernel (4, 3), bias (3,)]] (the names differ, so weights are matched by structure: " +
            "the layers with weights in order, each layer's weights in order)"
        shouldThrow<IllegalArgumentException> { small.loadWeights(dir.resolve("x").also { m.saveWeights(it) }) }.message shouldContain
            "expected 1 layers with weights [dense [kernel (4, 3), bias (3,)]], received 2"
        same(before, m.getWeights()) shouldBe true
    }

    test("the same architecture built twice in one JVM loads by structure, whatever the automatic names") {
        Lamina.clearSession()
        Lamina.setRandomSeed(1)
        fun build(): Model {
            val i = Input.of(4)
            val inner = run { val j = Input.of(3); Model.of(j, Dense(3).apply(j)) }
            return Model.of(i, Dense(2).apply(inner.apply(BatchNormalization().apply(Dense(3).activation("tanh").apply(i)))))
        }
        val a = build()
        val b = build()                                   // dense_3, batch_normalization_1, ...: no name in common with a
        a.weights().map { it.name() }.intersect(b.weights().map { it.name() }.toSet()).shouldBeEmpty()
        same(a.getWeights(), b.getWeights()) shouldBe false
        a.weights()[2].assign(Tensor.full(Shape.of(3), 0.25f))   // gamma: a non-default value, so a wrong match shows
        val f = dir.resolve("a.safetensors")
        a.saveWeights(f)
        b.loadWeights(f)
        same(a.getWeights(), b.getWeights()) shouldBe true
        val x = Tensor.uniform(Shape.of(5, 4), -1f, 1f, 3)
        a.call(x).valueEquals(b.call(x)) shouldBe true
    }

    test("by structure, a mismatch names the layer, both shapes and the file's layer, and loads nothing") {
        Lamina.clearSession()
        val i = Input.of(4)
        val a = Model.of(i, Dense(2).apply(Dense(3).apply(i)))
        val j = Input.of(4)
        val b = Model.of(j, Dense(5).apply(Dense(3).apply(j)))
        val f = dir.resolve("a.safetensors")
        a.saveWeights(f)
        val before = b.getWeights()
        shouldThrow<IllegalArgumentException> { b.loadWeights(f) }.message shouldBe
            "Functional 'functional'.loadWeights: layer 'dense_3' (layer with weights 2 of 2) expected [kernel (3, 5), bias (5,)], " +
            "received [kernel (3, 2), bias (2,)] from layer 'dense_1' in $f (the names differ, so weights are matched by structure: " +
            "the layers with weights in order, each layer's weights in order)"
        same(before, b.getWeights()) shouldBe true
        val c = run { val k = Input.of(4); Model.of(k, Dense(2).useBias(false).apply(Dense(3).apply(k))) }
        shouldThrow<IllegalArgumentException> { c.loadWeights(f) }.message shouldContain
            "expected [kernel (3, 2)], received [kernel (3, 2), bias (2,)] from layer 'dense_1'"
    }

    test("getWeights returns copies; setWeights checks every shape before writing any") {
        val m = model(1)
        val w = m.getWeights()
        w[0].data()[w[0].offset()] = 42f
        m.weights()[0].value().get(0) shouldBe m.getWeights()[0].get(0)
        (m.weights()[0].value().get(0) == 42f) shouldBe false
        val before = m.getWeights()
        val changed = before.map { Tensor.full(it.shape(), 0.5f) }
        val bad = changed.toMutableList().also { it[3] = Tensor.zeros(3) }
        shouldThrow<IllegalArgumentException> { m.setWeights(bad) }.message shouldBe
            "Functional 'functional'.setWeights: expected shape (2,) for weight 'dense_1/bias' (index 3), received (3,)"
        same(before, m.getWeights()) shouldBe true
        shouldThrow<IllegalArgumentException> { m.setWeights(changed.take(2)) }.message shouldContain "expected 4 tensors"
        m.setWeights(changed)
        m.getWeights().all { t -> t.toFloatArray().all { it == 0.5f } } shouldBe true
    }

    test("duplicate weight names cannot be saved") {
        Lamina.clearSession()
        val i = Input.of(3)
        val a = Dense(2).name("same")
        val innerIn = Input.of(3)
        val nested = Model.of(innerIn, a.apply(innerIn))
        val m = Model.of(i, Dense(2).name("same").apply(nested.apply(i)))
        shouldThrow<IllegalArgumentException> { m.saveWeights(dir.resolve("d.safetensors")) }.message shouldContain
            "two weights are named 'same/kernel'"
        Files.list(dir).use { it.toList() }.shouldBeEmpty()
    }

    test("atomic writes leave no temporary file and replace an existing file only on success") {
        val f = dir.resolve("model.safetensors")
        Files.writeString(f, "old")
        shouldThrow<IOException> {
            try {
                AtomicFiles.write(f) { out ->
                    out.write(ByteArray(100_000) { 1 })
                    throw IOException("disk full")
                }
            } catch (e: java.io.UncheckedIOException) {
                throw e.cause!!
            }
        }.message shouldBe "disk full"
        Files.readString(f) shouldBe "old"
        Files.list(dir).use { s -> s.map { it.fileName.toString() }.toList() } shouldBe listOf("model.safetensors")
        model().saveWeights(f)
        Files.list(dir).use { s -> s.map { it.fileName.toString() }.toList() } shouldBe listOf("model.safetensors")
        header(Files.readAllBytes(f)).keys.size shouldBe 5
    }
})
