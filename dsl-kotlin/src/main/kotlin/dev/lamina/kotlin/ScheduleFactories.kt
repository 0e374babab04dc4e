package dev.lamina.kotlin

import dev.lamina.optimizers.schedules.CosineDecay
import dev.lamina.optimizers.schedules.ExponentialDecay
import dev.lamina.optimizers.schedules.InverseTimeDecay
import dev.lamina.optimizers.schedules.PiecewiseConstantDecay
import dev.lamina.optimizers.schedules.PolynomialDecay

// Keras' learning-rate schedules (keras.optimizers.schedules), to pass as an optimizer's learningRate.

/** Keras' `ExponentialDecay`: `initialLearningRate * decayRate ^ (step / decaySteps)` (floored with [staircase]). */
public fun exponentialDecay(initialLearningRate: Double, decaySteps: Long, decayRate: Double, staircase: Boolean = false): ExponentialDecay =
    ExponentialDecay(initialLearningRate, decaySteps, decayRate, staircase)

/** Keras' `InverseTimeDecay`: `initialLearningRate / (1 + decayRate * step / decaySteps)` (floored with [staircase]). */
public fun inverseTimeDecay(initialLearningRate: Double, decaySteps: Long, decayRate: Double, staircase: Boolean = false): InverseTimeDecay =
    InverseTimeDecay(initialLearningRate, decaySteps, decayRate, staircase)

/** Keras' `PiecewiseConstantDecay`: `values[i]` up to `boundaries[i]`; one more value than boundaries. */
public fun piecewiseConstantDecay(boundaries: List<Long>, values: List<Double>): PiecewiseConstantDecay =
    PiecewiseConstantDecay(boundaries.toLongArray(), values.toDoubleArray())

/** Keras' `PolynomialDecay` from [initialLearningRate] to [endLearningRate] over [decaySteps]. */
public fun polynomialDecay(
    initialLearningRate: Double,
    decaySteps: Long,
    endLearningRate: Double = 0.0001,
    power: Double = 1.0,
    cycle: Boolean = false,
): PolynomialDecay = PolynomialDecay(initialLearningRate, decaySteps, endLearningRate, power, cycle)

/** Keras' `CosineDecay`, with an optional linear warmup to [warmupTarget] over [warmupSteps]. */
public fun cosineDecay(
    initialLearningRate: Double,
    decaySteps: Long,
    alpha: Double = 0.0,
    warmupTarget: Double? = null,
    warmupSteps: Long = 0,
): CosineDecay = CosineDecay(initialLearningRate, decaySteps, alpha, warmupTarget, warmupSteps)
