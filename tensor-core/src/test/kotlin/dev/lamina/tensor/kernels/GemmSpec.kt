package dev.lamina.tensor.kernels

import io.kotest.assertions.fail
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlin.math.abs
import kotlin.random.Random

/** One GEMM call's operands, laid out at offsets inside larger arrays so bounds and offsets are exercised. */
private class Case(val m: Int, val n: Int, val k: Int, val transA: Boolean, val transB: Boolean, val accumulate: Boolean, seed: Int) {
    val rnd = Random(seed)
    val aOff = rnd.nextInt(0, 5)
    val bOff = rnd.nextInt(0, 5)
    val cOff = rnd.nextInt(0, 5)
    val a = FloatArray(aOff + m * k + 3) { rnd.nextFloat() * 2 - 1 }
    val b = FloatArray(bOff + k * n + 2) { rnd.nextFloat() * 2 - 1 }
    val c0 = FloatArray(cOff + m * n + 4) { rnd.nextFloat() * 2 - 1 }

    fun aAt(i: Int, p: Int) = a[aOff + if (transA) p * m + i else i * k + p]
    fun bAt(p: Int, j: Int) = b[bOff + if (transB) j * k + p else p * n + j]

    fun run(g: Gemm): FloatArray {
        val c = c0.copyOf()
        g.gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate)
        return c
    }

    /** Checks {@code got} against a float64 triple loop, within the float32 error bound (k + 2) u sum |a b|. */
    fun check(got: FloatArray, what: String) {
        for (i in 0 until m) for (j in 0 until n) {
            var s = if (accumulate) c0[cOff + i * n + j].toDouble() else 0.0
            var mag = abs(s)
            for (p in 0 until k) {
                val t = aAt(i, p).toDouble() * bAt(p, j)
                s += t
                mag += abs(t)
            }
            val v = got[cOff + i * n + j]
            if (abs(v - s) > (k + 2) * 1.2e-7 * mag + 1e-30) {
                fail("$what $this: C[$i,$j] expected $s, received $v")
            }
        }
        for (x in got.indices) {
            if (x < cOff || x >= cOff + m * n) {
                if (got[x] != c0[x]) fail("$what $this: wrote outside C at index $x")
            }
        }
    }

    /** The same call as a {@link Gemm.Call} writing into {@code c} (a copy of {@code c0}). */
    fun call(c: FloatArray) = Gemm.Call(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate)

    override fun toString() = "${m}x${n}x$k transA=$transA transB=$transB accumulate=$accumulate"
}

private fun bitEqual(x: FloatArray, y: FloatArray) =
    x.size == y.size && x.indices.all { java.lang.Float.floatToRawIntBits(x[it]) == java.lang.Float.floatToRawIntBits(y[it]) }

