package dev.lamina.tensor.kernels

import io.kotest.assertions.fail
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.string.shouldContain
import kotlin.random.Random

/** The one-row product gives the bits of the one-row GEMM, for every width and depth (k slices, tails, narrow n). */
class GemvSpec : FunSpec({
    val shapes = listOf(
        1 to 1, 10 to 512, 15 to 7, 16 to 3, 17 to 300, 31 to 1, 64 to 256, 65 to 257, 100 to 784, 512 to 784,
        512 to 512, 130 to 1000, 128 to 1,
    )
    afterSpec { ThreadPolicy.GLOBAL.setMaxThreads(ThreadPolicy.GLOBAL.maxThreads()) }

    fun check(g: Gemm, what: String) {
        var seed = 1
        for ((n, k) in shapes) {
            val rnd = Random(seed++)
            val xOff = rnd.nextInt(0, 4)
            val bOff = rnd.nextInt(0, 4)
            val yOff = rnd.nextInt(0, 4)
            val x = FloatArray(xOff + k + 2) { rnd.nextFloat() * 2 - 1 }
            val b = FloatArray(bOff + k * n + 3) { rnd.nextFloat() * 2 - 1 }
            val want = FloatArray(yOff + n + 5) { 7f }
            val got = want.copyOf()
            g.gemm(false, false, 1, n, k, x, xOff, b, bOff, want, yOff, false)
            g.gemv(n, k, x, xOff, b, bOff, got, yOff)
            for (i in want.indices) {
                if (java.lang.Float.floatToRawIntBits(want[i]) != java.lang.Float.floatToRawIntBits(got[i])) {
                    fail("$what n=$n k=$k: y[$i] expected ${want[i]} (the one-row GEMM), received ${got[i]}")
                }
            }
        }
    }

    test("VectorGemm.gemv gives the one-row GEMM's bits, on one thread and two") {
        check(VectorGemm(ThreadPolicy(1)), "vector, 1 thread")
        check(VectorGemm(ThreadPolicy(2)), "vector, 2 threads")
    }

    test("the default gemv (EJML) is the one-row GEMM") {
        check(EjmlGemm(ThreadPolicy(1)), "ejml")
    }

    test("gemv checks its arrays") {
        val e = shouldThrow<IllegalArgumentException> {
            VectorGemm(ThreadPolicy(1)).gemv(64, 10, FloatArray(10), 0, FloatArray(639), 0, FloatArray(64), 0)
        }
        e.message shouldContain "B to hold 640"
    }
})
