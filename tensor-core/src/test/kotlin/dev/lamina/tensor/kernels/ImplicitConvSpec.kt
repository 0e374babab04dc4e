package dev.lamina.tensor.kernels

import dev.lamina.tensor.Autodiff
import dev.lamina.tensor.ConvOps
import dev.lamina.tensor.NnOps
import dev.lamina.tensor.Ops
import dev.lamina.tensor.ReduceOps
import dev.lamina.tensor.Rng
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.tensor.Variable
import dev.lamina.testing.GradCheck
import dev.lamina.testing.TensorAsserts.assertBitEqual
import dev.lamina.testing.TensorAsserts.assertClose
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe

/**
 * The implicit-GEMM convolution (forward and kernel gradient read the patches in place): which
 * convolutions take it, and against im2col + GEMM, across thread counts bit for bit, and against central
 * differences, over channel and filter counts that fill and do not fill a tile, strides, dilations and batches
 * whose pixels do not fill the last tile.
 */
class ImplicitConvSpec : FunSpec({
    fun normal(seed: Long, vararg shape: Int) = Rng(seed).normal(Shape.of(*shape), 0f, 1f)

    /** The output and the gradients of x, kernel and bias of a fused conv2d under a seeded upstream. */
    fun run(x: Tensor, k: Tensor, b: Tensor, s: IntArray, d: IntArray): List<Tensor> {
        val vars = listOf(Variable("x", x), Variable("k", k), Variable("b", b))
        val y = ConvOps.conv2d(vars[0].value(), vars[1].value(), vars[2].value(), true, s, "valid", d)
        val up = Rng(9).normal(y.shape(), 0f, 1f)
        return listOf(y.detach()) + Autodiff.gradients(ReduceOps.sum(Ops.multiply(y, up)), vars)
    }

    fun <T> with(gemm: Gemm?, threads: Int, threshold: Long, block: () -> T): T {
        val p = ThreadPolicy.GLOBAL
        val (t0, th0) = p.maxThreads() to p.threshold()
        val previous = gemm?.let { Kernels.useGemm(it) }
        p.setMaxThreads(threads)
        p.setThreshold(threshold)
        try {
            return block()
        } finally {
            p.setMaxThreads(t0)
            p.setThreshold(th0)
            previous?.let { Kernels.useGemm(it) }
        }
    }

    /** Whether the planner sends this convolution to implicit GEMM, with the GEMM in use. */
    fun implicitRuns(g: ConvGeometry, outC: Int) =
        ConvPlanner.plan(g, outC, KernelSet.LOADED, Kernels.gemm()) == ConvPlanner.Algorithm.IMPLICIT

    fun geometry(x: Tensor, k: Tensor, s: Int, d: Int): ConvGeometry {
        val (h, w) = x.shape().dim(1) to x.shape().dim(2)
        val (kh, kw) = k.shape().dim(0) to k.shape().dim(1)
        return ConvGeometry(x.shape().dim(0), h, w, x.shape().dim(3), kh, kw, s, s, d, d, 0, 0,
            (h - d * (kh - 1) - 1) / s + 1, (w - d * (kw - 1) - 1) / s + 1)
    }

    test("valid windows with at least half a tile of filters take the implicit path; padding, few filters or another GEMM do not") {
        val vector = KernelSet.vectorModulePresent()
        val g = geometry(normal(1, 2, 9, 9, 32), normal(2, 3, 3, 32, 64), 1, 1)
        implicitRuns(g, 64) shouldBe vector
        implicitRuns(g, 24) shouldBe vector
        implicitRuns(g, 4) shouldBe false
        implicitRuns(geometry(normal(1, 2, 9, 9, 1), normal(2, 3, 3, 1, 32), 1, 1), 32) shouldBe vector
        val padded = ConvGeometry(2, 9, 9, 32, 3, 3, 1, 1, 1, 1, 1, 1, 9, 9)          // "same": windows read padding
        implicitRuns(padded, 64) shouldBe false
        val padAfter = ConvGeometry(2, 8, 8, 32, 3, 3, 2, 2, 1, 1, 0, 0, 4, 4)         // "same", stride 2: one cell after
        implicitRuns(padAfter, 64) shouldBe false
        with(EjmlGemm(ThreadPolicy.GLOBAL), 2, ThreadPolicy.DEFAULT_THRESHOLD) { implicitRuns(g, 64) } shouldBe false
    }

    test("values and gradients match im2col + GEMM, and are the same bits on one and two threads") {
        var seed = 100L
        // batch, height, width, channels, kernel, filters, stride, dilation
        val cases = listOf(
            intArrayOf(3, 13, 13, 32, 3, 64, 1, 1),     // W4's second convolution, small batch: 3 x 121 pixels, dY packed
            intArrayOf(2, 10, 11, 1, 3, 32, 1, 1),      // one channel (W4's first): 9 patch elements, dY read in place
            intArrayOf(2, 9, 12, 16, 2, 16, 2, 1),      // stride 2, a 2x2 kernel
            intArrayOf(1, 11, 10, 16, 3, 24, 1, 2),     // dilation 2; 24 filters: a part tile
            intArrayOf(2, 9, 9, 16, 3, 32, 2, 1),       // stride 2 with 'same' would pad; 'valid' reads 4x4 windows inside
            intArrayOf(2, 8, 9, 8, 3, 18, 1, 1),        // runs of 24 patch elements: the kernel gradient's last tile overlaps; 18 filters
            intArrayOf(2, 7, 8, 3, 3, 8, 1, 1),         // 8 filters: direct convolution, for contrast
        )
        for (c in cases) {
            val x = normal(seed++, c[0], c[1], c[2], c[3])
            val k = normal(seed++, c[4], c[4], c[3], c[5])
            val b = normal(seed++, c[5])
            val s = intArrayOf(c[6], c[6])
            val d = intArrayOf(c[7], c[7])
            val what = "case ${c.toList()}"
            val reference = with(EjmlGemm(ThreadPolicy.GLOBAL), 1, ThreadPolicy.DEFAULT_THRESHOLD) { run(x, k, b, s, d) }
            val one = with(null, 1, 0) { run(x, k, b, s, d) }
            val two = with(null, 2, 0) { run(x, k, b, s, d) }         // every product split, however small
            reference.zip(one).forEachIndexed { i, (e, a) -> assertClose(e, a, 1e-4, 1e-4, "$what: ${if (i == 0) "value" else "gradient ${i - 1}"}") }
            one.zip(two).forEachIndexed { i, (e, a) -> assertBitEqual(e, a, "$what: 2 threads, ${if (i == 0) "value" else "gradient ${i - 1}"}") }
        }
    }

    test("reading patches by runs gives the same bits as value by value, and the input gradient the same as GEMM + col2im") {
        var seed = 500L
        // batch, height, width, channels, kernel, filters, stride, dilation. Runs (kernel width x channels, or the
        // channels alone when dilated) relative to the tile's width NR: W4's conv2 (96), 1.5 NR (a run's last tile
        // overlaps the one before), 2 NR and NR. With NR = 16 these are runs of 96, 24, 32 and 16.
        val nr = VectorKernel.NR
        for (c in listOf(intArrayOf(3, 13, 13, 32, 3, 64, 1, 1), intArrayOf(2, 8, 9, nr / 2, 3, 18, 1, 1),
            intArrayOf(2, 9, 12, nr, 2, 16, 2, 1), intArrayOf(1, 11, 10, nr, 3, 24, 1, 2))) {
            val x = normal(seed++, c[0], c[1], c[2], c[3]).data()
            val kt = normal(seed++, c[4], c[4], c[3], c[5])
            val g = geometry(Tensor.of(x, Shape.of(c[0], c[1], c[2], c[3])), kt, c[6], c[7])
            val k = kt.data()
            val f = c[5]
            val m = g.batch * g.outPixels()
            val gy = normal(seed++, m, f).data()
            val what = "case ${c.toList()}"
            ImplicitConv.runLength(g) shouldBeGreaterThanOrEqual ImplicitConv.MIN_RUN
            val (yRuns, yValues) = FloatArray(m * f) to FloatArray(m * f)
            ImplicitConv.forward(g, x, 0, k, 0, f, null, 0, false, yRuns, true)
            ImplicitConv.forward(g, x, 0, k, 0, f, null, 0, false, yValues, false)
            assertBitEqual(Tensor.of(yValues, Shape.of(m, f)), Tensor.of(yRuns, Shape.of(m, f)), "$what: forward")
            val (dkRuns, dkValues) = FloatArray(k.size) to FloatArray(k.size)
            ImplicitConv.kernelGradByRuns(g, x, 0, gy, 0, f, dkRuns, false)
            ImplicitConv.kernelGradByElements(g, x, 0, gy, 0, f, dkValues, false)
            assertBitEqual(Tensor.of(dkValues, kt.shape()), Tensor.of(dkRuns, kt.shape()), "$what: kernel gradient")
            val (dx, dxGemm) = FloatArray(x.size) to FloatArray(x.size)
            ImplicitConv.inputGrad(g, gy, 0, k, 0, f, dx)
            val cols = FloatArray(m * g.patchSize())
            Kernels.gemm().gemm(false, true, m, g.patchSize(), f, gy, 0, k, 0, cols, 0, false)
            Im2col.col2im(g, cols, 0, g.batch, dxGemm)
            assertBitEqual(Tensor.of(dxGemm, Shape.of(x.size)), Tensor.of(dx, Shape.of(x.size)), "$what: input gradient")
        }
    }

    test("the input gradient alone (a frozen kernel), images split between threads, matches im2col + GEMM") {
        val x = normal(250, 5, 13, 13, 32)
        val k = normal(251, 3, 3, 32, 64)
        val up = Rng(252).normal(Shape.of(5, 11, 11, 64), 0f, 1f)
        fun dx(): Tensor {
            val v = Variable("x", x)
            return Autodiff.gradients(ReduceOps.sum(Ops.multiply(ConvOps.conv2d(v.value(), k, "valid"), up)), listOf(v))[0]
        }
        val reference = with(EjmlGemm(ThreadPolicy.GLOBAL), 1, ThreadPolicy.DEFAULT_THRESHOLD) { dx() }
        val one = with(null, 1, 0) { dx() }
        val two = with(null, 2, 0) { dx() }
        assertClose(reference, one, 1e-4, 1e-4, "one thread")
        assertBitEqual(one, two, "two threads")
    }

    test("bias and relu applied block by block equal the separate ops bit for bit, on one and two threads") {
        val x = normal(200, 3, 13, 13, 32)
        x.data()[5 * 32 + 7] = Float.NaN                       // image 0, pixel (0, 5): its windows give NaN, and relu keeps it
        val k = normal(201, 3, 3, 32, 64)
        val b = normal(202, 64)
        for (threads in listOf(1, 2)) for (relu in listOf(true, false)) {
            val (fused, plain) = with(null, threads, 0) {
                val conv = ConvOps.conv2d(x, k, "valid")
                ConvOps.conv2d(x, k, b, relu, intArrayOf(1, 1), "valid", intArrayOf(1, 1)) to
                    (if (relu) NnOps.relu(Ops.add(conv, b)) else Ops.add(conv, b))
            }
            assertBitEqual(plain, fused, "threads=$threads relu=$relu")
        }
    }

    test("a kernel and input used twice: the second backward adds its gradients into the arrays the first wrote") {
        val x = Variable("x", normal(300, 2, 8, 8, 16))
        val k = Variable("k", normal(301, 3, 3, 16, 16))
        val up = Rng(9).normal(Shape.of(2, 6, 6, 16), 0f, 1f)
        fun conv() = ConvOps.conv2d(x.value(), k.value(), "valid")
        val once = Autodiff.gradients(ReduceOps.sum(Ops.multiply(conv(), up)), listOf(x, k))
        val into = arrayOf(FloatArray(x.value().size()), FloatArray(k.value().size()))
        Autodiff.gradientsInto(ReduceOps.sum(Ops.multiply(Ops.add(conv(), conv()), up)), listOf(x, k), into)
        assertClose(Ops.multiply(once[0], Tensor.scalar(2f)), Tensor.of(into[0], x.value().shape()), 1e-5, 1e-5, "input gradient, twice")
        assertClose(Ops.multiply(once[1], Tensor.scalar(2f)), Tensor.of(into[1], k.value().shape()), 1e-5, 1e-5, "kernel gradient, twice")
    }

    test("the implicit path passes a gradient check: strided, dilated, channels and filters filling a tile") {
        val x = normal(400, 2, 7, 8, 16)
        val k = normal(401, 2, 3, 16, 16)
        val b = normal(402, 16)
        GradCheck.check(x, k, b) { (a, w, c) -> ConvOps.conv2d(a, w, c, false, intArrayOf(2, 1), "valid", intArrayOf(1, 2)) }
    }
})
