package dev.lamina.callbacks

import dev.lamina.models.OptimizerStateFile
import dev.lamina.tensor.Tensor
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.RandomAccessFile
import java.nio.file.Files
import java.nio.file.Path

/** The files of a backup are untrusted: one larger than the model can need is refused before it is read. */
class BackupFilesSpec : FunSpec({
    val root = Files.createTempDirectory("lamina-backup-files")
    afterSpec { root.toFile().deleteRecursively() }
    var dirs = 0

    fun bits(ts: List<Tensor>): List<List<Int>> = ts.map { t -> t.toFloatArray().map { java.lang.Float.floatToRawIntBits(it) } }

    /** A finished one-epoch backup, kept. */
    fun backup(): Path {
        val dir = root.resolve("run${dirs++}")
        ResumeFixture.fit(ResumeFixture.model(), 1, listOf(BackupAndRestore(dir).deleteCheckpoint(false)))
        return dir
    }

    /** Replaces {@code file} with a sparse file of {@code size} bytes (no disk or memory spent on its zeros). */
    fun inflate(file: Path, size: Long) {
        Files.delete(file)
        RandomAccessFile(file.toFile(), "rw").use { it.setLength(size) }
    }

    test("an oversized file in a backup fails naming the file, its size and the bound, and leaves the model untouched") {
        for ((name, size) in listOf("optimizer.safetensors" to (80L shl 20), "state.safetensors" to (80L shl 20), "state.json" to (65L shl 20))) {
            val dir = backup()
            val file = dir.resolve("ckpt-0/$name")
            inflate(file, size)
            val m = ResumeFixture.model()
            val before = bits(m.getWeights())
            shouldThrow<IllegalArgumentException> { ResumeFixture.fit(m, 2, listOf(BackupAndRestore(dir))) }.message!! shouldContain
                "$file is $size bytes, expected at most "
            bits(m.getWeights()) shouldBe before
        }
    }

    test("OptimizerStateFile.read refuses a file larger than its bound before reading it, and reads one within it") {
        val dir = backup()
        val file = dir.resolve("ckpt-0/optimizer.safetensors")
        val size = Files.size(file)
        OptimizerStateFile.read(file, size).iterations() shouldBe OptimizerStateFile.read(file).iterations()
        shouldThrow<IllegalArgumentException> { OptimizerStateFile.read(file, size - 1) }.message shouldBe
            "OptimizerStateFile: $file is $size bytes, expected at most ${size - 1}"
    }

    test("a mistyped entry of state.json fails naming the file and the key (its nested path too)") {
        val dir = backup()
        val json = dir.resolve("ckpt-0/state.json")
        val text = Files.readString(json)
        Files.writeString(json, text.replace("\"batches_done\":0", "\"batches_done\":-1"))
        shouldThrow<IllegalArgumentException> { ResumeFixture.fit(ResumeFixture.model(), 2, listOf(BackupAndRestore(dir))) }.message shouldBe
            "BackupAndRestore: $json is not a usable backup: expected 'batches_done' to be an int >= 0, received batches_done=-1 (Long)"
        Files.writeString(json, text.replace("\"layer_rngs\":{\"dropout\":[", "\"layer_rngs\":{\"dropout\":[true,"))
        shouldThrow<IllegalArgumentException> { ResumeFixture.fit(ResumeFixture.model(), 2, listOf(BackupAndRestore(dir))) }.message!! shouldContain
            "BackupAndRestore: $json is not a usable backup: expected 'layer_rngs.dropout' to be a list of numbers"
    }
})
