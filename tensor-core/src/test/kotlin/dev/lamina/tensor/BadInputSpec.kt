package dev.lamina.tensor

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

/**
 * Every op given shapes it cannot combine throws an IllegalArgumentException (ShapeMismatchException where two
 * shapes clash) whose message names the op and the shapes involved, and leaves its inputs untouched. Inputs are
 * variables, so the recording path runs too.
 */
class BadInputSpec : FunSpec({
    fun t(vararg shape: Int): Tensor = Variable("v", Rng(shape.sum().toLong()).normal(Shape.of(*shape), 0f, 1f)).value()

    /** Runs [op], expects the error, checks its message mentions [name] and every shape of [mention], and that [inputs] did not change. */
    fun rejects(name: String, inputs: List<Tensor>, mention: List<Shape> = inputs.map { it.shape() }, op: (List<Tensor>) -> Any?) {
        val before = inputs.map { it.copy() }
        val e = shouldThrow<IllegalArgumentException> { op(inputs) }
        val message = e.message ?: ""
        withClue("message: $message") {
            message shouldContain name
            for (s in mention) message shouldContain s.toString()
        }
        for ((i, x) in inputs.withIndex()) {
            x.shape() shouldBe before[i].shape()
            x.valueEquals(before[i]) shouldBe true
        }
    }

    context("Ops") {
        test("broadcasting arithmetic and comparisons") {
            val ab = listOf(t(2, 3), t(4))
            rejects("add", ab) { (a, b) -> Ops.add(a, b) }
            rejects("subtract", ab) { (a, b) -> Ops.subtract(a, b) }
            rejects("multiply", ab) { (a, b) -> Ops.multiply(a, b) }
            rejects("divide", ab) { (a, b) -> Ops.divide(a, b) }
            rejects("power", ab) { (a, b) -> Ops.power(a, b) }
            rejects("maximum", ab) { (a, b) -> Ops.maximum(a, b) }
            rejects("minimum", ab) { (a, b) -> Ops.minimum(a, b) }
            rejects("greater", ab) { (a, b) -> Ops.greater(a, b) }
            rejects("greaterEqual", ab) { (a, b) -> Ops.greaterEqual(a, b) }
            rejects("equal", ab) { (a, b) -> Ops.equal(a, b) }
            rejects("add", listOf(t(2, 1, 4), t(3, 2))) { (a, b) -> Ops.add(a, b) }
        }
        test("where") {
            rejects("where", listOf(t(2, 3), t(4), t(2, 3)), listOf(Shape.of(2, 3), Shape.of(4))) { (c, a, b) -> Ops.where(c, a, b) }
            rejects("where", listOf(t(2, 3), t(2, 3), t(5))) { (c, a, b) -> Ops.where(c, a, b) }
        }
        test("matmul: inner dimensions, ranks, batch dimensions") {
            rejects("matmul", listOf(t(2, 3), t(4, 5))) { (a, b) -> Ops.matmul(a, b) }
            rejects("matmul", listOf(t(3), t(3, 4))) { (a, b) -> Ops.matmul(a, b) }
            rejects("matmul", listOf(t(2, 3, 4), t(3, 4, 5))) { (a, b) -> Ops.matmul(a, b) }
            rejects("matmul", listOf(t(2, 3), t(2, 4))) { (a, b) -> Ops.matmul(a, b, false, true) }
        }
        test("reshape and flatten") {
            rejects("reshape", listOf(t(2, 3))) { (a) -> Ops.reshape(a, 4, 2) }
            rejects("reshape", listOf(t(2, 3))) { (a) -> Ops.reshape(a, 4, -1) }
            rejects("reshape", listOf(t(2, 3))) { (a) -> Ops.reshape(a, -1, -1) }
            rejects("reshape", listOf(t(2, 3))) { (a) -> Ops.reshape(a, -2, -3) }
            rejects("flatten", listOf(Variable("s", Tensor.scalar(1f)).value())) { (a) -> Ops.flatten(a) }
        }
        test("slice and gather") {
            rejects("slice", listOf(t(4, 3))) { (a) -> Ops.slice(a, 2, 6) }
            rejects("slice", listOf(t(4, 3))) { (a) -> Ops.slice(a, 3, 1) }
            rejects("gather", listOf(t(3, 2))) { (a) -> Ops.gather(a, intArrayOf(0, 5)) }
            rejects("gather", listOf(t(3, 2))) { (a) -> Ops.gather(a, intArrayOf(-1)) }
        }
        test("transpose and permute") {
            rejects("transpose", listOf(t(2, 3, 4))) { (a) -> Ops.transpose(a) }
            rejects("permute", listOf(t(2, 3, 4))) { (a) -> Ops.permute(a, 0, 1) }
            rejects("permute", listOf(t(2, 3, 4))) { (a) -> Ops.permute(a, 0, 1, 1) }
            rejects("permute", listOf(t(2, 3, 4))) { (a) -> Ops.permute(a, 0, 1, 3) }
        }
        test("concatenate, split and stack") {
            rejects("concatenate", listOf(t(2, 3), t(3, 3))) { (a, b) -> Ops.concatenate(listOf(a, b), 1) }
            rejects("concatenate", listOf(t(2, 3), t(2, 3, 1))) { (a, b) -> Ops.concatenate(listOf(a, b), 0) }
            rejects("concatenate", listOf(t(2, 3), t(2, 3))) { (a, b) -> Ops.concatenate(listOf(a, b), 2) }
            rejects("split", listOf(t(2, 5))) { (a) -> Ops.split(a, intArrayOf(2, 2), 1) }
            rejects("split", listOf(t(2, 5))) { (a) -> Ops.split(a, intArrayOf(2, 3), 2) }
            rejects("stack", listOf(t(2, 3), t(3, 2))) { (a, b) -> Ops.stack(listOf(a, b), 0) }
        }
        test("broadcastTo and sumTo") {
            rejects("broadcastTo", listOf(t(3)), listOf(Shape.of(3), Shape.of(2, 2))) { (a) -> Ops.broadcastTo(a, Shape.of(2, 2)) }
            rejects("broadcastTo", listOf(t(2, 3)), listOf(Shape.of(2, 3), Shape.of(3))) { (a) -> Ops.broadcastTo(a, Shape.of(3)) }
            rejects("sumTo", listOf(t(2, 3)), listOf(Shape.of(2, 3), Shape.of(4))) { (a) -> Ops.sumTo(a, Shape.of(4)) }
            rejects("sumTo", listOf(t(3)), listOf(Shape.of(3), Shape.of(2, 3))) { (a) -> Ops.sumTo(a, Shape.of(2, 3)) }
            rejects("sumTo", listOf(t(2, 3)), listOf(Shape.of(2, 3), Shape.of(2, 1, 1))) { (a) -> ReduceOps.sumTo(a, Shape.of(2, 1, 1)) }
        }
        test("elementwise ops take any shape; their scalar arguments are checked") {
            val x = t(2, 3)
            shouldThrow<IllegalArgumentException> { Ops.clip(x, 1f, 0f) }.message shouldBe "clip: expected lo <= hi, received lo=1.0, hi=0.0"
            shouldThrow<IllegalArgumentException> { NnOps.dropout(x, 1f, Rng(1)) }.message shouldBe
                "dropout: expected 0 <= rate < 1, received rate=1.0"
        }
    }

    context("ReduceOps and NnOps") {
        test("reductions over an axis the input does not have") {
            val x = listOf(t(2, 3))
            rejects("sum", x) { (a) -> ReduceOps.sum(a, false, 2) }
            rejects("mean", x) { (a) -> ReduceOps.mean(a, true, -3) }
            rejects("max", x) { (a) -> ReduceOps.max(a, false, 0, 2) }
            rejects("min", x) { (a) -> ReduceOps.min(a, false, 5) }
            rejects("variance", x) { (a) -> ReduceOps.variance(a, false, 2) }
            rejects("argmax", x) { (a) -> ReduceOps.argmax(a, 2) }
            rejects("argmin", x) { (a) -> ReduceOps.argmin(a, -3) }
        }
        test("softmax axes and cross-entropy label shapes") {
            rejects("softmax", listOf(t(2, 3))) { (a) -> NnOps.softmax(a, 2) }
            rejects("logSoftmax", listOf(t(2, 3))) { (a) -> NnOps.logSoftmax(a, -3) }
            rejects("softmaxCrossEntropyWithLogits", listOf(t(2, 3), t(2, 4))) { (a, b) -> NnOps.softmaxCrossEntropyWithLogits(a, b) }
            rejects("sparseSoftmaxCrossEntropyWithLogits", listOf(t(2, 4), Tensor.vector(0f, 1f, 2f))) { (a, b) ->
                NnOps.sparseSoftmaxCrossEntropyWithLogits(a, b)
            }
        }
    }

    context("ConvOps") {
        test("conv1d: rank, channels, a window larger than the input") {
            rejects("conv1d", listOf(t(2, 8), t(3, 3, 4))) { (x, k) -> ConvOps.conv1d(x, k) }
            rejects("conv1d", listOf(t(2, 8, 3), t(3, 3))) { (x, k) -> ConvOps.conv1d(x, k) }
            rejects("conv1d", listOf(t(2, 8, 3), t(3, 2, 4))) { (x, k) -> ConvOps.conv1d(x, k, 1, "same", 1) }
            rejects("conv1d", listOf(t(2, 2, 3), t(3, 3, 4))) { (x, k) -> ConvOps.conv1d(x, k, 1, "valid", 1) }
            rejects("conv1d", listOf(t(2, 4, 3), t(3, 3, 4))) { (x, k) -> ConvOps.conv1d(x, k, 1, "valid", 2) }
            rejects("conv1d", listOf(t(2, 4, 3), t(0, 3, 4))) { (x, k) -> ConvOps.conv1d(x, k, 1, "same", 1) }
        }
        test("conv2d: rank, channels, a window larger than the input along either axis") {
            val k = t(3, 3, 2, 4)
            rejects("conv2d", listOf(t(2, 6, 5), k)) { (x, w) -> ConvOps.conv2d(x, w, "same") }
            rejects("conv2d", listOf(t(2, 6, 5, 2), t(3, 3, 2))) { (x, w) -> ConvOps.conv2d(x, w, "same") }
            rejects("conv2d", listOf(t(2, 6, 5, 3), k)) { (x, w) -> ConvOps.conv2d(x, w, "same") }
            rejects("conv2d", listOf(t(2, 2, 5, 2), k)) { (x, w) -> ConvOps.conv2d(x, w, "valid") }
            rejects("conv2d", listOf(t(2, 6, 2, 2), k)) { (x, w) -> ConvOps.conv2d(x, w, "valid") }
            rejects("conv2d", listOf(t(2, 6, 4, 2), k)) { (x, w) -> ConvOps.conv2d(x, w, intArrayOf(1, 1), "valid", intArrayOf(1, 2)) }
        }
        test("pooling: rank and a valid window larger than the input") {
            rejects("maxPool1d", listOf(t(2, 7)), listOf(Shape.of(2, 7), Shape.of(2))) { (x) -> PoolOps.maxPool1d(x, 2) }
            rejects("avgPool1d", listOf(t(2, 7, 3, 1)), listOf(Shape.of(2, 7, 3, 1), Shape.of(2))) { (x) -> PoolOps.avgPool1d(x, 2) }
            rejects("maxPool1d", listOf(t(2, 2, 3)), listOf(Shape.of(2, 2, 3), Shape.of(3))) { (x) -> PoolOps.maxPool1d(x, 3, 1, "valid") }
            rejects("maxPool2d", listOf(t(2, 5, 5)), listOf(Shape.of(2, 5, 5), Shape.of(2, 2))) { (x) -> PoolOps.maxPool2d(x, intArrayOf(2, 2)) }
            rejects("avgPool2d", listOf(t(2, 5, 5, 1)), listOf(Shape.of(2, 5, 5, 1), Shape.of(6, 2))) { (x) ->
                PoolOps.avgPool2d(x, intArrayOf(6, 2))
            }
            rejects("avgPool2d", listOf(t(2, 5, 4, 1)), listOf(Shape.of(2, 5, 4, 1), Shape.of(2, 5))) { (x) ->
                PoolOps.avgPool2d(x, intArrayOf(2, 5), intArrayOf(1, 1), "valid")
            }
        }
        test("global pooling of the wrong rank") {
            rejects("globalMaxPool1d", listOf(t(2, 7))) { (x) -> PoolOps.globalMaxPool1d(x) }
            rejects("globalAvgPool1d", listOf(t(2, 7, 3, 1))) { (x) -> PoolOps.globalAvgPool1d(x) }
            rejects("globalMaxPool2d", listOf(t(2, 4, 3))) { (x) -> PoolOps.globalMaxPool2d(x, true) }
            rejects("globalAvgPool2d", listOf(t(2, 4))) { (x) -> PoolOps.globalAvgPool2d(x) }
        }
        test("bad scalar arguments name the op, the argument and the value") {
            val x = t(2, 8, 3)
            val k = t(3, 3, 4)
            val e1 = shouldThrow<IllegalArgumentException> { ConvOps.conv1d(x, k, 1, "full", 1) }
            e1.message shouldBe "conv1d: expected padding 'valid', 'same' or 'causal', received 'full'"
            val e2 = shouldThrow<IllegalArgumentException> { ConvOps.conv1d(x, k, 0, "same", 1) }
            e2.message shouldBe "conv1d: expected strides >= 1, received strides=0"
            val e3 = shouldThrow<IllegalArgumentException> { ConvOps.conv2d(t(1, 4, 4, 3), t(2, 2, 3, 1), intArrayOf(1), "same", intArrayOf(1, 1)) }
            e3.message shouldBe "conv2d: expected strides as 2 integers >= 1 (height, width), received [1]"
            val e4 = shouldThrow<IllegalArgumentException> { PoolOps.maxPool2d(t(1, 4, 4, 3), intArrayOf(2, 2), null, "causal") }
            e4.message shouldBe "maxPool2d: expected padding 'valid' or 'same', received 'causal'"
            val e5 = shouldThrow<IllegalArgumentException> { PoolOps.avgPool1d(x, 0) }
            e5.message shouldBe "avgPool1d: expected pool_size >= 1, received pool_size=0"
            val e6 = shouldThrow<IllegalArgumentException> { ConvOps.conv2d(t(1, 4, 4, 3), t(2, 2, 3, 1), intArrayOf(1, 1), "same", intArrayOf(0, 1)) }
            e6.message shouldBe "conv2d: expected dilation_rate as 2 integers >= 1 (height, width), received [0, 1]"
        }
        test("a shape clash is a ShapeMismatchException carrying the op and both shapes") {
            val e = shouldThrow<ShapeMismatchException> { ConvOps.conv2d(t(2, 6, 5, 3), t(3, 3, 2, 4), "same") }
            e.op() shouldBe "conv2d"
            e.first() shouldBe Shape.of(2, 6, 5, 3)
            e.second() shouldBe Shape.of(3, 3, 2, 4)
            e.message shouldBe "conv2d: expected input channels (3) equal to the kernel's in_channels (2), received shapes (2, 6, 5, 3) and (3, 3, 2, 4)"
        }
    }

    test("Variable.assign of another shape") {
        val v = Variable("w", Tensor.zeros(2, 3))
        val e = shouldThrow<ShapeMismatchException> { v.assign(Tensor.zeros(3, 2)) }
        e.message shouldContain "'w'"
        e.message shouldContain "(2, 3)"
        e.message shouldContain "(3, 2)"
        v.snapshot().valueEquals(Tensor.zeros(2, 3)) shouldBe true
    }
})
