package dev.lamina.kotlin

import dev.lamina.layers.Activation
import dev.lamina.layers.Add
import dev.lamina.layers.Average
import dev.lamina.layers.BatchNormalization
import dev.lamina.layers.Concatenate
import dev.lamina.layers.Dense
import dev.lamina.layers.Dropout
import dev.lamina.layers.Embedding
import dev.lamina.layers.Flatten
import dev.lamina.layers.Layer
import dev.lamina.layers.LayerNormalization
import dev.lamina.layers.Maximum
import dev.lamina.layers.Minimum
import dev.lamina.layers.Multiply
import dev.lamina.layers.Reshape
import dev.lamina.layers.Subtract

// Core, normalization and merge layers: Keras' class name in lowerCamelCase, Keras' argument names and defaults.
// In a sequential { } block each factory appends its layer; in a functional { } block it returns the layer, to be
// called on symbolic tensors: dense(64, activation = "relu")(inputs). Activation, initializer and regularizer
// arguments take a Keras id (String) or the object (ActivationFunction, Initializer, Regularizer).

/** Sets the layer's name when one is given (Keras' `name=` keyword). */
internal fun <L : Layer> L.named(name: String?): L {
    if (name != null) name(name)
    return this
}

/** Keras' `Dense`: `activation(inputs · kernel + bias)`. */
public fun LayerSink.dense(
    units: Int,
    activation: Any? = null,
    useBias: Boolean = true,
    kernelInitializer: Any = "glorot_uniform",
    biasInitializer: Any = "zeros",
    kernelRegularizer: Any? = null,
    biasRegularizer: Any? = null,
    name: String? = null,
): Dense = made(
    Dense(units).activation(activationArg("Dense", "activation", activation)).useBias(useBias)
        .kernelInitializer(initializerArg("Dense", "kernelInitializer", kernelInitializer))
        .biasInitializer(initializerArg("Dense", "biasInitializer", biasInitializer))
        .kernelRegularizer(regularizerArg("Dense", "kernelRegularizer", kernelRegularizer))
        .biasRegularizer(regularizerArg("Dense", "biasRegularizer", biasRegularizer))
        .named(name),
)

/** Keras' `Activation`: applies an activation (an id such as `"relu"`, or an ActivationFunction). */
public fun LayerSink.activation(activation: Any, name: String? = null): Activation =
    made(Activation(activationArg("Activation", "activation", activation)).named(name))

/**
 * Keras' `Dropout`: zeroes a [rate] fraction of inputs while training and rescales the rest; [seed] fixes the masks;
 * [noiseShape] (null entries take the input's size) shares one mask cell along its size-1 axes.
 */
public fun LayerSink.dropout(rate: Double, seed: Long? = null, name: String? = null, noiseShape: List<Int?>? = null): Dropout =
    made(
        Dropout(rate).also { if (seed != null) it.seed(seed) }
            .also { d -> if (noiseShape != null) d.noiseShape(*noiseShape.map { it ?: -1 }.toIntArray()) }.named(name),
    )

/** Keras' `Flatten`: collapses every axis but the batch axis. */
public fun LayerSink.flatten(name: String? = null): Flatten = made(Flatten().named(name))

/** Keras' `Reshape`: reshapes each sample to [targetShape] (one dimension may be -1). */
public fun LayerSink.reshape(vararg targetShape: Int, name: String? = null): Reshape = made(Reshape(*targetShape).named(name))

/** Keras' `Embedding`: maps integer ids in `[0, inputDim)` to learned vectors of size [outputDim]. */
public fun LayerSink.embedding(
    inputDim: Int,
    outputDim: Int,
    embeddingsInitializer: Any = "uniform",
    embeddingsRegularizer: Any? = null,
    maskZero: Boolean = false,
    name: String? = null,
): Embedding = made(
    Embedding(inputDim, outputDim)
        .embeddingsInitializer(initializerArg("Embedding", "embeddingsInitializer", embeddingsInitializer))
        .embeddingsRegularizer(regularizerArg("Embedding", "embeddingsRegularizer", embeddingsRegularizer))
        .maskZero(maskZero)
        .named(name),
)

