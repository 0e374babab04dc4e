package dev.lamina.tensor

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

/** The inference forms that write into the caller's array give the recording ops' values, bit for bit. */
class InferenceIntoSpec : FunSpec({
    test("conv2dInto equals conv2d with bias and relu, for valid and same padding, strides and dilation") {
        val x = Tensor.uniform(Shape.of(2, 9, 8, 3), -1f, 1f, 1)
        val k = Tensor.uniform(Shape.of(3, 2, 3, 5), -1f, 1f, 2)
        val b = Tensor.uniform(Shape.of(5), -1f, 1f, 3)
        for (pad in listOf("valid", "same")) for (s in listOf(1, 2)) for (d in listOf(1, 2)) for (relu in listOf(false, true)) {
            val want = ConvOps.conv2d(x, k, b, relu, intArrayOf(s, s), pad, intArrayOf(d, 1))
            val y = FloatArray(want.size())
            ConvOps.conv2dInto(x.toFloatArray(), 0, x.shape(), k.toFloatArray(), k.shape(), b.toFloatArray(), relu, intArrayOf(s, s), pad, intArrayOf(d, 1), y)
            Tensor.of(y, want.shape()).valueEquals(want) shouldBe true
        }
    }

    test("pool2dInto equals maxPool2d and avgPool2d, reading from an offset") {
        val x = Tensor.uniform(Shape.of(2, 7, 6, 3), -1f, 1f, 4)
        val padded = FloatArray(5 + x.size()).also { x.toFloatArray().copyInto(it, 5) }
        for (max in listOf(true, false)) for (pad in listOf("valid", "same")) {
            val want = if (max) PoolOps.maxPool2d(x, intArrayOf(2, 3), intArrayOf(2, 2), pad) else PoolOps.avgPool2d(x, intArrayOf(2, 3), intArrayOf(2, 2), pad)
            val y = FloatArray(want.size())
            PoolOps.pool2dInto(max, padded, 5, x.shape(), intArrayOf(2, 3), intArrayOf(2, 2), pad, y)
            Tensor.of(y, want.shape()).valueEquals(want) shouldBe true
        }
    }

    test("an output array of the wrong size is refused, naming the sizes") {
        val e = shouldThrow<IllegalArgumentException> {
            ConvOps.conv2dInto(FloatArray(48), 0, Shape.of(1, 4, 4, 3), FloatArray(27), Shape.of(3, 3, 3, 1), null, false,
                intArrayOf(1, 1), "valid", intArrayOf(1, 1), FloatArray(5))
        }
        e.message shouldContain "exactly 4 (y) floats"
        shouldThrow<IllegalArgumentException> {
            PoolOps.pool2dInto(true, FloatArray(16), 0, Shape.of(1, 4, 4, 1), intArrayOf(2, 2), null, "valid", FloatArray(3))
        }.message shouldContain "exactly 4 (y) floats"
    }
})
