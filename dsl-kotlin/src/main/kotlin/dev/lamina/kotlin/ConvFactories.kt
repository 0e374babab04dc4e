package dev.lamina.kotlin

import dev.lamina.layers.AveragePooling1D
import dev.lamina.layers.AveragePooling2D
import dev.lamina.layers.BaseConv
import dev.lamina.layers.Conv1D
import dev.lamina.layers.Conv2D
import dev.lamina.layers.GlobalAveragePooling1D
import dev.lamina.layers.GlobalAveragePooling2D
import dev.lamina.layers.GlobalMaxPooling1D
import dev.lamina.layers.GlobalMaxPooling2D
import dev.lamina.layers.MaxPooling1D
import dev.lamina.layers.MaxPooling2D

// Convolution and pooling layers (channels_last), named and defaulted as in Keras. Sizes such as kernelSize,
// strides and poolSize take one Int for every spatial axis or one per axis (a List, an IntArray or a Pair).

private fun <C : BaseConv<C>> C.configure(
    strides: Any, padding: String, dilationRate: Any, activation: Any?, useBias: Boolean, kernelInitializer: Any,
    biasInitializer: Any, kernelRegularizer: Any?, biasRegularizer: Any?, name: String?,
): C {
    val owner = className()
    return strides(*tupleArg(owner, "strides", strides)).padding(padding).dilationRate(*tupleArg(owner, "dilationRate", dilationRate))
        .activation(activationArg(owner, "activation", activation)).useBias(useBias)
        .kernelInitializer(initializerArg(owner, "kernelInitializer", kernelInitializer))
        .biasInitializer(initializerArg(owner, "biasInitializer", biasInitializer))
        .kernelRegularizer(regularizerArg(owner, "kernelRegularizer", kernelRegularizer))
        .biasRegularizer(regularizerArg(owner, "biasRegularizer", biasRegularizer))
        .named(name)
}

/** Keras' `Conv1D` over `(batch, steps, channels)`; [padding] is `"valid"`, `"same"` or `"causal"`. */
public fun LayerSink.conv1D(
    filters: Int,
    kernelSize: Any,
    strides: Any = 1,
    padding: String = "valid",
    dilationRate: Any = 1,
    activation: Any? = null,
    useBias: Boolean = true,
    kernelInitializer: Any = "glorot_uniform",
    biasInitializer: Any = "zeros",
    kernelRegularizer: Any? = null,
    biasRegularizer: Any? = null,
    name: String? = null,
): Conv1D {
    val k = tupleArg("Conv1D", "kernelSize", kernelSize)
    require(k.size == 1) { "Conv1D: expected one kernelSize, received ${k.contentToString()}" }
    return made(Conv1D(filters, k[0]).configure(strides, padding, dilationRate, activation, useBias, kernelInitializer,
        biasInitializer, kernelRegularizer, biasRegularizer, name))
}

/** Keras' `Conv2D` over `(batch, height, width, channels)`; [padding] is `"valid"` or `"same"`. */
public fun LayerSink.conv2D(
    filters: Int,
    kernelSize: Any,
    strides: Any = 1,
    padding: String = "valid",
    dilationRate: Any = 1,
    activation: Any? = null,
    useBias: Boolean = true,
    kernelInitializer: Any = "glorot_uniform",
    biasInitializer: Any = "zeros",
    kernelRegularizer: Any? = null,
    biasRegularizer: Any? = null,
    name: String? = null,
): Conv2D = made(
    Conv2D(filters, *tupleArg("Conv2D", "kernelSize", kernelSize)).configure(strides, padding, dilationRate, activation, useBias,
        kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, name),
)

/** Keras' `MaxPooling1D`; [strides] defaults to [poolSize]. */
public fun LayerSink.maxPooling1D(poolSize: Int = 2, strides: Int? = null, padding: String = "valid", name: String? = null): MaxPooling1D =
    made(MaxPooling1D(poolSize).also { if (strides != null) it.strides(strides) }.padding(padding).named(name))

/** Keras' `MaxPooling2D`; [poolSize] and [strides] take one Int or one per axis, [strides] defaults to [poolSize]. */
public fun LayerSink.maxPooling2D(poolSize: Any = 2, strides: Any? = null, padding: String = "valid", name: String? = null): MaxPooling2D =
    made(
        MaxPooling2D(*tupleArg("MaxPooling2D", "poolSize", poolSize))
            .also { if (strides != null) it.strides(*tupleArg("MaxPooling2D", "strides", strides)) }.padding(padding).named(name),
    )

/** Keras' `AveragePooling1D`; [strides] defaults to [poolSize]. */
public fun LayerSink.averagePooling1D(poolSize: Int = 2, strides: Int? = null, padding: String = "valid", name: String? = null): AveragePooling1D =
    made(AveragePooling1D(poolSize).also { if (strides != null) it.strides(strides) }.padding(padding).named(name))

/** Keras' `AveragePooling2D`; [poolSize] and [strides] take one Int or one per axis, [strides] defaults to [poolSize]. */
public fun LayerSink.averagePooling2D(poolSize: Any = 2, strides: Any? = null, padding: String = "valid", name: String? = null): AveragePooling2D =
    made(
        AveragePooling2D(*tupleArg("AveragePooling2D", "poolSize", poolSize))
            .also { if (strides != null) it.strides(*tupleArg("AveragePooling2D", "strides", strides)) }.padding(padding).named(name),
    )

/** Keras' `GlobalMaxPooling1D`: the maximum over steps; [keepdims] keeps the steps axis with size 1. */
public fun LayerSink.globalMaxPooling1D(keepdims: Boolean = false, name: String? = null): GlobalMaxPooling1D =
    made(GlobalMaxPooling1D().keepDims(keepdims).named(name))

/** Keras' `GlobalMaxPooling2D`: the maximum over height and width; [keepdims] keeps them with size 1. */
public fun LayerSink.globalMaxPooling2D(keepdims: Boolean = false, name: String? = null): GlobalMaxPooling2D =
    made(GlobalMaxPooling2D().keepDims(keepdims).named(name))

/** Keras' `GlobalAveragePooling1D`: the mean over steps; [keepdims] keeps the steps axis with size 1. */
public fun LayerSink.globalAveragePooling1D(keepdims: Boolean = false, name: String? = null): GlobalAveragePooling1D =
    made(GlobalAveragePooling1D().keepDims(keepdims).named(name))

/** Keras' `GlobalAveragePooling2D`: the mean over height and width; [keepdims] keeps them with size 1. */
public fun LayerSink.globalAveragePooling2D(keepdims: Boolean = false, name: String? = null): GlobalAveragePooling2D =
    made(GlobalAveragePooling2D().keepDims(keepdims).named(name))
