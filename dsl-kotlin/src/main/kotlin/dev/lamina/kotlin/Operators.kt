package dev.lamina.kotlin

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

/** Negation. */
public operator fun Tensor.unaryMinus(): Tensor = Ops.negate(this)

/** Rows [range] along the first axis, like NumPy's `x[a:b]` (a view, no copy). */
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
