package dev.lamina.optimizers

import dev.lamina.tensor.Concurrency
import dev.lamina.tensor.Ops
import dev.lamina.tensor.Rng
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.tensor.Variable
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlin.math.pow
import kotlin.math.sqrt

/**
 * Adam on variables large enough to be split between threads: the same bits on one thread and on two, with the
 * gradient at an offset in its array (the plain loop) or not (the vectorised, split loop), and the Keras update.
 */
class AdamLargeSpec : FunSpec({
    val n = 20011
    val initial = Rng(1).normal(Shape.of(n), 0f, 1f)
    val grads = (0 until 3).map { Rng(10L + it).normal(Shape.of(n), 0f, 1f) }

    fun train(threads: Int, offsetGrads: Boolean): FloatArray {
        val v = Variable("w", initial)
        val adam = Adam(0.01)
        val saved = Concurrency.maxThreads()
        Concurrency.setMaxThreads(threads)
        try {
            for (g in grads) {
                // A slice of a larger tensor has a non-zero offset in its array.
                val grad = if (offsetGrads) Ops.slice(Ops.concatenate(listOf(Tensor.zeros(1), g), 0), 1, n + 1) else g
                if (offsetGrads) (grad.offset() > 0) shouldBe true
                adam.apply(listOf(grad), listOf(v))
            }
        } finally {
            Concurrency.setMaxThreads(saved)
        }
        return v.value().toFloatArray()
    }

    test("one thread, two threads, and an offset gradient give the same bits") {
        val reference = train(1, false)
        train(2, false).toList() shouldBe reference.toList()
        train(2, true).toList() shouldBe reference.toList()
    }

    test("the update is Keras' Adam") {
        val w = train(2, false)
        for (i in listOf(0, 1, 4096, 8191, 8192, n - 1)) {
            var m = 0.0
            var s = 0.0
            var x = initial.get(i).toDouble()
            for ((t, g) in grads.withIndex()) {
                val gi = g.get(i).toDouble()
                m += (gi - m) * 0.1
                s += (gi * gi - s) * 0.001
                val alpha = 0.01 * sqrt(1 - 0.999.pow(t + 1)) / (1 - 0.9.pow(t + 1))
                x -= alpha * m / (sqrt(s) + 1e-7)
            }
            (kotlin.math.abs(w[i] - x) < 1e-5) shouldBe true
        }
    }
})
