package dev.lamina.callbacks

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Path

/** Temporary files a kill -9 left in a backup directory are removed by the next fit and never keep the directory alive. */
class BackupStoreSpec : FunSpec({
    val root = Files.createTempDirectory("lamina-backup-store")
    afterSpec { root.toFile().deleteRecursively() }
    var dirs = 0
    fun newDir(): Path = root.resolve("run${dirs++}")
    fun names(dir: Path): List<String> = Files.list(dir).use { s -> s.map { it.fileName.toString() }.sorted().toList() }
    // What AtomicFiles leaves when the process dies between creating its temporary file and the rename.
    fun leftover(dir: Path): Path = Files.writeString(Files.createDirectories(dir).resolve(".checkpoint.0123456789abcdef.tmp"), "{\"lat")

    test("delete removes the whole backup directory although a killed pointer write left a temporary file") {
        val dir = newDir()
        val store = BackupStore(dir)
        store.commit(store.beginWrite())
        leftover(dir)
        store.delete()
        Files.exists(dir) shouldBe false
    }

    test("the next snapshot removes the temporary files a killed fit left, and keeps everything else") {
        val dir = newDir()
        leftover(dir)
        Files.writeString(dir.resolve("notes.txt"), "the user's")
        val store = BackupStore(dir)
        val snapshot = store.beginWrite()
        names(dir) shouldBe listOf(snapshot.fileName.toString(), "notes.txt")
    }

    test("a successful fit after a kill leaves no backup directory behind") {
        val dir = newDir()
        leftover(dir)
        ResumeFixture.fit(ResumeFixture.model(), 1, listOf(BackupAndRestore(dir)))
        Files.exists(dir) shouldBe false
    }
})
