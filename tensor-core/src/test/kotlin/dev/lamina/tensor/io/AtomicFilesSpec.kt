package dev.lamina.tensor.io

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.IOException
import java.io.UncheckedIOException
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.FileTime
import java.time.Duration
import java.time.Instant

/** The one atomic writer: complete files only, and no temporary files left behind by a crash for long. */
class AtomicFilesSpec : FunSpec({
    val root = Files.createTempDirectory("lamina-atomic")
    afterSpec { root.toFile().deleteRecursively() }
    var dirs = 0
    fun newDir(): Path = Files.createDirectories(root.resolve("d${dirs++}"))
    fun names(dir: Path): List<String> = Files.list(dir).use { s -> s.map { it.fileName.toString() }.sorted().toList() }
    fun age(p: Path, by: Duration) = Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(by)))

    test("a write replaces the file, creates missing directories and leaves only the target") {
        val dir = newDir()
        val f = dir.resolve("sub/model.bin")
        AtomicFiles.write(f, byteArrayOf(1, 2, 3))
        AtomicFiles.write(f, byteArrayOf(4, 5))
        Files.readAllBytes(f).toList() shouldBe listOf<Byte>(4, 5)
        names(f.parent) shouldBe listOf("model.bin")
    }

    test("a failed write keeps the old content, removes its temporary file and keeps the reason") {
        val dir = newDir()
        val f = dir.resolve("a.txt")
        Files.writeString(f, "old")
        val e = shouldThrow<UncheckedIOException> {
            AtomicFiles.write(f) { out ->
                out.write(ByteArray(100_000) { 1 })
                throw IOException("disk full")
            }
        }
        e.message shouldContain "cannot write $f: IOException: disk full"
        Files.readString(f) shouldBe "old"
        names(dir) shouldBe listOf("a.txt")
    }

    test("stale temporary files of our naming (left by a kill -9) go at the next write into the directory") {
        val dir = newDir()
        val stale = listOf(".a.txt.0123456789abcdef.tmp", ".checkpoint.5d2f.tmp", ".other.bin.00000000000000ff.tmp")
        for (n in stale) age(Files.writeString(dir.resolve(n), "partial"), Duration.ofMinutes(5))
        val young = Files.writeString(dir.resolve(".b.txt.fedcba9876543210.tmp"), "a write still running elsewhere")
        val foreign = listOf("notes.tmp", ".hidden", "a.txt.1234.tmp", ".x.nothex.tmp")
        for (n in foreign) age(Files.writeString(dir.resolve(n), "not ours"), Duration.ofMinutes(5))
        AtomicFiles.write(dir.resolve("a.txt"), byteArrayOf(7))
        names(dir) shouldBe (listOf("a.txt", young.fileName.toString()) + foreign).sorted()
    }

    test("removeTemporaryFiles with no minimum age removes every temporary file of ours, and only those") {
        val dir = newDir()
        Files.writeString(dir.resolve(".checkpoint.0123456789abcdef.tmp"), "{")
        Files.writeString(dir.resolve("checkpoint"), "{}")
        AtomicFiles.removeTemporaryFiles(dir, Duration.ZERO)
        names(dir) shouldBe listOf("checkpoint")
        AtomicFiles.removeTemporaryFiles(dir.resolve("missing"), Duration.ZERO)   // a missing directory is fine
    }

    test("a temporary file this JVM is still writing is never removed as stale") {
        val dir = newDir()
        AtomicFiles.write(dir.resolve("slow.bin")) { out ->
            out.write(1)
            out.flush()
            val tmp = Files.list(dir).use { s -> s.filter { AtomicFiles.isTemporaryName(it.fileName.toString()) }.toList() }.single()
            age(tmp, Duration.ofMinutes(5))
            AtomicFiles.removeTemporaryFiles(dir, Duration.ZERO)
            Files.exists(tmp) shouldBe true
            out.write(2)
        }
        Files.readAllBytes(dir.resolve("slow.bin")).toList() shouldBe listOf<Byte>(1, 2)
        names(dir) shouldBe listOf("slow.bin")
    }
})
