package dev.lamina.callbacks

import dev.lamina.models.OptimizerStateFile
import dev.lamina.tensor.Tensor
import dev.lamina.training.Callback
import dev.lamina.training.History
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.BufferedReader
import java.io.InputStreamReader
import java.lang.management.ManagementFactory
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlin.random.Random

/** An interrupted fit, resumed by BackupAndRestore, ends exactly like one that never stopped. */
class BackupAndRestoreSpec : FunSpec({
    val root = Files.createTempDirectory("lamina-backup")
    afterSpec { root.toFile().deleteRecursively() }
    var dirs = 0
    fun newDir(): Path = root.resolve("run${dirs++}")

    fun bits(ts: List<Tensor>): List<List<Int>> = ts.map { t -> t.toFloatArray().map { java.lang.Float.floatToRawIntBits(it) } }

    /** The resumed History must equal the uninterrupted one over the epochs it ran, key by key, value by value. */
    fun shouldMatchTail(resumed: History, reference: History) {
        val first = resumed.epoch().first()
        resumed.epoch() shouldBe reference.epoch().drop(first)
        resumed.history().keys shouldBe reference.history().keys
        for ((k, v) in resumed.history()) withClue(k) { v shouldBe reference.history().getValue(k).drop(first) }
    }

    val epochs = 5
    val reference = ResumeFixture.model().let { m -> Pair(ResumeFixture.fit(m, epochs, listOf()), m.getWeights()) }

    test("the reference run is deterministic (same code, same weights) and has Dropout randomness to restore") {
        val m = ResumeFixture.model()
        val h = ResumeFixture.fit(m, epochs, listOf())
        bits(m.getWeights()) shouldBe bits(reference.second)
        h.history() shouldBe reference.first.history()
        BackupSnapshot.randomLayers(m, "", LinkedHashMap()).keys shouldContainExactly listOf("dropout")
    }

    test("(a) interrupted twice at random batches, resumed each time: bit-identical weights and the same History") {
        val rnd = Random(20240611)
        for (saveFreq in listOf(3, 5)) {
            val dir = newDir()
            val total = epochs * ResumeFixture.STEPS
            val first = rnd.nextInt(2, total / 2)
            val second = rnd.nextInt(2, total / 2)
            shouldThrow<Interrupted> { ResumeFixture.fit(ResumeFixture.model(), epochs, listOf(BackupAndRestore(dir).saveFreq(saveFreq), Interrupt(first))) }
            BackupAndRestore(dir).hasBackup() shouldBe true
            shouldThrow<Interrupted> { ResumeFixture.fit(ResumeFixture.model(), epochs, listOf(BackupAndRestore(dir).saveFreq(saveFreq), Interrupt(second))) }
            val m = ResumeFixture.model()
            val h = ResumeFixture.fit(m, epochs, listOf(BackupAndRestore(dir).saveFreq(saveFreq)))
            withClue("saveFreq=$saveFreq, interrupted after $first and then $second more batches") {
                bits(m.getWeights()) shouldBe bits(reference.second)
                shouldMatchTail(h, reference.first)
            }
            Files.exists(dir) shouldBe false           // a normal finish deletes the backup
        }
    }

    test("(a) with save_freq='epoch' a crash mid-epoch resumes at the start of that epoch") {
        val dir = newDir()
        val started = mutableListOf<Int>()
        val spy = LambdaCallback().onEpochBegin { e, _ -> started += e }.onTrainBatchBegin { b, _ -> if (started.size == 1) started += -b }
        shouldThrow<Interrupted> { ResumeFixture.fit(ResumeFixture.model(), epochs, listOf(BackupAndRestore(dir), Interrupt(2 * ResumeFixture.STEPS + 5))) }
        val m = ResumeFixture.model()
        started.clear()
        val h = ResumeFixture.fit(m, epochs, listOf(BackupAndRestore(dir), spy))
        started[0] shouldBe 2
        started[1] shouldBe 0                          // the first batch of the resumed epoch is batch 0
        bits(m.getWeights()) shouldBe bits(reference.second)
        shouldMatchTail(h, reference.first)
    }

    test("(a) resuming mid-epoch skips the batches done: batch indices continue, the epoch's metrics are exact") {
        val dir = newDir()
        shouldThrow<Interrupted> { ResumeFixture.fit(ResumeFixture.model(), epochs, listOf(BackupAndRestore(dir).saveFreq(1), Interrupt(ResumeFixture.STEPS + 7))) }
        val batches = mutableListOf<Int>()
        val m = ResumeFixture.model()
        val h = ResumeFixture.fit(m, epochs, listOf(BackupAndRestore(dir).saveFreq(1), LambdaCallback().onTrainBatchBegin { b, _ -> batches += b }))
        batches.take(7) shouldBe listOf(6, 7, 8, 9, 10, 11, 0)
        h.epoch() shouldBe listOf(1, 2, 3, 4)
        shouldMatchTail(h, reference.first)            // epoch 1's loss and accuracy include the 6 batches before the crash
        bits(m.getWeights()) shouldBe bits(reference.second)
    }

    test("(b) a child JVM killed with SIGKILL mid-training resumes in this JVM to the same weights") {
        val dir = newDir()
        val java = Path.of(System.getProperty("java.home"), "bin", "java").toString()
        val flags = ManagementFactory.getRuntimeMXBean().inputArguments.filter { it.startsWith("--add-modules") || it.startsWith("-Xss") }
        val cmd = listOf(java) + flags + listOf("-cp", System.getProperty("java.class.path"), ResumeFixture::class.java.name,
            dir.toString(), "4", epochs.toString())
        val child = ProcessBuilder(cmd).redirectErrorStream(true).start()
        val seen = AtomicInteger()
        val output = StringBuilder()
        val reader = Thread {
            BufferedReader(InputStreamReader(child.inputStream)).forEachLine { line ->
                synchronized(output) { output.append(line).append('\n') }
                if (line.startsWith("BATCH ")) seen.set(line.removePrefix("BATCH ").trim().toInt())
            }
        }.apply { isDaemon = true; start() }
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120)
        // Kill once a backup exists and training has gone on past it.
        while (!(BackupAndRestore(dir).hasBackup() && seen.get() >= 14)) {
            if (!child.isAlive) error("the child JVM ended before it could be killed:\n$output")
            if (System.nanoTime() > deadline) { child.destroyForcibly(); error("timed out waiting for the child JVM:\n$output") }
            Thread.sleep(2)
        }
        child.destroyForcibly()                        // SIGKILL on POSIX: no shutdown hooks, no finally blocks
        child.waitFor(30, TimeUnit.SECONDS) shouldBe true
        reader.join(5000)
        val killedAt = seen.get()
        killedAt shouldBeLessThan epochs * ResumeFixture.STEPS
        synchronized(output) { output.toString() }.contains("DONE") shouldBe false
        BackupAndRestore(dir).hasBackup() shouldBe true

        val m = ResumeFixture.model()
        val h = ResumeFixture.fit(m, epochs, listOf(BackupAndRestore(dir).saveFreq(4)))
        withClue("killed after global batch $killedAt") {
            bits(m.getWeights()) shouldBe bits(reference.second)
            shouldMatchTail(h, reference.first)
        }
    }

    test("(c) EarlyStopping, ReduceLROnPlateau and CSVLogger resume their state; the CSV has every epoch exactly once") {
        fun callbacks(csv: Path): List<Callback> = listOf(
            EarlyStopping().monitor("val_loss").patience(3).restoreBestWeights(true),
            ReduceLROnPlateau().monitor("val_loss").patience(1).factor(0.5).verbose(0),
            CSVLogger(csv),
        )
        val maxEpochs = 40
        val refCsv = root.resolve("ref.csv")
        val refModel = ResumeFixture.model(lr = 0.05)
        val refCbs = callbacks(refCsv)
        val ref = ResumeFixture.fit(refModel, maxEpochs, refCbs)
        val stopped = (refCbs[0] as EarlyStopping).stoppedEpoch()
        withClue("the reference run must exercise both callbacks") {
            stopped shouldBeGreaterThan 0
            ref.get("learning_rate").distinct().size shouldBeGreaterThan 1
        }
        val total = ref.epoch().size * ResumeFixture.STEPS
        val rnd = Random(7)
        for (round in 0 until 3) {
            val dir = newDir()
            val csv = root.resolve("run$round.csv")
            val killAt = rnd.nextInt(ResumeFixture.STEPS + 1, total - 2)
            shouldThrow<Interrupted> {
                ResumeFixture.fit(ResumeFixture.model(lr = 0.05), maxEpochs, callbacks(csv) + listOf(BackupAndRestore(dir).saveFreq(5), Interrupt(killAt)))
            }
            val m = ResumeFixture.model(lr = 0.05)
            val cbs = callbacks(csv)
            val h = ResumeFixture.fit(m, maxEpochs, cbs + BackupAndRestore(dir).saveFreq(5))
            withClue("interrupted after global batch $killAt") {
                (cbs[0] as EarlyStopping).stoppedEpoch() shouldBe stopped
                (cbs[0] as EarlyStopping).bestEpoch() shouldBe (refCbs[0] as EarlyStopping).bestEpoch()
                (cbs[1] as ReduceLROnPlateau).waitCount() shouldBe (refCbs[1] as ReduceLROnPlateau).waitCount()
                m.getOptimizer().getLearningRate() shouldBe refModel.getOptimizer().getLearningRate()
                bits(m.getWeights()) shouldBe bits(refModel.getWeights())     // the restored best weights
                shouldMatchTail(h, ref)
                Files.readString(csv) shouldBe Files.readString(refCsv)
                val rows = Files.readAllLines(csv).drop(1).map { it.substringBefore(',') }
                rows shouldBe ref.epoch().map { it.toString() }
            }
        }
    }

    test("LearningRateScheduler, ModelCheckpoint(save_freq=5) and TensorBoard resume: no schedule step twice, steps continue") {
        fun cbs(tb: Path, ck: Path): List<Callback> = listOf(
            LearningRateScheduler { _, lr -> lr * 0.9 },
            ModelCheckpoint(ck.resolve("w_{epoch}_{batch}").toString()).saveFreq(5).saveWeightsOnly(true),
            TensorBoard(tb).updateFreq(1),
        )
        fun batchLoss(tb: Path): List<Pair<Long, Float>> = Files.list(tb.resolve("train")).use { it.toList() }.single().let { f ->
            dev.lamina.callbacks.tensorboard.EventFileReader.read(f).flatMap { e -> e.values.filter { it.tag == "batch_loss" }.map { e.step to it.simpleValue!! } }
        }
        val refDir = newDir()
        val refModel = ResumeFixture.model()
        val ref = ResumeFixture.fit(refModel, 4, cbs(refDir.resolve("tb"), refDir.resolve("ck")))
        val dir = newDir()
        val ck = dir.resolve("ck")
        shouldThrow<Interrupted> {
            ResumeFixture.fit(ResumeFixture.model(), 4, cbs(dir.resolve("tb1"), ck) + listOf(BackupAndRestore(dir.resolve("backup")).saveFreq(3), Interrupt(17)))
        }
        val m = ResumeFixture.model()
        val h = ResumeFixture.fit(m, 4, cbs(dir.resolve("tb2"), ck) + BackupAndRestore(dir.resolve("backup")).saveFreq(3))
        bits(m.getWeights()) shouldBe bits(refModel.getWeights())
        shouldMatchTail(h, ref)
        h.get("learning_rate").first() shouldBe ref.get("learning_rate")[1]    // the resumed epoch 1 keeps its rate
        fun names(d: Path) = Files.list(d).use { s -> s.map { it.fileName.toString() }.sorted().toList() }
        names(ck) shouldBe names(refDir.resolve("ck"))
        batchLoss(dir.resolve("tb2")) shouldBe batchLoss(refDir.resolve("tb")).filter { it.first >= 16 }
    }

    test("deleteCheckpoint(false) keeps the backup after a normal finish; the next fit then has nothing left to run") {
        val dir = newDir()
        ResumeFixture.fit(ResumeFixture.model(), 2, listOf(BackupAndRestore(dir).deleteCheckpoint(false)))
        BackupAndRestore(dir).hasBackup() shouldBe true
        Files.list(dir).use { s -> s.map { it.fileName.toString() }.sorted().toList() } shouldBe listOf("checkpoint", "ckpt-1")
        Files.list(dir.resolve("ckpt-1")).use { s -> s.map { it.fileName.toString() }.sorted().toList() } shouldBe
            listOf("optimizer.safetensors", "state.json", "state.safetensors", "weights.safetensors")
        val m = ResumeFixture.model()
        val h = ResumeFixture.fit(m, 2, listOf(BackupAndRestore(dir)))
        h.epoch() shouldBe emptyList()
        ResumeFixture.model().let { fresh -> ResumeFixture.fit(fresh, 2, listOf()); bits(m.getWeights()) shouldBe bits(fresh.getWeights()) }
        Files.exists(dir) shouldBe false
    }

    test("the weights file in a backup is Model.saveWeights' format and the optimizer file holds the optimizer state") {
        val dir = newDir()
        val m = ResumeFixture.model()
        ResumeFixture.fit(m, 1, listOf(BackupAndRestore(dir).deleteCheckpoint(false)))
        val other = ResumeFixture.model()
        other.loadWeights(dir.resolve("ckpt-0/weights.safetensors"))
        bits(other.getWeights()) shouldBe bits(m.getWeights())
        val st = OptimizerStateFile.read(dir.resolve("ckpt-0/optimizer.safetensors"))
        val live = m.getOptimizer().exportState()
        st.iterations() shouldBe live.iterations()
        st.scalars() shouldBe live.scalars()
        st.slotKeys().toList() shouldBe live.slotKeys().toList()
        for (k in st.slotKeys()) bits(listOf(st.slot(k))) shouldBe bits(listOf(live.slot(k)))
    }

    test("bad arguments and a corrupt backup fail with clear messages; a corrupt backup leaves the model untouched") {
        shouldThrow<IllegalArgumentException> { BackupAndRestore(newDir()).saveFreq(0) }.message shouldBe
            "BackupAndRestore: expected save_freq > 0, received save_freq=0"
        shouldThrow<IllegalArgumentException> { BackupAndRestore(newDir()).saveFreq("often") }.message!! shouldContain "save_freq='often'"
        shouldThrow<IllegalArgumentException> { BackupAndRestore("") }.message!! shouldContain "backup_dir"
        val dir = newDir()
        ResumeFixture.fit(ResumeFixture.model(), 1, listOf(BackupAndRestore(dir).deleteCheckpoint(false)))
        val json = dir.resolve("ckpt-0/state.json")
        Files.writeString(json, Files.readString(json).replace("\"epoch\":1", "\"epoch\":\"one\""))
        val m = ResumeFixture.model()
        val before = bits(m.getWeights())
        shouldThrow<IllegalArgumentException> { ResumeFixture.fit(m, 2, listOf(BackupAndRestore(dir))) }.message!! shouldContain "'epoch'"
        bits(m.getWeights()) shouldBe before
        Files.write(dir.resolve("ckpt-0/weights.safetensors"), ByteArray(10))
        Files.writeString(json, Files.readString(json).replace("\"epoch\":\"one\"", "\"epoch\":1"))
        shouldThrow<IllegalArgumentException> { ResumeFixture.fit(m, 2, listOf(BackupAndRestore(dir))) }.message!! shouldContain "weights.safetensors"
        bits(m.getWeights()) shouldBe before
        shouldThrow<IllegalArgumentException> {
            ResumeFixture.fit(ResumeFixture.model(), 1, listOf(BackupAndRestore(newDir()), BackupAndRestore(newDir())))
        }.message!! shouldContain "at most one"
    }
})