class GemmSpec : FunSpec({
    val shapes = listOf(
        intArrayOf(1, 1, 1), intArrayOf(7, 13, 5), intArrayOf(65, 33, 129), intArrayOf(6, 16, 8),
        intArrayOf(12, 32, 1), intArrayOf(5, 17, 300), intArrayOf(150, 20, 7), intArrayOf(2, 4100, 3),
        intArrayOf(32, 10, 64), intArrayOf(31, 47, 257), intArrayOf(37, 10, 21), intArrayOf(40, 15, 8),
        intArrayOf(3, 1, 40),
    )
    val forms = listOf(false to false, true to false, false to true, true to true)
    val single = ThreadPolicy(1)

    afterSpec { ThreadPolicy.GLOBAL.setMaxThreads(ThreadPolicy.GLOBAL.maxThreads()) }   // ThreadPolicy(n) resets EJML's threads

    test("VectorGemm and EjmlGemm match a float64 triple loop on odd shapes, all transpose forms, offsets and accumulate") {
        val vector = VectorGemm(single)
        val ejml = EjmlGemm(single)
        var seed = 0
        for (s in shapes) for ((ta, tb) in forms) for (acc in listOf(false, true)) {
            val case = Case(s[0], s[1], s[2], ta, tb, acc, seed++)
            case.check(case.run(vector), "vector")
            case.check(case.run(ejml), "ejml")
        }
    }

    test("products crossing every cache block (mc, kc, nc) are exact to float32 rounding") {
        val vector = VectorGemm(single)
        for ((ta, tb) in forms) {
            val case = Case(VectorGemm.MC + 7, 3 * VectorGemm.NR + 5, 2 * VectorGemm.KC + 9, ta, tb, true, 99)
            case.check(case.run(vector), "vector")
        }
        val wide = Case(3, VectorGemm.NC + VectorGemm.NR + 1, 2, false, false, false, 7)
        wide.check(wide.run(vector), "vector")
    }

    test("multi-threaded results are bit-identical to single-threaded ones, for 2 and 3 threads, across kernel paths") {
        val many = ThreadPolicy(3)
        many.setThreshold(0)
        val st = VectorGemm(single)
        val mt = VectorGemm(many)
        var seed = 1000
        for (s in listOf(intArrayOf(65, 33, 129), intArrayOf(40, 200, 300), intArrayOf(301, 50, 600), intArrayOf(13, 7, 2), intArrayOf(20, 2 * VectorGemm.NR - 2, 50),
            intArrayOf(100, 10, 70), intArrayOf(2 * VectorGemm.NR + 3, 3, 9), intArrayOf(400, 420, 330))) {
            for ((ta, tb) in forms) for (acc in listOf(false, true)) {
                val case = Case(s[0], s[1], s[2], ta, tb, acc, seed++)
                val want = case.run(st)
                for (t in 2..3) {
                    many.setMaxThreads(t)
                    val got = case.run(mt)
                    if (!bitEqual(want, got)) fail("$t threads differ from 1 thread for $case")
                }
            }
        }
        VectorGemm.parts(false, 65, 33, 2) shouldBe 2       // the shapes above really are split
        VectorGemm.parts(false, 40, 200, 3) shouldBe 3
        VectorGemm.parts(false, 301, 50, 3) shouldBe 3
        VectorGemm.parts(false, 20, 2 * VectorGemm.NR - 2, 2) shouldBe 2   // two B micro-panels; one thread reads A in place
        VectorGemm.parts(false, 2 * VectorGemm.NR + 3, 3, 3) shouldBe 3   // narrow products (n < NR / 2) split by rows
        VectorGemm.parts(true, 2 * VectorGemm.NR + 3, 3, 3) shouldBe 3
        VectorGemm.parts(false, 13, 7, 3) shouldBe 3
        VectorGemm.parts(false, 1, 1, 4) shouldBe 1
        // Chunks claimed in turn (shared operand packed whole), by columns and by rows; and static parts
        VectorGemm.chunked(40, 200, 300) shouldBe true      // by columns
        VectorGemm.chunked(301, 50, 600) shouldBe true      // by rows
        VectorGemm.chunked(400, 420, 330) shouldBe false    // A too big to pack whole: static parts
    }

    test("pair gives both products bit for bit as two single-threaded calls, when threads take each other's chunks or not") {
        val two = ThreadPolicy(2)
        two.setThreshold(0)
        val st = VectorGemm(single)
        val mt = VectorGemm(two)
        // A dense layer's backward pair (dX = dZ.W^T, dW = X^T.dZ), chunks of very different counts, a narrow
        // product and one too big for chunks (both pairs then run by ParallelLoops.both).
        val pairs = listOf(
            Case(40, 300, 200, false, true, false, 1) to Case(300, 200, 40, true, false, true, 2),
            Case(130, 20, 50, false, false, true, 3) to Case(7, 500, 600, true, true, false, 4),
            Case(100, 5, 70, false, false, false, 5) to Case(64, 64, 64, false, false, false, 6),
            Case(400, 420, 330, false, false, false, 7) to Case(33, 47, 65, true, false, true, 8),
        )
        for ((x, y) in pairs) {
            val wantX = x.run(st)
            val wantY = y.run(st)
            repeat(10) {
                val cx = x.c0.copyOf()
                val cy = y.c0.copyOf()
                mt.pair(x.call(cx), y.call(cy))
                if (!bitEqual(wantX, cx) || !bitEqual(wantY, cy)) fail("pair differs from single calls for $x and $y")
            }
        }
        // The first two pairs take each other's chunks; the last two fall back to ParallelLoops.both
        listOf(VectorGemm.chunked(40, 300, 200), VectorGemm.chunked(300, 200, 40), VectorGemm.chunked(130, 20, 50),
            VectorGemm.chunked(7, 500, 600), VectorGemm.chunked(100, 5, 70), VectorGemm.chunked(400, 420, 330)) shouldBe
            listOf(true, true, true, true, false, false)
    }

    test("pair rejects a bad call before computing either product") {
        val x = Case(40, 300, 200, false, true, false, 1)
        val cx = x.c0.copyOf()
        val short = FloatArray(10)
        val e = shouldThrow<IllegalArgumentException> {
            VectorGemm(ThreadPolicy(2)).pair(x.call(cx), Gemm.Call(false, false, 20, 20, 20, short, 0, short, 0, short, 0, false))
        }
        e.message shouldContain "A to hold 400 floats"
        cx.toList() shouldBe x.c0.toList()
    }

    test("k = 0 gives zeros, or leaves C unchanged when accumulating") {
        val g = VectorGemm(single)
        val c = floatArrayOf(9f, 1f, 2f, 3f, 4f, 9f)
        g.gemm(false, false, 2, 2, 0, FloatArray(0), 0, FloatArray(0), 0, c, 1, true)
        c.toList() shouldBe listOf(9f, 1f, 2f, 3f, 4f, 9f)
        g.gemm(false, false, 2, 2, 0, FloatArray(0), 0, FloatArray(0), 0, c, 1, false)
        c.toList() shouldBe listOf(9f, 0f, 0f, 0f, 0f, 9f)
    }

    test("operands too short for their offset and shape are rejected, naming the operand") {
        val g = VectorGemm(single)
        val e = shouldThrow<IllegalArgumentException> {
            g.gemm(false, false, 2, 3, 4, FloatArray(8), 1, FloatArray(12), 0, FloatArray(6), 0, false)
        }
        e.message shouldContain "VectorGemm"
        e.message shouldContain "A to hold 8 floats from offset 1"
        shouldThrow<IllegalArgumentException> { g.gemm(false, false, -1, 3, 4, FloatArray(8), 0, FloatArray(12), 0, FloatArray(6), 0, false) }
            .message shouldContain "m=-1"
    }

    test("VectorGemm is the start-up GEMM when jdk.incubator.vector is present, EjmlGemm otherwise") {
        KernelSet.vectorModulePresent() shouldBe true     // Surefire runs with --add-modules=jdk.incubator.vector
        KernelSet.load(true, single).gemm().name() shouldBe "vector"
        KernelSet.load(false, single).gemm().name() shouldBe "ejml"
        KernelSet.load(true, single).gemm().toString() shouldContain "tile 4x${2 * VectorKernel.L}"   // two vectors wide, whatever the species
    }

    test("a JVM started without the vector module falls back to EJML, and one with it uses VectorGemm") {
        val dir = java.nio.file.Files.createTempDirectory("lamina-gemm")
        val src = dir.resolve("PrintGemm.java")
        java.nio.file.Files.writeString(src, """
            public class PrintGemm {
                public static void main(String[] args) {
                    dev.lamina.tensor.kernels.Kernels.gemm().gemm(false, false, 1, 1, 1, new float[]{2f}, 0, new float[]{3f}, 0, new float[1], 0, false);
                    System.out.print(dev.lamina.tensor.kernels.Kernels.gemm().name());
                }
            }
        """.trimIndent())
        fun launch(vararg flags: String): String {
            val java = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString()
            val cmd = listOf(java, *flags, "-cp", System.getProperty("java.class.path"), src.toString())
            val p = ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start()
            val out = p.inputStream.bufferedReader().readText()
            p.waitFor() shouldBe 0
            return out.trim()
        }
        launch() shouldBe "ejml"
        launch("--add-modules", "jdk.incubator.vector") shouldBe "vector"
        dir.toFile().deleteRecursively()
    }

    test("the vector species has at least 4 lanes, so a tile is at least 6x8") {
        VectorGemm.NR shouldBeGreaterThan 7
        VectorGemm.NC % VectorGemm.NR shouldBe 0
    }
})
