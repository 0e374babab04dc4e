package dev.lamina.callbacks

import dev.lamina.tensor.Tensor
import dev.lamina.training.Callback
import dev.lamina.training.Logs
import dev.lamina.training.StatefulCallback
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import java.nio.file.Files

/** Every built-in resumable callback saves, checks and restores its state through ResumableState, the same way. */
class ResumableStateSpec : FunSpec({
    val dir = Files.createTempDirectory("lamina-state")
    afterSpec { dir.toFile().deleteRecursively() }

    val weights = listOf(Tensor.of(floatArrayOf(1f, 2f), 2))

    /** A callback and a saved state of it as it comes back from JSON (integers as Long), with none of its defaults. */
    fun cases(): List<Pair<Callback, Map<String, Any?>>> = listOf(
        EarlyStopping() to mapOf("wait" to 2L, "stopped_epoch" to 0L, "best" to 0.5, "best_epoch" to 3L, "best_weights" to weights),
        ReduceLROnPlateau() to mapOf("wait" to 1L, "cooldown_counter" to 2L, "best" to 0.25),
        ModelCheckpoint(dir.resolve("m_{epoch}").toString()) to mapOf("best" to 0.125, "batches_since_save" to 4L),
        CSVLogger(dir.resolve("log.csv")) to mapOf("keys" to listOf("loss", "val_loss"), "write_header" to false, "position" to 0L),
        TensorBoard(dir.resolve("tb")) to mapOf("global_train_batch" to 17L),
        LearningRateScheduler { _, lr -> lr } to mapOf("applied_epoch" to 5L),
    )

    /** JSON's view of a state: every integer as Long, so a saved Integer and a restored Long compare equal (NaN as text, which matchers compare). */
    fun json(state: Map<String, Any?>): Map<String, Any?> = state.mapValues { (_, v) ->
        when {
            v is Int -> v.toLong()
            v is Double && v.isNaN() -> "NaN"
            else -> v
        }
    }

    fun StatefulCallback.begin() = (this as Callback).onTrainBegin(Logs.empty())
    fun StatefulCallback.end() = (this as Callback).onTrainEnd(Logs.empty())

    test("a restored state takes effect at the next onTrainBegin, key for key in the saved order, and only once") {
        for ((cb, saved) in cases()) {
            val s = cb as StatefulCallback
            withClue(cb.javaClass.simpleName) {
                s.begin()
                val fresh = json(s.state())
                s.end()
                fresh shouldNotBe saved
                s.restoreState(saved)
                s.begin()
                s.state().keys.toList() shouldContainExactly saved.keys.toList()
                json(s.state()) shouldBe saved
                s.end()
                s.begin()                                   // a later fit starts afresh
                json(s.state()) shouldBe fresh
                s.end()
            }
        }
    }

    test("a malformed state is rejected naming the callback and key, and leaves the state restored before it in place") {
        for ((cb, saved) in cases()) {
            val s = cb as StatefulCallback
            val key = saved.keys.last()
            withClue(cb.javaClass.simpleName) {
                s.restoreState(saved)
                shouldThrow<IllegalArgumentException> { s.restoreState(saved - key) }.message shouldBe
                    "${cb.javaClass.simpleName}.restoreState: expected key '$key', received keys ${(saved - key).keys}"
                val e = shouldThrow<IllegalArgumentException> { s.restoreState(saved + (key to "x")) }
                e.message!!.startsWith("${cb.javaClass.simpleName}.restoreState: expected '$key' to be ") shouldBe true
                s.begin()
                json(s.state()) shouldBe saved
                s.end()
            }
        }
    }

    test("restoreState(null) discards a restored state that has not taken effect") {
        for ((cb, saved) in cases()) {
            val s = cb as StatefulCallback
            withClue(cb.javaClass.simpleName) {
                s.begin()
                val fresh = json(s.state())
                s.end()
                s.restoreState(saved)
                s.restoreState(null)
                s.begin()
                json(s.state()) shouldBe fresh
                s.end()
            }
        }
    }

    test("the saved lists are copies: changing one does not change the callback") {
        val csv = CSVLogger(dir.resolve("copy.csv"))
        csv.restoreState(mapOf("keys" to listOf("loss"), "write_header" to true, "position" to 0L))
        csv.onTrainBegin(Logs.empty())
        @Suppress("UNCHECKED_CAST")
        (csv.state()["keys"] as MutableList<String>).add("extra")
        csv.state()["keys"] shouldBe listOf("loss")
        csv.onTrainEnd(Logs.empty())
    }
})
