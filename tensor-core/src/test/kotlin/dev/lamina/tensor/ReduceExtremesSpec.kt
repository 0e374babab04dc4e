package dev.lamina.tensor

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlin.random.Random

/**
 * Max and min over a middle axis and their gradient (the reductions' fast paths for a few channels, on the kernels'
 * vector loops) against the scalar rules, bit for bit. Moved here from the kernels' LoopsSpec with [Reduce], which
 * now lives in this package.
 */
class ReduceExtremesSpec : FunSpec({
    test("max and min over the middle axis, and their gradient, match the scalar rules for every small channel count") {
        val r = Random(17)
        for (inner in 1..9) for (mid in listOf(1, 7, 40)) for (outer in listOf(1, 3)) {
            val n = outer * mid * inner
            // Values on a coarse grid (ties), some NaN.
            val x = FloatArray(n + 2) { if (r.nextInt(40) == 0) Float.NaN else r.nextInt(7) - 3f }
            for (op in listOf(Reduce.MAX, Reduce.MIN)) {
                val out = FloatArray(outer * inner)
                val reduce = BooleanArray(3).also { it[1] = true }
                Reduce.reduce(op, x, 2, dev.lamina.tensor.Shape.of(outer, mid, inner), reduce, out)
                for (o in 0 until outer) for (j in 0 until inner) {
                    var acc = if (op == Reduce.MAX) Float.NEGATIVE_INFINITY else Float.POSITIVE_INFINITY
                    for (m in 0 until mid) {
                        val v = x[2 + (o * mid + m) * inner + j]
                        if (acc.isNaN()) continue
                        if ((if (op == Reduce.MAX) v > acc else v < acc) || v.isNaN()) acc = v
                    }
                    java.lang.Float.floatToIntBits(out[o * inner + j]) shouldBe java.lang.Float.floatToIntBits(acc)
                }
                val g = FloatArray(outer * inner + 1) { r.nextFloat() * 2 - 1 }
                val dx = FloatArray(n)
                Reduce.extremeGrad(x, 2, outer, mid, inner, out, g, 1, dx)
                for (o in 0 until outer) for (j in 0 until inner) {
                    val yv = out[o * inner + j]
                    val count = (0 until mid).count { x[2 + (o * mid + it) * inner + j] == yv }.toFloat()
                    for (m in 0 until mid) {
                        val mask = if (x[2 + (o * mid + m) * inner + j] == yv) 1f else 0f
                        java.lang.Float.floatToIntBits(dx[(o * mid + m) * inner + j]) shouldBe
                            java.lang.Float.floatToIntBits(mask * g[1 + o * inner + j] / count)
                    }
                }
            }
        }
    }
})
