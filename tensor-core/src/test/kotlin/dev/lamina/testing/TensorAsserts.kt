package dev.lamina.testing

import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import io.kotest.assertions.fail

/** Tensor comparisons whose failures name the shapes and the first differing index. */
object TensorAsserts {
    fun assertClose(expected: Tensor, actual: Tensor, rtol: Double = 1e-5, atol: Double = 1e-6, what: String = "tensor") {
        if (expected.shape() != actual.shape()) fail("$what: expected shape ${expected.shape()}, received ${actual.shape()}")
        for (i in 0 until expected.size()) {
            val e = expected.get(i).toDouble()
            val a = actual.get(i).toDouble()
            if (e.isNaN() && a.isNaN()) continue
            if (!(Math.abs(e - a) <= atol + rtol * Math.abs(e))) {
                fail("$what (shape ${expected.shape()}): first difference at flat index $i: expected $e, received $a")
            }
        }
    }

    /** Compares against float64 reference values. */
    fun assertClose(expected: DoubleArray, shape: Shape, actual: Tensor, rtol: Double = 1e-5, atol: Double = 1e-6, what: String = "tensor") {
        if (shape != actual.shape()) fail("$what: expected shape $shape, received ${actual.shape()}")
        for (i in expected.indices) {
            val e = expected[i]
            val a = actual.get(i).toDouble()
            if (e.isNaN() && a.isNaN()) continue
            if (!(Math.abs(e - a) <= atol + rtol * Math.abs(e))) {
                fail("$what (shape $shape): first difference at flat index $i: expected $e, received $a")
            }
        }
    }

    fun assertBitEqual(expected: Tensor, actual: Tensor, what: String = "tensor") {
        if (!expected.valueEquals(actual)) {
            assertClose(expected, actual, 0.0, 0.0, what)
            fail("$what: expected bit-identical values")
        }
    }
}
