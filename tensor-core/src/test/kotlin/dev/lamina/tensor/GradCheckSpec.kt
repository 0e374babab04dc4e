package dev.lamina.tensor

import dev.lamina.testing.GradCheck.check
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/**
 * Central-difference checks of every differentiable op in Ops, ReduceOps, NnOps and ConvOps. Inputs keep clear of
 * kinks: activations see |x| >= 0.1, max/min/maximum/minimum/max pools see distinct values 0.1 apart (ties cannot
 * appear under the ±0.01 probe), logs and roots see positive values.
 */
class GradCheckSpec : FunSpec({
    context("Ops: broadcasting arithmetic") {
        test("add, subtract, multiply, divide on equal shapes") {
            check(normal(1, 2, 3), normal(2, 2, 3)) { (a, b) -> Ops.add(a, b) }
            check(normal(1, 2, 3), normal(2, 2, 3)) { (a, b) -> Ops.subtract(a, b) }
            check(normal(1, 2, 3), normal(2, 2, 3)) { (a, b) -> Ops.multiply(a, b) }
            check(normal(1, 2, 3), positive(2, 2, 3)) { (a, b) -> Ops.divide(a, b) }
        }
        test("a bias row, a column, a scalar tensor and two-sided broadcasts") {
            check(normal(1, 2, 3, 4), normal(2, 4)) { (a, b) -> Ops.add(a, b) }
            check(normal(1, 2, 3, 4), normal(2, 3, 1)) { (a, b) -> Ops.subtract(a, b) }
            check(normal(1, 2, 1, 4), normal(2, 3, 1)) { (a, b) -> Ops.multiply(a, b) }
            check(normal(1, 2, 3), positive(2, 1, 3)) { (a, b) -> Ops.divide(a, b) }
            check(positive(1, 3, 1), normal(2, 2, 3, 4)) { (a, b) -> Ops.divide(b, a) }
            check(normal(1, 3, 4), Tensor.scalar(1.7f)) { (a, s) -> Ops.multiply(s, a) }
        }
        test("the scalar-float overloads") {
            check(normal(1, 2, 3)) { (a) -> Ops.add(Ops.multiply(Ops.subtract(a, 0.5f), 3f), 1f) }
            check(normal(1, 2, 3)) { (a) -> Ops.divide(a, 4f) }
        }
        test("power with a tensor exponent (broadcast) and a float exponent") {
            check(positive(1, 2, 3), normal(2, 3)) { (a, b) -> Ops.power(a, b) }
            check(positive(1, 2, 3)) { (a) -> Ops.power(a, 2.5f) }
            check(normal(1, 2, 3)) { (a) -> Ops.power(a, 3f) }
        }
        test("maximum and minimum, with broadcasting, away from ties") {
            val v = distinct(3, 4, 3)
            val (a, b) = v.slice(0, 2) to v.slice(2, 3)
            check(a, b) { (x, y) -> Ops.maximum(x, y) }
            check(a, b) { (x, y) -> Ops.minimum(x, y) }
        }
        test("comparisons record no gradient") {
            val v = Variable("v", normal(1, 2, 3))
            Ops.greater(v.value(), Tensor.scalar(0f)).requiresGrad() shouldBe false
            Ops.greaterEqual(v.value(), Tensor.scalar(0f)).requiresGrad() shouldBe false
            Ops.equal(v.value(), v.value()).requiresGrad() shouldBe false
            Ops.sign(v.value()).requiresGrad() shouldBe false
            check(awayFromZero(1, 2, 3)) { (a) -> Ops.multiply(a, Ops.greater(a, Tensor.scalar(0f))) }
        }
    }

    context("Ops: elementwise math") {
        test("negate, exp, log, sqrt, square, abs") {
            check(normal(1, 2, 3)) { (a) -> Ops.negate(a) }
            check(normal(1, 2, 3)) { (a) -> Ops.exp(a) }
            check(positive(1, 2, 3)) { (a) -> Ops.log(a) }
            check(positive(1, 2, 3)) { (a) -> Ops.sqrt(a) }
            check(normal(1, 2, 3)) { (a) -> Ops.square(a) }
            check(awayFromZero(1, 2, 3)) { (a) -> Ops.abs(a) }
        }
        test("clip passes the gradient inside the range and blocks it outside") {
            val x = Tensor.vector(-2.3f, -0.7f, 0.2f, 0.9f, 1.6f, 3.1f)
            check(x) { (a) -> Ops.clip(a, -1f, 1.2f) }
        }
        test("where, with a broadcast condition and branches") {
            val cond = Tensor.of(floatArrayOf(1f, 0f, 1f), 3)
            check(normal(1, 2, 3), normal(2, 2, 3)) { (a, b) -> Ops.where(cond, a, b) }
            check(normal(1, 2, 3), normal(2, 1)) { (a, b) -> Ops.where(cond, a, b) }
        }
    }

    context("Ops: matmul") {
        test("2-D, rank-3 by a kernel, and batched") {
            check(normal(1, 2, 3), normal(2, 3, 4)) { (a, b) -> Ops.matmul(a, b) }
            check(normal(1, 2, 3, 4), normal(2, 4, 5)) { (a, b) -> Ops.matmul(a, b) }
            check(normal(1, 2, 3, 4), normal(2, 2, 4, 5)) { (a, b) -> Ops.matmul(a, b) }
        }
        test("every transpose combination, 2-D and batched") {
            for (ta in listOf(false, true)) for (tb in listOf(false, true)) {
                val a = if (ta) normal(1, 3, 2) else normal(1, 2, 3)
                val b = if (tb) normal(2, 4, 3) else normal(2, 3, 4)
                check(a, b) { (x, y) -> Ops.matmul(x, y, ta, tb) }
                val ab = if (ta) normal(3, 2, 3, 2) else normal(3, 2, 2, 3)
                val bb = if (tb) normal(4, 2, 4, 3) else normal(4, 2, 3, 4)
                check(ab, bb) { (x, y) -> Ops.matmul(x, y, ta, tb) }
            }
        }
    }

    context("Ops: data movement") {
        test("reshape, flatten, transpose, permute") {
            check(normal(1, 2, 3, 2)) { (a) -> Ops.multiply(Ops.reshape(a, 3, -1), normal(9, 3, 4)) }
            check(normal(1, 2, 3, 2)) { (a) -> Ops.flatten(a) }
            check(normal(1, 2, 3)) { (a) -> Ops.transpose(a) }
            check(normal(1, 2, 3, 4)) { (a) -> Ops.permute(a, 2, 0, 1) }
            check(normal(1, 2, 3, 4)) { (a) -> Ops.permute(a, 0, -1, 1) }
        }
        test("slice and gather (a repeated index accumulates)") {
            check(normal(1, 4, 3)) { (a) -> Ops.slice(a, 1, 3) }
            check(normal(1, 4, 3)) { (a) -> a.slice(0, 1) }
            check(normal(1, 4, 3)) { (a) -> Ops.gather(a, intArrayOf(2, 0, 2, 3)) }
        }
        test("concatenate along first, middle and last axes") {
            check(normal(1, 2, 3), normal(2, 1, 3)) { (a, b) -> Ops.concatenate(listOf(a, b), 0) }
            check(normal(1, 2, 1, 3), normal(2, 2, 2, 3)) { (a, b) -> Ops.concatenate(listOf(a, b), 1) }
            check(normal(1, 2, 3), normal(2, 2, 1), normal(3, 2, 2)) { (a, b, c) -> Ops.concatenate(listOf(a, b, c), -1) }
        }
        test("split, each piece used differently") {
            check(normal(1, 2, 5)) { (a) ->
                val (p, q, r) = Ops.split(a, intArrayOf(1, 3, 1), 1)
                Ops.concatenate(listOf(Ops.multiply(r, 2f), p, Ops.square(q)), 1)
            }
            check(normal(1, 3, 2)) { (a) -> Ops.split(a, intArrayOf(2, 1), 0).let { (p, q) -> Ops.multiply(p, q) } }
        }
        test("stack along a new first, middle and last axis") {
            for (axis in listOf(0, 1, -1)) {
                check(normal(1, 2, 3), normal(2, 2, 3)) { (a, b) -> Ops.stack(listOf(a, b), axis) }
            }
        }
        test("broadcastTo and sumTo") {
            check(normal(1, 3, 1)) { (a) -> Ops.broadcastTo(a, Shape.of(2, 3, 4)) }
            check(normal(1, 2, 3, 4)) { (a) -> Ops.sumTo(a, Shape.of(3, 1)) }
            check(normal(1, 2, 3, 4)) { (a) -> ReduceOps.sumTo(a, Shape.of(4)) }
        }
    }

    context("ReduceOps") {
        test("sum and mean over everything, one axis and several, with and without keepDims") {
            check(normal(1, 2, 3, 4)) { (a) -> ReduceOps.sum(a) }
            check(normal(1, 2, 3, 4)) { (a) -> ReduceOps.mean(a) }
            for (keep in listOf(false, true)) {
                check(normal(1, 2, 3, 4)) { (a) -> ReduceOps.sum(a, keep, 1) }
                check(normal(1, 2, 3, 4)) { (a) -> ReduceOps.sum(a, keep, 0, 2) }
                check(normal(1, 2, 3, 4)) { (a) -> ReduceOps.mean(a, keep, -1) }
                check(normal(1, 2, 3, 4)) { (a) -> ReduceOps.mean(a, keep, 0, 1) }
            }
        }
        test("max and min over axes with keepDims, away from ties") {
            for (keep in listOf(false, true)) {
                check(distinct(1, 2, 3, 4)) { (a) -> ReduceOps.max(a, keep, 1) }
                check(distinct(2, 2, 3, 4)) { (a) -> ReduceOps.max(a, keep, 0, 2) }
                check(distinct(3, 2, 3, 4)) { (a) -> ReduceOps.min(a, keep, -1) }
                check(distinct(4, 2, 3, 4)) { (a) -> ReduceOps.min(a, keep) }
            }
        }
        test("a tie shares the max gradient equally") {
            val v = Variable("v", Tensor.vector(1f, 3f, 3f, 2f))
            val g = Autodiff.gradients(ReduceOps.max(v.value(), false), listOf(v))[0]
            g.toFloatArray().toList() shouldBe listOf(0f, 0.5f, 0.5f, 0f)
        }
        test("variance over axes with keepDims") {
            for (keep in listOf(false, true)) {
                check(normal(1, 2, 3, 4)) { (a) -> ReduceOps.variance(a, keep, 1) }
                check(normal(1, 2, 3, 4)) { (a) -> ReduceOps.variance(a, keep, 0, -1) }
            }
            check(normal(1, 3, 4)) { (a) -> ReduceOps.variance(a, false) }
        }
        test("argmax and argmin record no gradient") {
            val v = Variable("v", distinct(1, 2, 3))
            ReduceOps.argmax(v.value(), 1).requiresGrad() shouldBe false
            ReduceOps.argmin(v.value(), 0).requiresGrad() shouldBe false
        }
    }

    context("NnOps") {
        test("relu, leakyRelu, elu, selu, gelu (exact and tanh)") {
            check(awayFromZero(1, 3, 4)) { (a) -> NnOps.relu(a) }
            check(awayFromZero(1, 3, 4)) { (a) -> NnOps.leakyRelu(a, 0.2f) }
            check(awayFromZero(1, 3, 4)) { (a) -> NnOps.elu(a, 1f) }
            check(awayFromZero(1, 3, 4)) { (a) -> NnOps.elu(a, 0.5f) }
            check(awayFromZero(1, 3, 4)) { (a) -> NnOps.selu(a) }
            check(normal(1, 3, 4, scale = 2f)) { (a) -> NnOps.gelu(a, false) }
            check(normal(1, 3, 4, scale = 2f)) { (a) -> NnOps.gelu(a, true) }
        }
        test("sigmoid, hardSigmoid (inside and outside its ramp), tanh, softplus, softsign, swish") {
            check(normal(1, 3, 4, scale = 2f)) { (a) -> NnOps.sigmoid(a) }
            check(Tensor.vector(-4.1f, -2.2f, -0.4f, 0.3f, 2.5f, 5f)) { (a) -> NnOps.hardSigmoid(a) }
            check(normal(1, 3, 4)) { (a) -> NnOps.tanh(a) }
            check(normal(1, 3, 4, scale = 3f)) { (a) -> NnOps.softplus(a) }
            check(awayFromZero(1, 3, 4)) { (a) -> NnOps.softsign(a) }
            check(normal(1, 3, 4, scale = 2f)) { (a) -> NnOps.swish(a) }
        }
        test("softmax and logSoftmax over the last and a leading axis") {
            check(normal(1, 2, 3, 4)) { (a) -> NnOps.softmax(a, -1) }
            check(normal(1, 2, 3, 4)) { (a) -> NnOps.softmax(a, 1) }
            check(normal(1, 2, 3, 4)) { (a) -> NnOps.logSoftmax(a, -1) }
            check(normal(1, 2, 3, 4)) { (a) -> NnOps.logSoftmax(a, 0) }
        }
        test("softmaxCrossEntropyWithLogits for the logits and for soft labels") {
            val labels = NnOps.softmax(normal(5, 3, 4), -1)
            check(normal(1, 3, 4, scale = 2f), labels) { (logits, y) -> NnOps.softmaxCrossEntropyWithLogits(logits, y) }
            check(normal(1, 2, 3, 4), normal(2, 2, 3, 4)) { (logits, y) -> NnOps.softmaxCrossEntropyWithLogits(logits, y) }
        }
        test("sparseSoftmaxCrossEntropyWithLogits") {
            val labels = Tensor.vector(2f, 0f, 3f)
            check(normal(1, 3, 4, scale = 2f)) { (z) -> NnOps.sparseSoftmaxCrossEntropyWithLogits(z, labels) }
        }
        test("dropout, with the same mask on every evaluation") {
            check(normal(1, 4, 5)) { (a) -> NnOps.dropout(a, 0.4f, Rng(11)) }
        }
    }

    context("ConvOps: conv1d") {
        val x = normal(1, 2, 8, 3)
        val k3 = normal(2, 3, 3, 2, scale = 0.5f)
        for (padding in listOf("valid", "same", "causal")) {
            for (stride in listOf(1, 2)) {
                test("kernel 3, padding $padding, stride $stride") {
                    check(x, k3) { (a, k) -> ConvOps.conv1d(a, k, stride, padding, 1) }
                }
            }
            test("kernel 3, padding $padding, dilation 2") {
                check(x, k3) { (a, k) -> ConvOps.conv1d(a, k, 1, padding, 2) }
            }
        }
        test("even kernel 2 with same padding, stride 3 with dilation 2, and a pointwise kernel") {
            check(x, normal(3, 2, 3, 2)) { (a, k) -> ConvOps.conv1d(a, k, 1, "same", 1) }
            check(x, k3) { (a, k) -> ConvOps.conv1d(a, k, 3, "same", 2) }
            check(x, normal(4, 1, 3, 2)) { (a, k) -> ConvOps.conv1d(a, k) }
        }
    }

    context("ConvOps: conv2d") {
        val x = normal(1, 2, 6, 5, 2)
        val k3 = normal(2, 3, 3, 2, 3, scale = 0.5f)
        for (padding in listOf("valid", "same")) {
            for (strides in listOf(intArrayOf(1, 1), intArrayOf(2, 2), intArrayOf(2, 1))) {
                test("3x3 kernel, padding $padding, strides ${strides.toList()}") {
                    check(x, k3) { (a, k) -> ConvOps.conv2d(a, k, strides, padding, intArrayOf(1, 1)) }
                }
            }
            test("3x3 kernel, padding $padding, dilation (2, 2) and (2, 1)") {
                check(x, k3) { (a, k) -> ConvOps.conv2d(a, k, intArrayOf(1, 1), padding, intArrayOf(2, 2)) }
                check(x, k3) { (a, k) -> ConvOps.conv2d(a, k, intArrayOf(1, 1), padding, intArrayOf(2, 1)) }
            }
        }
        test("a 2x3 kernel with same padding, strides with dilation, and a pointwise 1x1 kernel") {
            check(x, normal(3, 2, 3, 2, 3)) { (a, k) -> ConvOps.conv2d(a, k, "same") }
            check(x, k3) { (a, k) -> ConvOps.conv2d(a, k, intArrayOf(2, 2), "same", intArrayOf(2, 2)) }
            check(x, normal(4, 1, 1, 2, 3)) { (a, k) -> ConvOps.conv2d(a, k, "valid") }
            check(x, normal(4, 1, 1, 2, 3)) { (a, k) -> ConvOps.conv2d(a, k, intArrayOf(2, 2), "valid", intArrayOf(1, 1)) }
        }
    }

    context("ConvOps: pooling") {
        val x1 = distinct(1, 2, 7, 3)
        val x2 = distinct(2, 2, 5, 5, 2)
        for (padding in listOf("valid", "same")) {
            test("maxPool1d and avgPool1d, $padding, pool 2 and overlapping pool 3 stride 1") {
                check(x1) { (a) -> PoolOps.maxPool1d(a, 2, 2, padding) }
                check(x1) { (a) -> PoolOps.maxPool1d(a, 3, 1, padding) }
                check(x1) { (a) -> PoolOps.avgPool1d(a, 2, 2, padding) }
                check(x1) { (a) -> PoolOps.avgPool1d(a, 3, 1, padding) }
            }
            test("maxPool2d and avgPool2d, $padding, 2x2, overlapping 3x3 stride 1, 2x3 with strides (1, 2)") {
                for (pool in listOf(intArrayOf(2, 2), intArrayOf(3, 3), intArrayOf(2, 3))) {
                    val strides = when (pool[0]) { 2 -> if (pool[1] == 2) null else intArrayOf(1, 2); else -> intArrayOf(1, 1) }
                    check(x2) { (a) -> PoolOps.maxPool2d(a, pool, strides, padding) }
                    check(x2) { (a) -> PoolOps.avgPool2d(a, pool, strides, padding) }
                }
            }
        }
        test("the default-stride overloads") {
            check(x1) { (a) -> PoolOps.maxPool1d(a, 3) }
            check(x1) { (a) -> PoolOps.avgPool1d(a, 3) }
            check(x2) { (a) -> PoolOps.maxPool2d(a, intArrayOf(2, 2)) }
            check(x2) { (a) -> PoolOps.avgPool2d(a, intArrayOf(2, 2)) }
        }
        test("global max and average pooling, 1-D and 2-D, with and without keepDims") {
            for (keep in listOf(false, true)) {
                check(x1) { (a) -> PoolOps.globalMaxPool1d(a, keep) }
                check(x1) { (a) -> PoolOps.globalAvgPool1d(a, keep) }
                check(x2) { (a) -> PoolOps.globalMaxPool2d(a, keep) }
                check(x2) { (a) -> PoolOps.globalAvgPool2d(a, keep) }
            }
            check(x1) { (a) -> PoolOps.globalMaxPool1d(a) }
            check(x2) { (a) -> PoolOps.globalAvgPool2d(a) }
        }
    }
}) {
    companion object {
        fun normal(seed: Long, vararg shape: Int, scale: Float = 1f): Tensor = Rng(seed).normal(Shape.of(*shape), 0f, scale)
        fun positive(seed: Long, vararg shape: Int): Tensor = Rng(seed).uniform(Shape.of(*shape), 0.5f, 2f)

        /** Normal values moved at least 0.1 away from 0, the kink of relu-like ops. */
        fun awayFromZero(seed: Long, vararg shape: Int): Tensor {
            val t = normal(seed, *shape)
            val d = FloatArray(t.size()) { val v = t.get(it); if (Math.abs(v) < 0.1f) (if (v < 0) v - 0.1f else v + 0.1f) else v }
            return Tensor.of(d, t.shape())
        }

        /** A shuffled grid of distinct values 0.1 apart, centred on 0: no ties for max-like ops. */
        fun distinct(seed: Long, vararg shape: Int): Tensor {
            val s = Shape.of(*shape)
            val perm = Rng(seed).permutation(s.size())
            return Tensor.of(FloatArray(s.size()) { (perm[it] - s.size() / 2) * 0.1f }, s)
        }
    }
}
