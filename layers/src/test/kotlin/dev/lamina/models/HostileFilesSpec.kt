package dev.lamina.models

import dev.lamina.Lamina
import dev.lamina.layers.Dense
import dev.lamina.layers.Embedding
import dev.lamina.layers.Input
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.ByteArrayOutputStream
import java.io.RandomAccessFile
import java.io.UncheckedIOException
import java.nio.ByteBuffer
import java.nio.ByteOrder
import java.nio.file.Files
import java.nio.file.Path
import java.util.zip.Deflater
import java.util.zip.ZipEntry
import java.util.zip.ZipFile
import java.util.zip.ZipOutputStream

/**
 * Hostile and broken weights files and model zips, generated here. This spec runs in its own JVM with a 256 MB heap
 * (see layers/pom.xml), so a reader that allocates what a file claims instead of what the model needs fails it with
 * OutOfMemoryError; each file must also be rejected in under a second, with an error that says what is wrong.
 */
class HostileFilesSpec : FunSpec({
    // Surefire's default JVM sets this when -Dtest selects the spec there too; its tests run in the small-heap JVM.
    if (System.getProperty("lamina.hostileFilesElsewhere") == null) hostileFiles()
})

private val hostileFiles: FunSpec.() -> Unit = {
    lateinit var dir: Path
    beforeTest {
        Lamina.clearSession(); Lamina.setRandomSeed(0)
        dir = Files.createTempDirectory("lamina-hostile")
    }
    afterTest { dir.toFile().deleteRecursively() }

    /** Input(3) -> Dense(2): weights dense/kernel (3, 2), 24 bytes, and dense/bias (2,), 8 bytes. */
    fun model(): Model = Input.of(3).let { i -> Model.of(i, Dense(2).apply(i)) }

    /** The message of the IllegalArgumentException [block] throws, which must come within a second. */
    fun rejected(block: () -> Unit): String {
        val t0 = System.nanoTime()
        val e = shouldThrow<IllegalArgumentException> { block() }
        val ms = (System.nanoTime() - t0) / 1_000_000
        withClue("rejected after $ms ms: ${e.message}") { (ms < 1000) shouldBe true }
        return e.message!!
    }

    fun safetensors(header: String, dataBytes: Int, declaredLength: Long? = null): ByteArray {
        val h = header.toByteArray()
        return ByteBuffer.allocate(8 + h.size + dataBytes).order(ByteOrder.LITTLE_ENDIAN)
            .putLong(declaredLength ?: h.size.toLong()).put(h).array()
    }

    fun tensor(name: String, shape: String, begin: Long, end: Long, dtype: String = "F32") =
        "\"$name\":{\"dtype\":\"$dtype\",\"shape\":$shape,\"data_offsets\":[$begin,$end]}"

    fun loadWeights(bytes: ByteArray): String {
        val f = dir.resolve("w.safetensors").also { Files.write(it, bytes) }
        val m = model()
        val before = m.getWeights().map { it.toFloatArray().toList() }
        val message = rejected { m.loadWeights(f) }
        m.getWeights().map { it.toFloatArray().toList() } shouldBe before
        return message
    }

    fun deepHeader(levels: Int) = "{\"a\":" + "[".repeat(levels) + "]".repeat(levels) + "}"

    test("this spec runs with a small fixed heap, so reading what a file claims would run out of memory") {
        (Runtime.getRuntime().maxMemory() <= 256L shl 20) shouldBe true
    }

    test("weights files with a bad header length are rejected before anything else is read") {
        loadWeights(ByteArray(5)) shouldContain "too short for the 8-byte header length"
        loadWeights(safetensors("{}", 0, declaredLength = 1L shl 62)) shouldContain "the header length 4611686018427387904 does not fit"
        loadWeights(safetensors("{}", 0, declaredLength = 64)) shouldContain "the header length 64 does not fit a file of 10 bytes"
    }

    test("a header nested 300,000 levels deep is a clear error from loadWeights, never a StackOverflowError") {
        loadWeights(safetensors(deepHeader(300_000), 0)) shouldContain "nesting deeper than"
    }

    test("overlapping data_offsets, gaps, trailing bytes and offsets past the file are rejected") {
        val k = tensor("dense/kernel", "[3,2]", 0, 24)
        loadWeights(safetensors("{$k,${tensor("dense/bias", "[2]", 16, 24)}}", 24)) shouldContain
            "tensor 'dense/bias' (data_offsets [16, 24]) overlaps tensor 'dense/kernel' (data_offsets [0, 24])"
        loadWeights(safetensors("{$k,${tensor("dense/bias", "[2]", 28, 36)}}", 36)) shouldContain
            "bytes [24, 28) of the data belong to no tensor"
        loadWeights(safetensors("{$k,${tensor("dense/bias", "[2]", 24, 32)}}", 36)) shouldContain
            "it has 4 trailing bytes after the last tensor's data"
        loadWeights(safetensors("{$k,${tensor("dense/bias", "[2]", 24, 32)}}", 28)) shouldContain
            "tensor 'dense/bias' has data_offsets [24, 32] beyond the 28 data bytes"
    }

    test("duplicate tensor names, a foreign dtype and offsets that disagree with the shape are rejected") {
        val b = tensor("dense/bias", "[2]", 24, 32)
        loadWeights(safetensors("{${tensor("dense/kernel", "[3,2]", 0, 24)},${tensor("dense/kernel", "[3,2]", 0, 24)},$b}", 32)) shouldContain
            "duplicate key \"dense/kernel\""
        loadWeights(safetensors("{${tensor("dense/kernel", "[3,2]", 0, 24, dtype = "F64")},$b}", 32)) shouldContain
            "tensor 'dense/kernel' has dtype F64; only F32 is supported"
        loadWeights(safetensors("{${tensor("dense/kernel", "[3,2]", 0, 20)},${tensor("dense/bias", "[2]", 20, 28)}}", 28)) shouldContain
            "tensor 'dense/kernel' of shape (3, 2) needs 24 bytes, its data_offsets span 20"
    }

    test("a 4 GB weights file is refused from its header, without reading its data") {
        val f = dir.resolve("big.safetensors")
        val header = "{${tensor("dense/kernel", "[1000000000]", 0, 4_000_000_000L)}}".toByteArray()
        RandomAccessFile(f.toFile(), "rw").use { raf ->
            raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.size.toLong()).array())
            raf.write(header)
            raf.setLength(8L + header.size + 4_000_000_000L)        // sparse: no disk space used
        }
        rejected { model().loadWeights(f) } shouldContain "it declares 4000000000 bytes of tensor data, expected at most"
    }

    test("an I/O error keeps its reason") {
        val missing = dir.resolve("nothing-here.safetensors")
        val e = shouldThrow<UncheckedIOException> { model().loadWeights(missing) }
        e.message shouldContain "cannot read $missing: NoSuchFileException"
    }

    // ---------------------------------------------------------------- model zips

    fun zip(entries: List<Pair<String, ByteArray>>): ByteArray = ByteArrayOutputStream().also { bytes ->
        ZipOutputStream(bytes).use { z -> for ((name, b) in entries) { z.putNextEntry(ZipEntry(name)); z.write(b); z.closeEntry() } }
    }.toByteArray()

    fun saved(m: Model): List<Pair<String, ByteArray>> {
        val f = dir.resolve("saved.lamina")
        m.save(f)
        return ZipFile(f.toFile()).use { z -> z.entries().toList().map { it.name to z.getInputStream(it).readAllBytes() } }
    }

    fun load(bytes: ByteArray): String = rejected { Model.load(dir.resolve("m.lamina").also { Files.write(it, bytes) }) }

    fun withConfig(entries: List<Pair<String, ByteArray>>, edit: (String) -> String) =
        entries.map { (n, b) -> if (n == "config.json") n to edit(String(b)).toByteArray() else n to b }

    /** Sets the uncompressed size that the central directory declares for [name]. */
    fun declareSize(zip: ByteArray, name: String, size: Int): ByteArray {
        val b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN)
        for (i in 0 until zip.size - 46) {
            if (b.getInt(i) != 0x02014b50) continue
            val n = b.getShort(i + 28).toInt()
            if (String(zip, i + 46, n) == name) { b.putInt(i + 24, size); return zip }
        }
        error("no central directory record for $name")
    }

    /** A model zip whose weights entry is 300 MB of zeros, deflated to a few hundred KB. */
    fun bomb(config: ByteArray): ByteArray = ByteArrayOutputStream().also { bytes ->
        ZipOutputStream(bytes).use { z ->
            z.putNextEntry(ZipEntry("config.json")); z.write(config); z.closeEntry()
            z.setLevel(Deflater.BEST_SPEED)
            z.putNextEntry(ZipEntry("model.weights.safetensors"))
            val mb = ByteArray(1 shl 20)
            repeat(300) { z.write(mb) }
            z.closeEntry()
        }
    }.toByteArray()

    test("entries outside the archive, absolute entries and duplicate entries are rejected") {
        val good = saved(model())
        load(zip(good + ("../evil.json" to "{}".toByteArray()))) shouldContain "entry '../evil.json' points outside the archive"
        load(zip(good + ("/etc/lamina" to "x".toByteArray()))) shouldContain "entry '/etc/lamina' points outside the archive"
        val twice = zip(good + ("config.jsoX" to "{}".toByteArray()))
        val patched = String(twice, Charsets.ISO_8859_1).replace("config.jsoX", "config.json").toByteArray(Charsets.ISO_8859_1)
        load(patched) shouldContain "it has two entries named 'config.json'"
    }

    test("a zip bomb in the weights entry is rejected fast, whether it declares its size or lies about it") {
        val config = saved(model()).toMap().getValue("config.json")
        val honest = bomb(config)
        load(honest) shouldContain "entry model.weights.safetensors declares 314572800 bytes, expected at most"
        load(declareSize(honest, "model.weights.safetensors", 2000)) shouldContain
            "entry model.weights.safetensors holds more than the 2000 bytes it declares"
    }

    test("a weights entry nested 300,000 levels deep is a clear error from Model.load") {
        val entries = saved(model()).map { (n, b) -> if (n == "model.weights.safetensors") n to safetensors(deepHeader(300_000), 0) else n to b }
        load(zip(entries)) shouldContain "nesting deeper than"
    }

    test("a config declaring Dense(30000) on a 30000-wide input fails before allocating or initialising its weights") {
        val entries = withConfig(saved(model())) { it.replace("[-1,3]", "[-1,30000]").replace("\"units\":2", "\"units\":30000") }
        load(zip(entries)) shouldContain "Dense 'dense': weight 'kernel' of shape (30000, 30000) needs 3600000000 bytes"
    }

    test("a config declaring Embedding(input_dim = 2^31-1) fails before allocating its table") {
        val m = Input.of(2).let { i -> Model.of(i, Embedding(10, 1).apply(i)) }
        val entries = withConfig(saved(m)) { it.replace("\"input_dim\":10", "\"input_dim\":2147483647") }
        load(zip(entries)) shouldContain "Embedding 'embedding': weight 'embeddings' of shape (2147483647, 1) needs 8589934588 bytes"
    }

    test("config integers are range-checked and wrong types name the key, the layer and the received value") {
        val m = Input.of(3).let { i -> Model.of(i, Dense(64).apply(i)) }
        val good = saved(m)
        load(zip(withConfig(good) { it.replace("\"units\":64", "\"units\":4294967360") })) shouldContain
            "Dense.fromConfig: expected units to be an int, received units=4294967360 (Long)"
        load(zip(withConfig(good) { it.replace("\"use_bias\":true", "\"use_bias\":\"yes\"") })) shouldContain
            "Dense.fromConfig: expected use_bias to be a boolean, received use_bias=\"yes\" (String)"
        val initializer = Regex("\"kernel_initializer\":\\{[^{}]*(\\{[^{}]*\\})?[^{}]*\\}")
        load(zip(withConfig(good) { initializer.replace(it, "\"kernel_initializer\":5") })) shouldContain
            "Dense.fromConfig: expected kernel_initializer to be an object, received kernel_initializer=5 (Long)"
    }
}
