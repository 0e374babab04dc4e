package dev.lamina.tensor

import dev.lamina.testing.Watchdog.finishing
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.util.concurrent.atomic.AtomicIntegerArray

/**
 * The public thread setting and parallel loop ([Concurrency]), and the data check that goes with training
 * ([ReduceOps.firstNonFinite]): the setting applies to later ops and is checked, the loop covers every item once,
 * and the scan finds the first bad value from the tensor's own start.
 */
class ConcurrencySpec : FunSpec({
    test("setMaxThreads applies and rejects n < 1 naming the call, leaving the setting as it was") {
        val before = Concurrency.maxThreads()
        try {
            Concurrency.setMaxThreads(1)
            Concurrency.maxThreads() shouldBe 1
            val e = shouldThrow<IllegalArgumentException> { Concurrency.setMaxThreads(0) }
            e.message shouldContain "Concurrency.setMaxThreads: expected n >= 1, received n=0"
            Concurrency.maxThreads() shouldBe 1
        } finally {
            Concurrency.setMaxThreads(before)
        }
    }

    test("parallelFor runs every item exactly once, on one thread and on two") {
        val before = Concurrency.maxThreads()
        try {
            for (threads in listOf(1, 2)) {
                Concurrency.setMaxThreads(threads)
                for (items in listOf(0, 1, 7, 100_000)) {
                    val seen = AtomicIntegerArray(maxOf(items, 1))
                    finishing { Concurrency.parallelFor(items, 64) { from, to -> for (i in from until to) seen.incrementAndGet(i) } }
                    for (i in 0 until items) seen.get(i) shouldBe 1
                }
            }
        } finally {
            Concurrency.setMaxThreads(before)
        }
    }

    test("firstNonFinite gives the flat index of the first NaN or infinity, from a slice's own start, or -1") {
        val data = FloatArray(50_000) { (it % 7).toFloat() }
        val x = Tensor.of(data, data.size)
        ReduceOps.firstNonFinite(x) shouldBe -1
        data[40_000] = Float.NEGATIVE_INFINITY
        data[30_001] = Float.NaN
        ReduceOps.firstNonFinite(Tensor.of(data, data.size)) shouldBe 30_001
        ReduceOps.firstNonFinite(Tensor.of(data, 100, 500).slice(70, 90)) shouldBe 40_000 - 70 * 500
    }
})
