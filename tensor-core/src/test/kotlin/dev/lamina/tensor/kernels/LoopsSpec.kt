package dev.lamina.tensor.kernels

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlin.math.abs
import kotlin.random.Random

/**
 * The elementwise training kernels: the Vector API form ({@link VectorLoops}) against the plain loops
 * ({@link ScalarLoops}) bit for bit, on data with NaN, infinities and signed zeros, over lengths around the
 * vector width; the facade's thread splits; and the blocked narrow GEMM against a float64 reference.
 */
class LoopsSpec : FunSpec({
    val scalar = ScalarLoops()
    val vector = VectorLoops()
    val specials = floatArrayOf(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f, 1e-40f)

    fun data(n: Int, seed: Int): FloatArray {
        val r = Random(seed)
        return FloatArray(n) { if (r.nextInt(10) == 0) specials[r.nextInt(specials.size)] else r.nextFloat() * 4 - 2 }
    }

    // NaNs compare equal whatever their payload (hardware picks it); everything else bit for bit.
    fun bits(a: FloatArray) = a.map { java.lang.Float.floatToIntBits(it) }

    test("the vector kernel set is loaded when the module is present") {
        Kernels.kernelSet() shouldBe "vector"
    }

    test("relu, its gradient, bias + relu and addInto: vector equals scalar bit for bit") {
        for (n in listOf(1, 7, 8, 9, 16, 31, 64, 67)) {
            val x = data(n + 3, n)
            val g = data(n + 3, n + 100)
            val o1 = FloatArray(n + 2)
            val o2 = FloatArray(n + 2)
            scalar.relu(x, 3, o1, 2, n)
            vector.relu(x, 3, o2, 2, n)
            bits(o1) shouldBe bits(o2)
            scalar.reluGrad(g, 1, x, 3, o1, 2, n)
            vector.reluGrad(g, 1, x, 3, o2, 2, n)
            bits(o1) shouldBe bits(o2)
            for (rows in listOf(1, 3)) for (withBias in listOf(true, false)) for (relu in listOf(true, false)) {
                val y1 = data(rows * n + 1, n + rows)
                val y2 = y1.copyOf()
                val b = if (withBias) data(n + 2, 7) else null
                scalar.biasRelu(y1, 1, rows, n, b, 2, relu)
                vector.biasRelu(y2, 1, rows, n, b, 2, relu)
                bits(y1) shouldBe bits(y2)
            }
            val d1 = data(n + 1, 5)
            val d2 = d1.copyOf()
            scalar.addInto(d1, 1, g, 2, n)
            vector.addInto(d2, 1, g, 2, n)
            bits(d1) shouldBe bits(d2)
        }
    }

    test("relu and bias + relu keep NaN and +inf and give +0 for -inf and -0, on both forms, vector body and tail") {
        // TensorFlow's relu is max(x, 0): NaN stays NaN. The lengths put the specials in whole vectors and in tails.
        val cases = listOf(Float.NaN to Float.NaN, Float.POSITIVE_INFINITY to Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY to 0f, -0f to 0f, 0f to 0f, 1.5f to 1.5f, -2f to 0f, 1e-40f to 1e-40f)
        for (n in listOf(1, 7, 8, 16, 17, 33, 67)) {
            val x = FloatArray(n) { cases[it % cases.size].first }
            val expected = bits(FloatArray(n) { cases[it % cases.size].second })
            for (impl in listOf(scalar, vector)) {
                val out = FloatArray(n)
                impl.relu(x, 0, out, 0, n)
                withClue("${impl.name()} relu n=$n") { bits(out) shouldBe expected }
                val y = x.copyOf()
                impl.biasRelu(y, 0, 1, n, null, 0, true)
                withClue("${impl.name()} biasRelu n=$n") { bits(y) shouldBe expected }
                val rows = x.copyOf(3 * n).also { for (r in 1 until 3) x.copyInto(it, r * n) }
                val bias = FloatArray(n).also { it[n / 2] = Float.NaN }      // a NaN bias poisons its column
                impl.biasRelu(rows, 0, 3, n, bias, 0, true)
                val withBias = expected.toMutableList().also { it[n / 2] = java.lang.Float.floatToIntBits(Float.NaN) }
                withClue("${impl.name()} biasRelu with a bias n=$n") { bits(rows) shouldBe withBias + withBias + withBias }
            }
        }
    }

    test("relu's gradient masks NaN, -inf and zeros and passes +inf's, as TensorFlow's ReluGrad (g * (y > 0)), on both forms") {
        for (n in listOf(5, 16, 37)) {
            val y = FloatArray(n) { floatArrayOf(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, 2f)[it % 5] }
            val g = FloatArray(n) { 3f }
            val expected = bits(FloatArray(n) { floatArrayOf(0f, 3f, 0f, 0f, 3f)[it % 5] })
            for (impl in listOf(scalar, vector)) {
                val out = FloatArray(n)
                impl.reluGrad(g, 0, y, 0, out, 0, n)
                withClue("${impl.name()} n=$n") { bits(out) shouldBe expected }
            }
        }
    }

    test("column sums: vector equals scalar for any width, written or accumulated, and through the thread split") {
        for (n in listOf(1, 2, 3, 4, 5, 8, 15, 16, 17, 40, 64)) for (rows in listOf(1, 5, 300)) {
            val x = data(rows * n + 4, rows + n)
            for (acc in listOf(false, true)) {
                val s1 = data(n + 1, 3)
                val s2 = s1.copyOf()
                scalar.columnSums(x, 4, rows, n, 0, n, s1, 1, acc)
                vector.columnSums(x, 4, rows, n, 0, n, s2, 1, acc)
                bits(s1) shouldBe bits(s2)
                val s3 = data(n + 1, 3)
                Kernels.columnSums(x, 4, rows, n, s3, 1, acc)
                bits(s3) shouldBe bits(s1)
            }
        }
        val big = data(5000 * 32, 9)          // large enough to be split between threads
        val split = FloatArray(32)
        val whole = FloatArray(32)
        Kernels.columnSums(big, 0, 5000, 32, split, 0, false)
        scalar.columnSums(big, 0, 5000, 32, 0, 32, whole, 0, false)
        bits(split) shouldBe bits(whole)
    }

    test("max pooling forward and backward: vector equals scalar, with ties, NaN and padding") {
        val r = Random(3)
        for ((c, pad) in listOf(8 to 0, 16 to 1, 3 to 0, 8 to 1)) {
            // 2x2 windows with stride 2, or 3x3 with stride 2 and one padded cell on top and left ("same"-like).
            val k = if (pad == 0) 2 else 3
            val g = ConvGeometry(2, 5, 6, c, k, k, 2, 2, 1, 1, pad, pad, if (pad == 0) 2 else 3, 3)
            val x = FloatArray(2 * 5 * 6 * c + 1) { if (r.nextInt(8) == 0) specials[r.nextInt(3)] else (r.nextInt(5) - 2).toFloat() }
            val outN = 2 * g.outPixels() * c
            val y1 = FloatArray(outN)
            val y2 = FloatArray(outN)
            Pooling.maxForward(g, x, 1, y1, 0, 2)
            vector.maxPool(g, x, 1, y2, 0, 2)
            bits(y1) shouldBe bits(y2)
            val gy = data(outN + 2, 11)
            val dx1 = FloatArray(2 * 5 * 6 * c)
            val dx2 = FloatArray(2 * 5 * 6 * c)
            Pooling.maxBackward(g, x, 1, y1, gy, 2, dx1, 0, 2)
            vector.maxPoolBackward(g, x, 1, y1, gy, 2, dx2, 0, 2)
            bits(dx1) shouldBe bits(dx2)
        }
    }

    test("the max pooling gradient goes to the first cell holding the maximum, and to the first NaN") {
        val g = ConvGeometry(1, 2, 2, 1, 2, 2, 2, 2, 1, 1, 0, 0, 1, 1)
        for ((x, at) in listOf(floatArrayOf(1f, 3f, 3f, 2f) to 1, floatArrayOf(-0f, 0f, -1f, -2f) to 0,
                floatArrayOf(1f, Float.NaN, 5f, Float.NaN) to 1, floatArrayOf(Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, -1f, -1f) to 2)) {
            val y = FloatArray(1)
            ThreadedLoops.maxPool(KernelSet.LOADED.loops(), g, x, 0, y)
            val dx = FloatArray(4)
            ThreadedLoops.maxPoolBackward(KernelSet.LOADED.loops(), g, x, 0, y, floatArrayOf(7f), 0, dx)
            dx.toList() shouldBe List(4) { if (it == at) 7f else 0f }
        }
    }

    test("firstNonFinite finds the first NaN or infinity across scan blocks, or -1") {
        val x = FloatArray(40000) { it * 0.5f }
        Kernels.firstNonFinite(x, 0, x.size) shouldBe -1
        x[39000] = Float.NEGATIVE_INFINITY
        x[20000] = Float.NaN
        Kernels.firstNonFinite(x, 0, x.size) shouldBe 20000
        Kernels.firstNonFinite(x, 20001, x.size - 20001) shouldBe 39000 - 20001
        vector.allFinite(x, 0, 20000) shouldBe true
        scalar.allFinite(x, 0, 20001) shouldBe false
    }

    test("firstNonFinite on an input large enough to be scanned by both threads still reports the first bad index") {
        val x = FloatArray(1 shl 21) { (it % 97) * 0.25f }
        (ParallelLoops.parts(x.size / (1 shl 14), 1L shl 14) > 1 || ThreadPolicy.GLOBAL.maxThreads() < 2) shouldBe true
        Kernels.firstNonFinite(x, 0, x.size) shouldBe -1
        for ((nan, inf) in listOf(2_000_000 to 1_900_000, 1_048_577 to 2_000_000, 2_000_000 to 100)) {
            x[nan] = Float.NaN
            x[inf] = Float.POSITIVE_INFINITY
            Kernels.firstNonFinite(x, 0, x.size) shouldBe minOf(nan, inf)
            Kernels.firstNonFinite(x, 3, x.size - 3) shouldBe minOf(nan, inf) - 3
            x[nan] = 0f
            x[inf] = 0f
        }
    }

    test("narrow products with long k (swept in blocks) match a float64 reference") {
        val gemm = Kernels.gemm()
        for ((m, n, k) in listOf(Triple(27, 3, 3000), Triple(5, 10, 2051), Triple(1, 1, 1500))) {
            val r = Random(m + n + k)
            val a = FloatArray(m * k) { r.nextFloat() * 2 - 1 }
            val b = FloatArray(k * n) { r.nextFloat() * 2 - 1 }
            val c = FloatArray(m * n)
            gemm.gemm(false, false, m, n, k, a, 0, b, 0, c, 0, false)
            for (i in 0 until m) for (j in 0 until n) {
                var s = 0.0
                var mag = 0.0
                for (p in 0 until k) {
                    val t = a[i * k + p].toDouble() * b[p * n + j]
                    s += t
                    mag += abs(t)
                }
                (abs(c[i * n + j] - s) <= (k + 2) * 6e-8 * mag) shouldBe true
            }
        }
    }
})
