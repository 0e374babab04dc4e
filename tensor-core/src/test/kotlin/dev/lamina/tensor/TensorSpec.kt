package dev.lamina.tensor

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.types.shouldBeSameInstanceAs
import io.kotest.matchers.types.shouldNotBeSameInstanceAs

class TensorSpec : FunSpec({
    fun values(t: Tensor) = t.toFloatArray().toList()

    context("factories") {
        test("zeros, ones, full, scalar, vector") {
            Tensor.zeros(2, 3).shape() shouldBe Shape.of(2, 3)
            values(Tensor.zeros(2, 3)) shouldBe List(6) { 0f }
            values(Tensor.ones(3)) shouldBe listOf(1f, 1f, 1f)
            values(Tensor.full(Shape.of(2, 2), -1.5f)) shouldBe List(4) { -1.5f }
            Tensor.scalar(4f).shape() shouldBe Shape.scalar()
            Tensor.scalar(4f).item() shouldBe 4f
            val src = floatArrayOf(1f, 2f)
            val v = Tensor.vector(*src)
            src[0] = 9f
            values(v) shouldBe listOf(1f, 2f)     // vector copies its argument
        }
        test("eye and arange") {
            values(Tensor.eye(3)) shouldBe listOf(1f, 0f, 0f, 0f, 1f, 0f, 0f, 0f, 1f)
            values(Tensor.arange(4)) shouldBe listOf(0f, 1f, 2f, 3f)
            values(Tensor.arange(0.5f, 2f, 0.5f)) shouldBe listOf(0.5f, 1f, 1.5f)
            values(Tensor.arange(3f, 0f, -1f)) shouldBe listOf(3f, 2f, 1f)
            Tensor.arange(2f, 1f, 1f).shape() shouldBe Shape.of(0)
            shouldThrow<IllegalArgumentException> { Tensor.arange(0f, 1f, 0f) }.message shouldContain "arange"
        }
        test("fromNested reads any depth and element type, and rejects ragged arrays") {
            val t = Tensor.fromNested(arrayOf(arrayOf(floatArrayOf(1f, 2f), floatArrayOf(3f, 4f)), arrayOf(floatArrayOf(5f, 6f), floatArrayOf(7f, 8f))))
            t.shape() shouldBe Shape.of(2, 2, 2)
            t.get(1, 0, 1) shouldBe 6f
            Tensor.fromNested(arrayOf(doubleArrayOf(0.5, 1.5))).shape() shouldBe Shape.of(1, 2)
            values(Tensor.fromNested(intArrayOf(3, 4))) shouldBe listOf(3f, 4f)
            Tensor.of(arrayOf(floatArrayOf(1f, 2f), floatArrayOf(3f, 4f))).get(1, 0) shouldBe 3f
            shouldThrow<IllegalArgumentException> { Tensor.fromNested(arrayOf(floatArrayOf(1f, 2f), floatArrayOf(3f))) }
                .message shouldContain "rectangular"
            shouldThrow<IllegalArgumentException> { Tensor.fromNested("no") }.message shouldContain "fromNested"
        }
        test("oneHot adds a trailing class axis and rejects labels out of range") {
            val h = Tensor.oneHot(Tensor.vector(2f, 0f, 1f), 3)
            h.shape() shouldBe Shape.of(3, 3)
            values(h) shouldBe listOf(0f, 0f, 1f, 1f, 0f, 0f, 0f, 1f, 0f)
            Tensor.oneHot(Tensor.of(floatArrayOf(1f, 0f, 1f, 1f), 2, 2), 2).shape() shouldBe Shape.of(2, 2, 2)
            shouldThrow<IllegalArgumentException> { Tensor.oneHot(Tensor.vector(3f), 3) }.message shouldContain "[0, 3)"
            shouldThrow<IllegalArgumentException> { Tensor.oneHot(Tensor.vector(0.5f), 3) }.message shouldContain "0.5"
        }
        test("of checks the value count against the shape") {
            shouldThrow<IllegalArgumentException> { Tensor.of(FloatArray(5), 2, 3) }.message shouldContain "(2, 3)"
        }
    }

    context("views and copies") {
        test("slice shares the backing array (no copy)") {
            val t = Tensor.arange(12).reshape(4, 3)
            val s = t.slice(1, 3)
            s.shape() shouldBe Shape.of(2, 3)
            s.data() shouldBeSameInstanceAs t.data()
            s.offset() shouldBe 3
            values(s) shouldBe listOf(3f, 4f, 5f, 6f, 7f, 8f)
            t.data()[4] = 99f
            s.get(1) shouldBe 99f
            s.get(0, 1) shouldBe 99f
            s.slice(1, 2).offset() shouldBe 6     // a slice of a slice still points into the same array
        }
        test("reshape shares the array; contiguousArray copies only views") {
            val t = Tensor.arange(6)
            val r = t.reshape(2, -1)
            r.shape() shouldBe Shape.of(2, 3)
            r.data() shouldBeSameInstanceAs t.data()
            t.contiguousArray() shouldBeSameInstanceAs t.data()
            t.slice(1, 3).contiguousArray() shouldNotBeSameInstanceAs t.data()
            t.slice(1, 3).contiguousArray().toList() shouldBe listOf(1f, 2f)
        }
        test("gather copies the chosen rows in order") {
            val t = Tensor.arange(6).reshape(3, 2)
            val g = Ops.gather(t, intArrayOf(2, 0, 2))
            g.shape() shouldBe Shape.of(3, 2)
            values(g) shouldBe listOf(4f, 5f, 0f, 1f, 4f, 5f)
            g.data() shouldNotBeSameInstanceAs t.data()
        }
        test("copy is deep and detach drops the history") {
            val t = Tensor.arange(3)
            val c = t.copy()
            t.data()[0] = 7f
            c.get(0) shouldBe 0f
            val v = Variable("v", Tensor.arange(3))
            val y = Ops.square(v.value())
            y.requiresGrad() shouldBe true
            y.detach().requiresGrad() shouldBe false
            values(y.detach()) shouldBe values(y)
        }
        test("get checks indices and item needs one element") {
            val t = Tensor.arange(6).reshape(2, 3)
            t.get(1, 2) shouldBe 5f
            shouldThrow<IndexOutOfBoundsException> { t.get(2, 0) }.message shouldContain "(2, 3)"
            shouldThrow<IllegalArgumentException> { t.get(0, 0, 0) }.message shouldContain "expected 2 indices"
            shouldThrow<IllegalStateException> { t.item() }.message shouldContain "(2, 3)"
        }
    }

    context("toString") {
        test("small tensors print every value, NumPy style") {
            Tensor.arange(6).reshape(2, 3).toString() shouldBe "tensor([[0., 1., 2.],\n        [3., 4., 5.]], shape=(2, 3))"
            Tensor.vector(0.5f, -1.25f, 1e-5f, Float.NaN, Float.NEGATIVE_INFINITY).toString() shouldBe
                "tensor([0.5, -1.25, 1e-05, nan, -inf], shape=(5,))"
            Tensor.scalar(2.5f).toString() shouldBe "tensor(2.5, shape=())"
            Tensor.vector(1f / 3f, 123456.7f).toString() shouldBe "tensor([0.3333, 1.235e+05], shape=(2,))"
        }
        test("large tensors are summarised with ... and stay short") {
            Tensor.arange(2000).toString() shouldBe "tensor([0., 1., 2., ..., 1997., 1998., 1999.], shape=(2000,))"
            val s = Tensor.arange(10_000).reshape(100, 100).toString()
            s shouldContain "[0., 1., 2., ..., 97., 98., 99.]"
            s shouldContain "...,\n"
            s shouldContain "[9900., 9901., 9902., ..., 9997., 9998., 9999.]"
            s shouldNotContain "5000."
            s.lines().size shouldBe 7
        }
    }

    context("comparisons") {
        test("allClose uses atol + rtol * |other| and treats NaN as equal only to NaN") {
            val a = Tensor.vector(1f, 100f, Float.NaN)
            a.allClose(Tensor.vector(1.0005f, 100.05f, Float.NaN), 1e-3, 0.0) shouldBe true
            a.allClose(Tensor.vector(1.01f, 100f, Float.NaN), 1e-3, 0.0) shouldBe false
            a.allClose(Tensor.vector(1.01f, 100f, Float.NaN), 0.0, 0.02) shouldBe true
            a.allClose(Tensor.vector(1f, 100f, 0f), 1.0, 1.0) shouldBe false
            a.allClose(Tensor.vector(1f, 100f), 1.0, 1.0) shouldBe false
            Tensor.zeros(2, 3).allClose(Tensor.zeros(3, 2), 1.0, 1.0) shouldBe false
        }
        test("valueEquals is bit equality with the same shape") {
            Tensor.vector(1f, Float.NaN).valueEquals(Tensor.vector(1f, Float.NaN)) shouldBe true
            Tensor.vector(0f).valueEquals(Tensor.vector(-0f)) shouldBe false
            Tensor.vector(1f, 2f).valueEquals(Tensor.of(floatArrayOf(1f, 2f), 1, 2)) shouldBe false
            Tensor.arange(6).slice(2, 4).valueEquals(Tensor.vector(2f, 3f)) shouldBe true
        }
    }
})