/** Keras' `BatchNormalization` over the feature [axis], with moving statistics for inference. */
public fun LayerSink.batchNormalization(
    axis: Int = -1,
    momentum: Double = 0.99,
    epsilon: Double = 1e-3,
    center: Boolean = true,
    scale: Boolean = true,
    betaInitializer: Any = "zeros",
    gammaInitializer: Any = "ones",
    movingMeanInitializer: Any = "zeros",
    movingVarianceInitializer: Any = "ones",
    betaRegularizer: Any? = null,
    gammaRegularizer: Any? = null,
    name: String? = null,
): BatchNormalization {
    val owner = "BatchNormalization"
    return made(
        BatchNormalization().axis(axis).momentum(momentum).epsilon(epsilon).center(center).scale(scale)
            .betaInitializer(initializerArg(owner, "betaInitializer", betaInitializer))
            .gammaInitializer(initializerArg(owner, "gammaInitializer", gammaInitializer))
            .movingMeanInitializer(initializerArg(owner, "movingMeanInitializer", movingMeanInitializer))
            .movingVarianceInitializer(initializerArg(owner, "movingVarianceInitializer", movingVarianceInitializer))
            .betaRegularizer(regularizerArg(owner, "betaRegularizer", betaRegularizer))
            .gammaRegularizer(regularizerArg(owner, "gammaRegularizer", gammaRegularizer))
            .named(name),
    )
}

/** Keras' `LayerNormalization` over [axis] (an Int or a list of axes) of each sample. */
public fun LayerSink.layerNormalization(
    axis: Any = -1,
    epsilon: Double = 1e-3,
    center: Boolean = true,
    scale: Boolean = true,
    betaInitializer: Any = "zeros",
    gammaInitializer: Any = "ones",
    betaRegularizer: Any? = null,
    gammaRegularizer: Any? = null,
    name: String? = null,
): LayerNormalization {
    val owner = "LayerNormalization"
    return made(
        LayerNormalization().axis(*tupleArg(owner, "axis", axis)).epsilon(epsilon).center(center).scale(scale)
            .betaInitializer(initializerArg(owner, "betaInitializer", betaInitializer))
            .gammaInitializer(initializerArg(owner, "gammaInitializer", gammaInitializer))
            .betaRegularizer(regularizerArg(owner, "betaRegularizer", betaRegularizer))
            .gammaRegularizer(regularizerArg(owner, "gammaRegularizer", gammaRegularizer))
            .named(name),
    )
}

/** Keras' `Add` layer (elementwise sum of its inputs); call it on several tensors: `add()(a, b)`. */
public fun LayerSink.add(name: String? = null): Add = made(Add().named(name))

/** Keras' `Subtract` layer (first input minus the second). */
public fun LayerSink.subtract(name: String? = null): Subtract = made(Subtract().named(name))

/** Keras' `Multiply` layer (elementwise product of its inputs). */
public fun LayerSink.multiply(name: String? = null): Multiply = made(Multiply().named(name))

/** Keras' `Average` layer (elementwise mean of its inputs). */
public fun LayerSink.average(name: String? = null): Average = made(Average().named(name))

/** Keras' `Maximum` layer (elementwise maximum of its inputs). */
public fun LayerSink.maximum(name: String? = null): Maximum = made(Maximum().named(name))

/** Keras' `Minimum` layer (elementwise minimum of its inputs). */
public fun LayerSink.minimum(name: String? = null): Minimum = made(Minimum().named(name))

/** Keras' `Concatenate` layer, joining its inputs along [axis]. */
public fun LayerSink.concatenate(axis: Int = -1, name: String? = null): Concatenate = made(Concatenate(axis).named(name))
