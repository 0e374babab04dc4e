package dev.lamina.kotlin

// Tensor arithmetic reads like NumPy: every operator is the Ops call of the same meaning (broadcasting, autodiff
// included). Element access is the Java `get`: `x[5]` is the flat (row-major) element, `x[1, 2]` a full index.

import dev.lamina.tensor.Ops
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor

/** Elementwise sum with broadcasting. */
public operator fun Tensor.plus(other: Tensor): Tensor = Ops.add(this, other)

/** Elementwise difference with broadcasting. */
public operator fun Tensor.minus(other: Tensor): Tensor = Ops.subtract(this, other)

/** Elementwise product with broadcasting. */
public operator fun Tensor.times(other: Tensor): Tensor = Ops.multiply(this, other)

/** Elementwise quotient with broadcasting. */
public operator fun Tensor.div(other: Tensor): Tensor = Ops.divide(this, other)

/** Adds a scalar. */
public operator fun Tensor.plus(scalar: Number): Tensor = Ops.add(this, scalar.toFloat())

/** Subtracts a scalar. */
public operator fun Tensor.minus(scalar: Number): Tensor = Ops.subtract(this, scalar.toFloat())

/** Multiplies by a scalar. */
public operator fun Tensor.times(scalar: Number): Tensor = Ops.multiply(this, scalar.toFloat())

/** Divides by a scalar. */
public operator fun Tensor.div(scalar: Number): Tensor = Ops.divide(this, scalar.toFloat())

/** A scalar plus a tensor. */
public operator fun Number.plus(tensor: Tensor): Tensor = Ops.add(tensor, toFloat())

/** A scalar minus a tensor. */
public operator fun Number.minus(tensor: Tensor): Tensor = Ops.add(Ops.negate(tensor), toFloat())

/** A scalar times a tensor. */
public operator fun Number.times(tensor: Tensor): Tensor = Ops.multiply(tensor, toFloat())

/** A scalar divided by a tensor, elementwise. */
public operator fun Number.div(tensor: Tensor): Tensor = Ops.divide(Tensor.scalar(toFloat()), tensor)

/** Negation. */
public operator fun Tensor.unaryMinus(): Tensor = Ops.negate(this)

/** Rows [range] (inclusive, as Kotlin ranges are) along the first axis: `x[0..2]` is NumPy's `x[0:3]`, a view. */
public operator fun Tensor.get(range: IntRange): Tensor = slice(range.first, range.last + 1)

/** A tensor over this array (not copied) with the given shape. */
public fun FloatArray.toTensor(vararg shape: Int): Tensor = Tensor.of(this, Shape.of(*(if (shape.isEmpty()) intArrayOf(size) else shape)))

/** A rank-2 tensor from rows of equal length. */
public fun Array<FloatArray>.toTensor(): Tensor = Tensor.of(this)

/** A rank-1 tensor from numbers. */
public fun List<Number>.toTensor(): Tensor = Tensor.vector(*FloatArray(size) { this[it].toFloat() })

/** A rank-2 tensor from rows of numbers. */
@JvmName("nestedToTensor")
public fun List<List<Number>>.toTensor(): Tensor = Tensor.of(Array(size) { r -> FloatArray(this[r].size) { this[r][it].toFloat() } })

/** A tensor from numbers and a shape: `tensorOf(1, 2, 3, 4, shape = intArrayOf(2, 2))`. */
public fun tensorOf(vararg values: Number, shape: IntArray = intArrayOf(values.size)): Tensor =
    Tensor.of(FloatArray(values.size) { values[it].toFloat() }, Shape.of(*shape))
