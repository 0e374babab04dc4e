package dev.lamina.testing

import io.kotest.assertions.withClue
import io.kotest.matchers.shouldBe

/** Threaded code under test runs on a watchdog: a deadlock or a lost hand-off fails the test instead of hanging CI. */
object Watchdog {
    /** Runs `block` on a daemon thread and fails if it is still running after two minutes; rethrows its failure. */
    @JvmStatic
    fun finishing(block: () -> Unit) {
        var error: Throwable? = null
        val t = Thread { try { block() } catch (e: Throwable) { error = e } }
        t.isDaemon = true
        t.start()
        t.join(120_000)
        withClue("still running after 120 s (deadlocked or a part was lost)") { t.isAlive shouldBe false }
        error?.let { throw it }
    }
}
