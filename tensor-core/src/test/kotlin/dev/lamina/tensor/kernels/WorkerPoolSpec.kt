package dev.lamina.tensor.kernels

import dev.lamina.testing.Watchdog.finishing
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicIntegerArray

/**
 * The worker pool's hand-off: every part of a split runs exactly once, a part no worker has taken yet runs on the
 * caller instead, a failing part surfaces on the caller and leaves the pool usable; [ParallelLoops.forRange] covers
 * every item once in its chunks.
 */
class WorkerPoolSpec : FunSpec({
    test("every part runs exactly once; parts not yet taken by a worker run on the caller") {
        val pool = WorkerPool()
        val runs = 20_000
        for (parts in listOf(2, 3)) {
            val counts = AtomicIntegerArray(runs * parts)
            var onCaller = 0
            finishing {
                val caller = Thread.currentThread()
                for (r in 0 until runs) {
                    val ranHere = AtomicIntegerArray(parts)
                    pool.run(parts) { i ->
                        counts.incrementAndGet(r * parts + i)
                        if (Thread.currentThread() === caller) ranHere.incrementAndGet(i)
                    }
                    for (i in 1 until parts) onCaller += ranHere.get(i)
                }
            }
            for (j in 0 until runs * parts) withClue("$parts parts: run ${j / parts}, part ${j % parts}") { counts.get(j) shouldBe 1 }
            // Tiny parts: the caller is done with part 0 before a spinning worker takes its part in a good share of runs.
            withClue("$parts parts: worker parts the caller took back") { onCaller shouldBeGreaterThan 0 }
        }
    }

    test("a failing part fails the call on the caller, and the pool keeps working") {
        val pool = WorkerPool()
        finishing {
            for (failing in 0 until 3) {
                val e = shouldThrow<IllegalArgumentException> {
                    pool.run(3) { i -> if (i == failing) throw IllegalArgumentException("part $i failed") }
                }
                e.message shouldBe "part $failing failed"
                val seen = AtomicIntegerArray(3)
                pool.run(3) { i -> seen.incrementAndGet(i) }
                for (i in 0 until 3) seen.get(i) shouldBe 1
            }
        }
    }

    test("forRange covers each item once, in chunks taken by both threads, and stays whole below the threshold") {
        val before = ThreadPolicy.GLOBAL.maxThreads()
        try {
            for (threads in listOf(1, 2)) {
                ThreadPolicy.GLOBAL.setMaxThreads(threads)
                val items = 1003
                val hits = AtomicIntegerArray(items)
                val ranges = AtomicInteger()
                finishing {
                    ParallelLoops.forRange(items, 1L shl 20) { from, to ->
                        ranges.incrementAndGet()
                        for (i in from until to) hits.incrementAndGet(i)
                    }
                }
                for (i in 0 until items) withClue("$threads threads, item $i") { hits.get(i) shouldBe 1 }
                ranges.get() shouldBe if (threads == 1) 1 else 2 * ParallelLoops.CHUNKS_PER_THREAD
            }
            ThreadPolicy.GLOBAL.setMaxThreads(2)
            val ranges = AtomicInteger()
            ParallelLoops.forRange(10, 1) { _, _ -> ranges.incrementAndGet() }     // 10 units of work: one range
            ranges.get() shouldBe 1
        } finally {
            ThreadPolicy.GLOBAL.setMaxThreads(before)
        }
    }
})
