package dev.lamina.kotlin

import dev.lamina.layers.Dot
import dev.lamina.layers.ELU
import dev.lamina.layers.GaussianNoise
import dev.lamina.layers.LeakyReLU
import dev.lamina.layers.Normalization
import dev.lamina.layers.PReLU
import dev.lamina.layers.ReLU
import dev.lamina.layers.Rescaling
import dev.lamina.layers.Softmax
import dev.lamina.layers.SpatialDropout1D
import dev.lamina.layers.SpatialDropout2D

// Activation layers, preprocessing, noise and Dot, named and defaulted as in Keras.

/** Keras' `ReLU` layer: capped at [maxValue] (null: no cap), [negativeSlope] below [threshold]. */
public fun LayerSink.reLU(maxValue: Double? = null, negativeSlope: Double = 0.0, threshold: Double = 0.0, name: String? = null): ReLU =
    made(ReLU().maxValue(maxValue).negativeSlope(negativeSlope).threshold(threshold).named(name))

/** Keras' `LeakyReLU` (Keras 3's default slope 0.3). */
public fun LayerSink.leakyReLU(negativeSlope: Double = 0.3, name: String? = null): LeakyReLU = made(LeakyReLU(negativeSlope).named(name))

/** Keras' `PReLU`: a learned slope per element, shared along [sharedAxes] (1-based, as in Keras). */
public fun LayerSink.pReLU(
    alphaInitializer: Any = "zeros",
    alphaRegularizer: Any? = null,
    sharedAxes: List<Int>? = null,
    name: String? = null,
): PReLU = made(
    PReLU().alphaInitializer(initializerArg("PReLU", "alphaInitializer", alphaInitializer))
        .alphaRegularizer(regularizerArg("PReLU", "alphaRegularizer", alphaRegularizer))
        .sharedAxes(*(sharedAxes ?: emptyList()).toIntArray()).named(name),
)

/** Keras' `ELU` layer. */
public fun LayerSink.elu(alpha: Double = 1.0, name: String? = null): ELU = made(ELU(alpha).named(name))

/** Keras' `Softmax` layer along [axis]. */
public fun LayerSink.softmax(axis: Int = -1, name: String? = null): Softmax = made(Softmax(axis).named(name))

/** Keras' `Rescaling`: `x * scale + offset`. */
public fun LayerSink.rescaling(scale: Double, offset: Double = 0.0, name: String? = null): Rescaling =
    made(Rescaling(scale, offset).named(name))

/**
 * Keras' `Normalization` over the kept [axis] (an Int, a List of Ints, or null to keep none); with [mean] and
 * [variance] fixed, otherwise set by `adapt(data)`.
 */
public fun LayerSink.normalization(
    axis: Any? = -1,
    mean: List<Number>? = null,
    variance: List<Number>? = null,
    invert: Boolean = false,
    name: String? = null,
): Normalization {
    val n = if (axis == null) Normalization.overAllAxes() else Normalization(*tupleArg("Normalization", "axis", axis))
    val floats = { l: List<Number>? -> l?.map { it.toFloat() }?.toFloatArray() }
    return made(n.meanAndVariance(floats(mean), floats(variance)).invert(invert).named(name))
}

/** Keras' `SpatialDropout1D`: drops whole channels of `(batch, steps, channels)` while training. */
public fun LayerSink.spatialDropout1D(rate: Double, seed: Long? = null, name: String? = null): SpatialDropout1D =
    made(SpatialDropout1D(rate).also { if (seed != null) it.seed(seed) }.named(name))

/** Keras' `SpatialDropout2D`: drops whole channels of NHWC images while training. */
public fun LayerSink.spatialDropout2D(rate: Double, seed: Long? = null, name: String? = null): SpatialDropout2D =
    made(SpatialDropout2D(rate).also { if (seed != null) it.seed(seed) }.named(name))

/** Keras' `GaussianNoise`: adds normal noise of [stddev] while training. */
public fun LayerSink.gaussianNoise(stddev: Double, seed: Long? = null, name: String? = null): GaussianNoise =
    made(GaussianNoise(stddev).also { if (seed != null) it.seed(seed) }.named(name))

/** Keras' `Dot`: per-sample dot products along [axes] (one Int for both inputs, or a Pair/List of two). */
public fun LayerSink.dot(axes: Any, normalize: Boolean = false, name: String? = null): Dot =
    made(Dot(*tupleArg("Dot", "axes", axes)).normalize(normalize).named(name))
