package dev.lamina.models

import dev.lamina.Lamina
import dev.lamina.layers.Dense
import dev.lamina.layers.Input
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.ByteArrayOutputStream
import java.nio.ByteBuffer
import java.nio.ByteOrder
import java.nio.file.Files
import java.nio.file.Path
import java.util.zip.Deflater
import java.util.zip.ZipEntry
import java.util.zip.ZipFile
import java.util.zip.ZipOutputStream

/**
 * Hostile and broken Keras files (HDF5 weights, legacy `.h5`, `.keras` zips): the HDF5 ones written by
 * keras-import/generate.py with h5py, the rest derived here from a real `.keras`. Runs in HostileFilesSpec's JVM with a
 * 256 MB heap (layers/pom.xml); each file is rejected within a second with a message that says what is wrong, and a
 * model given bad weights keeps its own.
 */
class KerasHostileFilesSpec : FunSpec({
    if (System.getProperty("lamina.hostileFilesElsewhere") == null) kerasHostileFiles()
})

private val kerasHostileFiles: FunSpec.() -> Unit = {
    lateinit var dir: Path
    beforeTest {
        Lamina.clearSession(); Lamina.setRandomSeed(0)
        dir = Files.createTempDirectory("lamina-keras-hostile")
    }
    afterTest { dir.toFile().deleteRecursively() }

    fun bytes(name: String): ByteArray = KerasHostileFilesSpec::class.java.getResourceAsStream("/keras-import/$name")!!.readBytes()

    fun rejected(block: () -> Unit): String {
        val t0 = System.nanoTime()
        val e = shouldThrow<IllegalArgumentException> { block() }
        val ms = (System.nanoTime() - t0) / 1_000_000
        withClue("rejected after $ms ms: ${e.message}") { (ms < 1000) shouldBe true }
        return e.message!!
    }

    /** loadWeights of [b] into Input(3) -> Dense(2) "dense", which must keep its weights. */
    fun loadWeights(b: ByteArray): String {
        val m = Input.of(3).let { i -> Model.of(i, Dense(2).name("dense").apply(i)) }
        val before = m.getWeights().map { it.copy() }
        val f = dir.resolve("w.weights.h5").also { Files.write(it, b) }
        val message = rejected { m.loadWeights(f) }
        m.getWeights().zip(before).all { (a, c) -> a.valueEquals(c) } shouldBe true
        return message
    }

    fun load(b: ByteArray, name: String = "m.keras"): String = rejected { Model.load(dir.resolve(name).also { Files.write(it, b) }) }

    val keras: List<Pair<String, ByteArray>> = ZipFile(Files.createTempFile("lamina", ".keras").also { Files.write(it, bytes("cnn_bn.keras")) }.toFile())
        .use { z -> z.entries().toList().map { it.name to z.getInputStream(it).readAllBytes() } }

    fun zip(entries: List<Pair<String, ByteArray>>, level: Int = Deflater.NO_COMPRESSION): ByteArray = ByteArrayOutputStream().also { out ->
        ZipOutputStream(out).use { z -> z.setLevel(level); for ((n, b) in entries) { z.putNextEntry(ZipEntry(n)); z.write(b); z.closeEntry() } }
    }.toByteArray()

    fun withConfig(edit: (String) -> String) = keras.map { (n, b) -> if (n == "config.json") n to edit(String(b)).toByteArray() else n to b }

    test("this spec runs with a small fixed heap") {
        (Runtime.getRuntime().maxMemory() <= 256L shl 20) shouldBe true
    }

    test("HDF5: a dataset declaring 2^30 x 2^30 floats is refused from its dimensions, before any data is read") {
        loadWeights(bytes("hostile/absurd_dims.weights.h5")) shouldContain
            "weight 'dense/kernel': expected shape (3, 2), received (1073741824, 1073741824) at '/layers/dense/vars/0'"
    }

    test("HDF5: a kernel of the wrong shape, or of strings, is refused naming the weight") {
        loadWeights(bytes("hostile/wrong_shape.weights.h5")) shouldContain "weight 'dense/kernel': expected shape (3, 2), received (2, 3)"
        loadWeights(bytes("hostile/string_kernel.weights.h5")) shouldContain "expected float32 or float64"
    }

    test("HDF5: soft links (here a cycle) and external links (here to /etc/passwd) are never followed") {
        loadWeights(bytes("hostile/soft_link.weights.h5")) shouldContain "'/layers/dense/vars/0' is a link; Keras files hold no links, and links are not followed"
        loadWeights(bytes("hostile/external_link.weights.h5")) shouldContain "is a link"
    }

    test("HDF5: a group hard-linked into itself (a cycle) and a file without the layer's group name the missing weights") {
        loadWeights(bytes("hostile/hard_link_cycle.weights.h5")) shouldContain "no weights for layer 'dense' (Dense)"
        loadWeights(bytes("hostile/missing_layer.weights.h5")) shouldContain "no weights for layer 'dense' (Dense) at '/layers/dense'"
    }

    test("HDF5, tf.keras 2.x layout: layer_names naming no group, and a layer with more weights than the model's") {
        loadWeights(bytes("hostile/legacy_missing_group.h5")) shouldContain "layer_names lists 'dense', which is not a group"
        loadWeights(bytes("hostile/legacy_extra_weight.h5")) shouldContain
            "layer 'dense' (layer with weights 1 of 1) has 2 weights [kernel (3, 2), bias (2,)], the file's layer 'dense' 3"
    }

    test("HDF5: a truncated file and a root object header address beyond the end of the file are clear errors") {
        val good = bytes("hostile/wrong_shape.weights.h5")
        loadWeights(good.copyOf(good.size / 2)) shouldContain "is not a readable HDF5 file"
        val far = good.copyOf()
        ByteBuffer.wrap(far).order(ByteOrder.LITTLE_ENDIAN).putLong(64, 1L shl 40)      // superblock v0: root object header address
        loadWeights(far) shouldContain "is not a readable HDF5 file"
        loadWeights(good.copyOf(8)) shouldContain "is not a readable HDF5 file"
    }

    test("a legacy whole-model .h5 whose model_config holds a Lambda is refused before anything runs") {
        load(bytes("hostile/lambda_model.h5"), "m.h5") shouldContain "layer 'evil' is a Lambda, which holds Python code; Lamina never runs code from a file"
    }

    test(".keras: duplicate entries and entries outside the archive") {
        val twice = zip(keras + ("config.jsoX" to "{}".toByteArray()))
        load(String(twice, Charsets.ISO_8859_1).replace("config.jsoX", "config.json").toByteArray(Charsets.ISO_8859_1)) shouldContain
            "it has two entries named 'config.json'"
        load(zip(keras + ("../assets/x" to "x".toByteArray()))) shouldContain "entry '../assets/x' points outside the archive"
    }

    test(".keras: a model.weights.h5 bomb (300 MB of zeros deflated) is refused from its declared size") {
        val out = ByteArrayOutputStream()
        ZipOutputStream(out).use { z ->
            for ((n, b) in keras.filter { it.first != "model.weights.h5" }) { z.putNextEntry(ZipEntry(n)); z.write(b); z.closeEntry() }
            z.setLevel(Deflater.BEST_SPEED)
            z.putNextEntry(ZipEntry("model.weights.h5"))
            val mb = ByteArray(1 shl 20)
            repeat(300) { z.write(mb) }
            z.closeEntry()
        }
        load(out.toByteArray()) shouldContain "entry model.weights.h5 declares 314572800 bytes, expected at most"
    }

    test(".keras: a model.weights.h5 that is not HDF5, and one without a layer's weights") {
        load(zip(keras.map { (n, b) -> if (n == "model.weights.h5") n to ByteArray(4000) { 7 } else n to b })) shouldContain "is not an HDF5 file"
        val extra = withConfig { it.replace("}], \"build_input_shape\"",
            "}, {\"module\": \"keras.layers\", \"class_name\": \"Dense\", \"config\": {\"name\": \"extra\", \"units\": 4}, \"registered_name\": null}], \"build_input_shape\"") }
        load(zip(extra)) shouldContain "no weights for layer 'extra' (Dense) at '/layers/dense_1'"
    }

    test(".keras: a config declaring Dense(10^9) fails before allocating; a shape that disagrees with the weights names both") {
        load(zip(withConfig { it.replace("\"units\": 5", "\"units\": 1000000000") })) shouldContain "needs"
        load(zip(withConfig { it.replace("\"units\": 5", "\"units\": 6") })) shouldContain "weight 'dense/kernel': expected shape (64, 6), received (64, 5)"
    }

    test(".keras: an unregistered custom class, a Lambda and a non-float32 dtype are refused from config.json") {
        val flattenDtype = Regex("(\"class_name\": \"Flatten\", \"config\": \\{\"name\": \"flatten\", \"trainable\": true, \"dtype\": \\{[^{}]*\"config\": \\{\"name\": )\"float32\"")
        load(zip(withConfig { flattenDtype.replace(it, "$1\"float64\"") })) shouldContain
            "key 'dtype': expected 'float32'"
        load(zip(withConfig { it.replace("\"class_name\": \"Flatten\", \"config\": {\"name\": \"flatten\"", "\"class_name\": \"Lambda\", \"config\": {\"name\": \"evil\"") })) shouldContain
            "layer 'evil' is a Lambda"
        val flattenEnd = Regex("(\"class_name\": \"Flatten\".*?\"data_format\": \"channels_last\"\\}, \"registered_name\": )null")
        load(zip(withConfig { flattenEnd.replaceFirst(it, "$1\"evil>Flatten\"") })) shouldContain
            "registered_name 'evil>Flatten' is a custom class that is not registered"
    }

    test(".keras: config.json that is not JSON, or nested deeper than the JSON reader allows") {
        load(zip(withConfig { "{\"class_name\": " })) shouldContain "config.json is not valid JSON"
        load(zip(withConfig { "[".repeat(100_000) + "]".repeat(100_000) })) shouldContain "nesting deeper than"
    }
}
