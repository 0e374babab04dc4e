package dev.lamina.tensor

import io.kotest.assertions.fail
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/**
 * NaN and infinities through every activation and op, as TensorFlow (Keras' backend) maps them: NaN in gives NaN
 * out, relu(+inf) = +inf, sigmoid(-inf) = 0, a softmax row holding +inf is NaN, a pooling window holding NaN is NaN.
 * Gradients at a NaN input are NaN, except where TensorFlow's gradient kernel selects on a comparison (relu, leaky
 * relu, elu, selu, clip-based hard sigmoid, maximum/minimum), which this spec pins too. The kernels' scalar forms
 * are checked against the same table in LoopsSpec; here the ops run on the form in use (the Vector API one).
 */
class NonFiniteSpec : FunSpec({
    val nan = Float.NaN
    val inf = Float.POSITIVE_INFINITY

    /** NaN only for NaN, infinities exactly, finite values to float rounding. */
    fun expectValue(actual: Float, expected: Float, what: String) {
        val ok = if (expected.isNaN()) actual.isNaN() else if (expected.isInfinite()) actual == expected
        else Math.abs(actual - expected) <= 1e-6f * (1 + Math.abs(expected))
        if (!ok) fail("$what: expected $expected, received $actual")
    }

    fun expectValues(actual: Tensor, expected: List<Float>, what: String) {
        actual.size() shouldBe expected.size
        expected.forEachIndexed { i, e -> expectValue(actual.get(i), e, "$what at $i") }
    }

    /** Value and gradient of sum(fn(x)) of each element of x. */
    fun valueAndGrad(x: Tensor, fn: (Tensor) -> Tensor): Pair<Tensor, Tensor> {
        val v = Variable("x", x)
        val y = fn(v.value())
        return y.detach() to Autodiff.gradients(ReduceOps.sum(y), listOf(v))[0]
    }

    // Each activation on NaN, +inf, -inf: TensorFlow's value for each, and its gradient at NaN.
    val seluMin = -1.6732632423543772f * 1.0507009873554805f
    val activations = listOf(
        Triple("relu", { x: Tensor -> NnOps.relu(x) }, listOf(nan, inf, 0f, 0f)),
        Triple("leaky_relu", { x: Tensor -> NnOps.leakyRelu(x, 0.2f) }, listOf(nan, inf, -inf, 0.2f)),
        Triple("elu", { x: Tensor -> NnOps.elu(x, 1f) }, listOf(nan, inf, -1f, 1f)),
        Triple("selu", { x: Tensor -> NnOps.selu(x) }, listOf(nan, inf, seluMin, 1.0507009873554805f)),
        Triple("gelu", { x: Tensor -> NnOps.gelu(x, false) }, listOf(nan, inf, nan, nan)),      // -inf * (1 + erf(-inf)) = -inf * 0
        Triple("gelu approximate", { x: Tensor -> NnOps.gelu(x, true) }, listOf(nan, inf, nan, nan)),
        Triple("sigmoid", { x: Tensor -> NnOps.sigmoid(x) }, listOf(nan, 1f, 0f, nan)),
        Triple("hard_sigmoid", { x: Tensor -> NnOps.hardSigmoid(x) }, listOf(nan, 1f, 0f, 0f)),
        Triple("tanh", { x: Tensor -> NnOps.tanh(x) }, listOf(nan, 1f, -1f, nan)),
        Triple("softplus", { x: Tensor -> NnOps.softplus(x) }, listOf(nan, inf, 0f, nan)),
        Triple("softsign", { x: Tensor -> NnOps.softsign(x) }, listOf(nan, nan, nan, nan)),    // inf / (1 + inf), as TF
        Triple("swish", { x: Tensor -> NnOps.swish(x) }, listOf(nan, inf, nan, nan)),          // -inf * sigmoid(-inf) = -inf * 0
    )

    test("every activation maps NaN, +inf and -inf as TensorFlow, in vector bodies and tails, and its gradient at NaN") {
        val pattern = floatArrayOf(nan, inf, -inf, 0.5f, -0.5f)
        for ((name, fn, table) in activations) for (n in listOf(5, 37, 2053)) {
            val x = Tensor.of(FloatArray(n) { pattern[it % 5] }, n)
            val (y, g) = valueAndGrad(x, fn)
            withClue("$name n=$n") {
                for (i in 0 until n) {
                    when (i % 5) {
                        0, 1, 2 -> expectValue(y.get(i), table[i % 5], "value at $i")
                        else -> y.get(i).isFinite() shouldBe true
                    }
                    if (i % 5 == 0) expectValue(g.get(i), table[3], "gradient at NaN $i")
                    if (i % 5 >= 3) g.get(i).isFinite() shouldBe true
                }
            }
        }
    }

    test("relu's gradient passes +inf's upstream and masks -inf's, as TensorFlow's ReluGrad") {
        val (_, g) = valueAndGrad(Tensor.vector(inf, -inf, 2f)) { NnOps.relu(it) }
        expectValues(g, listOf(1f, 0f, 1f), "relu'")
    }

    test("Unary.RELU keeps NaN and +inf and gives +0 for -inf and -0 (the table the kernel loops are held to in LoopsSpec)") {
        val cases = listOf(Float.NaN to Float.NaN, Float.POSITIVE_INFINITY to Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY to 0f, -0f to 0f, 0f to 0f, 1.5f to 1.5f, -2f to 0f, 1e-40f to 1e-40f)
        val x = FloatArray(cases.size) { cases[it].first }
        val out = FloatArray(cases.size)
        Unary.apply(Unary.RELU, x, 0, x.size, out)
        out.map { java.lang.Float.floatToIntBits(it) } shouldBe cases.map { java.lang.Float.floatToIntBits(it.second) }
    }

    test("erf and erfc reach their limits at the infinities and give NaN for NaN, so gelu(+inf) is +inf") {
        Unary.erf(Double.POSITIVE_INFINITY) shouldBe 1.0
        Unary.erf(Double.NEGATIVE_INFINITY) shouldBe -1.0
        Unary.erfc(Double.POSITIVE_INFINITY) shouldBe 0.0
        Unary.erfc(Double.NEGATIVE_INFINITY) shouldBe 2.0
        Unary.erf(Double.NaN).isNaN() shouldBe true
        Unary.erfc(Double.NaN).isNaN() shouldBe true
    }

    test("softmax and log-softmax: a row with NaN or +inf is NaN, -inf gets probability 0, an all -inf row is NaN") {
        val x = Tensor.of(floatArrayOf(1f, nan, 2f, 1f, inf, 2f, 1f, -inf, 2f, -inf, -inf, -inf), 4, 3)
        val p1 = (1 / (1 + Math.E)).toFloat()
        val p2 = (Math.E / (1 + Math.E)).toFloat()
        expectValues(NnOps.softmax(x, -1), listOf(nan, nan, nan, nan, nan, nan, p1, 0f, p2, nan, nan, nan), "softmax")
        expectValues(NnOps.logSoftmax(x, -1), listOf(nan, nan, nan, nan, nan, nan, Math.log(p1.toDouble()).toFloat(), -inf,
            Math.log(p2.toDouble()).toFloat(), nan, nan, nan), "logSoftmax")
        val (_, g) = valueAndGrad(x) { NnOps.softmax(it, -1) }
        for (i in 0 until 6) g.get(i).isNaN() shouldBe true
    }

    test("maximum and minimum give NaN where either side is NaN, and the gradient goes to b there (TensorFlow's select)") {
        val a = Variable("a", Tensor.vector(nan, 1f, 3f, inf))
        val b = Variable("b", Tensor.vector(2f, nan, 1f, 5f))
        for ((name, op) in listOf("maximum" to { p: Tensor, q: Tensor -> Ops.maximum(p, q) }, "minimum" to { p: Tensor, q: Tensor -> Ops.minimum(p, q) })) {
            val y = op(a.value(), b.value())
            val (ga, gb) = Autodiff.gradients(ReduceOps.sum(y), listOf(a, b))
            withClue(name) {
                expectValues(y, if (name == "maximum") listOf(nan, nan, 3f, inf) else listOf(nan, nan, 1f, 5f), "value")
                expectValues(ga, if (name == "maximum") listOf(0f, 0f, 1f, 1f) else listOf(0f, 0f, 0f, 0f), "gradient of a")
                expectValues(gb, if (name == "maximum") listOf(1f, 1f, 0f, 0f) else listOf(1f, 1f, 1f, 1f), "gradient of b")
            }
        }
    }

    test("clip, abs, sign, square, sqrt and exp keep NaN; clip maps the infinities to its bounds and blocks NaN's gradient") {
        val x = Tensor.vector(nan, inf, -inf)
        val (c, g) = valueAndGrad(x) { Ops.clip(it, -1f, 2f) }
        expectValues(c, listOf(nan, 2f, -1f), "clip")
        expectValues(g, listOf(0f, 0f, 0f), "clip'")
        expectValues(Ops.abs(x), listOf(nan, inf, inf), "abs")
        expectValues(Ops.sign(x), listOf(nan, 1f, -1f), "sign")
        expectValues(Ops.square(x), listOf(nan, inf, inf), "square")
        expectValues(Ops.sqrt(x), listOf(nan, inf, nan), "sqrt")
        expectValues(Ops.exp(x), listOf(nan, inf, 0f), "exp")
    }

    test("arithmetic, matmul, log, power, variance and concatenate: NaN reaches exactly the outputs that read it, and the gradients") {
        val a = Variable("a", Tensor.of(floatArrayOf(1f, nan, 2f, 3f, 4f, 5f), 2, 3))
        val b = Variable("b", Tensor.of(floatArrayOf(0.5f, 1f, 1.5f, 2f, 2.5f, 3f), 3, 2))
        val rowNaN = listOf(nan, nan, 1f, 1f)                  // row 0 reads the NaN, row 1 does not
        fun nanPattern(t: Tensor) = (0 until t.size()).map { t.get(it).isNaN() }
        val mm = Ops.matmul(a.value(), b.value())
        nanPattern(mm) shouldBe rowNaN.map { it.isNaN() }
        val (ga, gb) = Autodiff.gradients(ReduceOps.sum(mm), listOf(a, b))
        nanPattern(ga) shouldBe List(6) { false }              // dA = g . B^T: no NaN read
        nanPattern(gb) shouldBe listOf(false, false, true, true, false, false)   // dB = A^T . g: row 1 of B^T reads a[0, 1]
        for ((name, y) in listOf("add" to Ops.add(a.value(), 1f), "divide" to Ops.divide(Tensor.scalar(1f), a.value()),
                "log" to Ops.log(a.value()), "power" to Ops.power(a.value(), 2f), "concatenate" to Ops.concatenate(listOf(a.value(), a.value()), 0))) {
            withClue(name) { (0 until y.size()).filter { y.get(it).isNaN() } shouldBe (if (name == "concatenate") listOf(1, 7) else listOf(1)) }
        }
        val v = ReduceOps.variance(a.value(), false, 1)
        v.get(0).isNaN() shouldBe true
        v.get(1).isNaN() shouldBe false
        expectValues(Ops.divide(Tensor.vector(1f, -1f, 0f), Tensor.vector(0f, 0f, 0f)), listOf(inf, -inf, nan), "1/0, -1/0, 0/0")
    }

    test("max, min, sum and mean of a row with NaN are NaN; argmax and argmin point at the first NaN (NumPy's rule)") {
        val x = Tensor.of(floatArrayOf(1f, nan, 3f, nan, 1f, inf, 3f, -2f, -inf, -inf, -inf, -inf, nan, 0f, -1f, 5f), 4, 4)
        expectValues(ReduceOps.max(x, false, 1), listOf(nan, inf, -inf, nan), "max")
        expectValues(ReduceOps.min(x, false, 1), listOf(nan, -2f, -inf, nan), "min")
        expectValues(ReduceOps.sum(x, false, 1), listOf(nan, inf, -inf, nan), "sum")
        expectValues(ReduceOps.mean(x, false, 1), listOf(nan, inf, -inf, nan), "mean")
        expectValues(ReduceOps.argmax(x, 1), listOf(1f, 1f, 0f, 0f), "argmax")
        expectValues(ReduceOps.argmin(x, 1), listOf(1f, 3f, 0f, 0f), "argmin")
        expectValues(ReduceOps.argmax(x, 0), listOf(3f, 0f, 0f, 0f), "argmax over the first axis")
    }

    test("max and min over a middle axis keep NaN on each path (few channels in vectors, few one by one, many)") {
        for (inner in listOf(4, 5, 20)) {        // 4 divides 3 vector widths; 5 does not; 20 takes the row-wise loop
            val x = FloatArray(2 * 50 * inner) { ((it * 7919) % 13 - 6).toFloat() }
            x[(0 * 50 + 17) * inner + 2] = nan
            x[(1 * 50 + 30) * inner + 1] = inf
            x[(1 * 50 + 31) * inner + 3] = -inf
            val t = Tensor.of(x, 2, 50, inner)
            val max = ReduceOps.max(t, false, 1)
            val min = ReduceOps.min(t, false, 1)
            withClue("inner=$inner") {
                max.get(2).isNaN() shouldBe true
                min.get(2).isNaN() shouldBe true
                max.get(inner + 1) shouldBe inf
                min.get(inner + 3) shouldBe -inf
                for (i in 0 until 2 * inner) if (i != 2) max.get(i).isNaN() shouldBe false
            }
        }
    }

    test("max pooling: a window holding NaN is NaN, +inf wins, an all -inf window is -inf, on the vector and scalar paths") {
        for (c in listOf(64, 3)) {                // a multiple of the vector width (vector path), and not
            val x = FloatArray(4 * 4 * c) { ((it * 31) % 7 - 3).toFloat() }
            fun at(y: Int, xx: Int, ch: Int) = (y * 4 + xx) * c + ch
            x[at(1, 1, 2)] = nan                   // window (0, 0)
            x[at(2, 3, 0)] = inf                   // window (1, 1)
            for (y in 2..3) for (xx in 0..1) x[at(y, xx, 1)] = -inf     // window (1, 0), channel 1
            val t = Tensor.of(x, 1, 4, 4, c)
            val out = PoolOps.maxPool2d(t, intArrayOf(2, 2))
            withClue("channels=$c") {
                out.get(2).isNaN() shouldBe true
                out.get(3 * c) shouldBe inf
                out.get(2 * c + 1) shouldBe -inf
                for (i in 0 until out.size()) if (i != 2) out.get(i).isNaN() shouldBe false
                val v = Variable("x", t)
                val g = Autodiff.gradients(ReduceOps.sum(PoolOps.maxPool2d(v.value(), intArrayOf(2, 2))), listOf(v))[0]
                g.get(at(1, 1, 2)) shouldBe 1f      // the NaN cell is the window's maximum
                g.get(at(2, 3, 0)) shouldBe 1f
            }
            val avg = PoolOps.avgPool2d(t, intArrayOf(2, 2))
            avg.get(2).isNaN() shouldBe true
            avg.get(3 * c) shouldBe inf
            avg.get(2 * c + 1) shouldBe -inf
            PoolOps.globalMaxPool2d(t).get(2).isNaN() shouldBe true
        }
    }

    test("dense and dense + relu: a NaN in a row makes that row NaN and leaves the others finite") {
        val x = Rng(1).normal(Shape.of(5, 8), 0f, 1f)
        x.data()[2 * 8 + 3] = nan
        val k = Rng(2).normal(Shape.of(8, 6), 0f, 1f)
        val b = Rng(3).normal(Shape.of(6), 0f, 1f)
        for (relu in listOf(true, false)) {
            val y = NnOps.dense(x, k, b, relu)
            for (r in 0 until 5) for (j in 0 until 6) withClue("relu=$relu row $r") { y.get(r, j).isNaN() shouldBe (r == 2) }
            val z = NnOps.relu(Ops.add(Ops.matmul(x, k), b))
            for (j in 0 until 6) z.get(2, j).isNaN() shouldBe true
        }
    }

    test("conv + bias + relu keeps a NaN window NaN on each path (direct, implicit GEMM, im2col + GEMM)") {
        // The paths as ConvOps picks them: fewer than 16 filters go direct; 32 filters with valid windows go implicit;
        // "same" padding with 32 filters is im2col + GEMM.
        for ((filters, padding) in listOf(4 to "valid", 32 to "valid", 32 to "same")) {
            val x = Rng(4).normal(Shape.of(2, 7, 7, 3), 0f, 1f)
            x.data()[(3 * 7 + 3) * 3 + 1] = nan                   // image 0, pixel (3, 3): every 3x3 window holding it
            val k = Rng(5).normal(Shape.of(3, 3, 3, filters), 0f, 1f)
            val b = Rng(6).normal(Shape.of(filters), 0f, 1f)
            val y = ConvOps.conv2d(x, k, b, true, intArrayOf(1, 1), padding, intArrayOf(1, 1))
            val side = if (padding == "valid") 5 else 7
            val shift = if (padding == "valid") 1 else 0          // output (oy, ox) reads input rows oy - 1 + shift ..
            withClue("filters=$filters $padding") {
                for (n in 0 until 2) for (oy in 0 until side) for (ox in 0 until side) for (f in 0 until filters) {
                    val holds = n == 0 && Math.abs(oy + shift - 3) <= 1 && Math.abs(ox + shift - 3) <= 1
                    y.get(n, oy, ox, f).isNaN() shouldBe holds
                }
            }
        }
    }
})
