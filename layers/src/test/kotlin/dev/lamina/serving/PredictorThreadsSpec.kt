package dev.lamina.serving

import dev.lamina.Lamina
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

class PredictorThreadsSpec : FunSpec({
    beforeTest { Lamina.clearSession(); Lamina.setRandomSeed(0) }

    test("one predictor called from 8 threads, 10,000 calls, gives the single-threaded results bit for bit") {
        // Conv2D + folded BatchNormalization + pooling + Dense + removed Dropout + softmax: every kind of step.
        val p = Predictor.of(ServingModels.batchNorm())
        val inputs = (0 until 64).map { Tensor.uniform(Shape.of(1 + it % 3, 12, 12, 2), 0f, 1f, it.toLong()).toFloatArray() }
        val expected = inputs.map { p.predict(it) }
        val pool = Executors.newFixedThreadPool(8)
        try {
            val jobs = (0 until 8).map { t ->
                Callable {
                    var mismatches = 0
                    for (c in 0 until 1250) {
                        val i = (c * 7 + t * 13) % inputs.size
                        val got = if (c % 2 == 0) p.predict(inputs[i]) else FloatArray(expected[i].size).also { p.predict(inputs[i], it) }
                        for (j in got.indices) if (java.lang.Float.floatToRawIntBits(got[j]) != java.lang.Float.floatToRawIntBits(expected[i][j])) mismatches++
                    }
                    mismatches
                }
            }
            val mismatches = pool.invokeAll(jobs).sumOf { it.get(5, TimeUnit.MINUTES) }
            mismatches shouldBe 0
        } finally {
            pool.shutdownNow()
        }
    }
})
