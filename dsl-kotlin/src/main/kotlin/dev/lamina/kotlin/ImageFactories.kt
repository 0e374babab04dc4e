package dev.lamina.kotlin

import dev.lamina.layers.BaseDepthwiseConv
import dev.lamina.layers.Conv2DTranspose
import dev.lamina.layers.Cropping2D
import dev.lamina.layers.DepthwiseConv2D
import dev.lamina.layers.SeparableConv2D
import dev.lamina.layers.UpSampling2D
import dev.lamina.layers.ZeroPadding2D

// Image layers beyond Conv2D and pooling (channels_last), named and defaulted as in Keras. Padding and cropping
// take one Int for every side, a Pair (height, width), or a Pair of Pairs ((top, bottom), (left, right)), as Keras'
// tuples do; lists work the same way.

/** Keras' 2-D padding/cropping argument as `(top, bottom, left, right)`. */
internal fun sidesArg(owner: String, arg: String, value: Any?): IntArray {
    fun ints(v: Any?): IntArray = tupleArg(owner, arg, v)
    val parts: List<Any?>? = when (value) {
        is Pair<*, *> -> listOf(value.first, value.second)
        is List<*> -> value
        else -> null
    }
    if (parts != null && parts.size == 2 && parts.all { it is Pair<*, *> || it is List<*> }) {
        val (h, w) = ints(parts[0]) to ints(parts[1])
        require(h.size == 2 && w.size == 2) { "$owner: expected $arg as ((top, bottom), (left, right)), received ${describe(value)}" }
        return intArrayOf(h[0], h[1], w[0], w[1])
    }
    return ints(value)
}

/** Keras' `ZeroPadding2D`: rows and columns of zeros around the image (default one on every side). */
public fun LayerSink.zeroPadding2D(padding: Any = 1, name: String? = null): ZeroPadding2D =
    made(ZeroPadding2D(*sidesArg("ZeroPadding2D", "padding", padding)).named(name))

/** Keras' `Cropping2D`: removes rows and columns at the edges (default none). */
public fun LayerSink.cropping2D(cropping: Any = 0, name: String? = null): Cropping2D =
    made(Cropping2D(*sidesArg("Cropping2D", "cropping", cropping)).named(name))

/** Keras' `UpSampling2D`: [interpolation] `"nearest"` repeats rows and columns, `"bilinear"` interpolates. */
public fun LayerSink.upSampling2D(size: Any = 2, interpolation: String = "nearest", name: String? = null): UpSampling2D =
    made(UpSampling2D(*tupleArg("UpSampling2D", "size", size)).interpolation(interpolation).named(name))

private fun <C : BaseDepthwiseConv<C>> C.configureDepthwise(
    strides: Any, padding: String, depthMultiplier: Int, dilationRate: Any, activation: Any?, useBias: Boolean,
    depthwiseInitializer: Any, biasInitializer: Any, depthwiseRegularizer: Any?, biasRegularizer: Any?, name: String?,
): C {
    val owner = className()
    return strides(*tupleArg(owner, "strides", strides)).padding(padding).depthMultiplier(depthMultiplier)
        .dilationRate(*tupleArg(owner, "dilationRate", dilationRate)).activation(activationArg(owner, "activation", activation))
        .useBias(useBias).depthwiseInitializer(initializerArg(owner, "depthwiseInitializer", depthwiseInitializer))
        .biasInitializer(initializerArg(owner, "biasInitializer", biasInitializer))
        .depthwiseRegularizer(regularizerArg(owner, "depthwiseRegularizer", depthwiseRegularizer))
        .biasRegularizer(regularizerArg(owner, "biasRegularizer", biasRegularizer))
        .named(name)
}

/** Keras' `DepthwiseConv2D`: each channel convolved with its own [depthMultiplier] filters. */
public fun LayerSink.depthwiseConv2D(
    kernelSize: Any,
    strides: Any = 1,
    padding: String = "valid",
    depthMultiplier: Int = 1,
    dilationRate: Any = 1,
    activation: Any? = null,
    useBias: Boolean = true,
    depthwiseInitializer: Any = "glorot_uniform",
    biasInitializer: Any = "zeros",
    depthwiseRegularizer: Any? = null,
    biasRegularizer: Any? = null,
    name: String? = null,
): DepthwiseConv2D = made(
    DepthwiseConv2D(*tupleArg("DepthwiseConv2D", "kernelSize", kernelSize)).configureDepthwise(strides, padding, depthMultiplier,
        dilationRate, activation, useBias, depthwiseInitializer, biasInitializer, depthwiseRegularizer, biasRegularizer, name),
)

/** Keras' `SeparableConv2D`: a depthwise convolution, then a 1x1 convolution to [filters] channels. */
public fun LayerSink.separableConv2D(
    filters: Int,
    kernelSize: Any,
    strides: Any = 1,
    padding: String = "valid",
    depthMultiplier: Int = 1,
    dilationRate: Any = 1,
    activation: Any? = null,
    useBias: Boolean = true,
    depthwiseInitializer: Any = "glorot_uniform",
    pointwiseInitializer: Any = "glorot_uniform",
    biasInitializer: Any = "zeros",
    depthwiseRegularizer: Any? = null,
    pointwiseRegularizer: Any? = null,
    biasRegularizer: Any? = null,
    name: String? = null,
): SeparableConv2D = made(
    SeparableConv2D(filters, *tupleArg("SeparableConv2D", "kernelSize", kernelSize))
        .pointwiseInitializer(initializerArg("SeparableConv2D", "pointwiseInitializer", pointwiseInitializer))
        .pointwiseRegularizer(regularizerArg("SeparableConv2D", "pointwiseRegularizer", pointwiseRegularizer))
        .configureDepthwise(strides, padding, depthMultiplier, dilationRate, activation, useBias, depthwiseInitializer,
            biasInitializer, depthwiseRegularizer, biasRegularizer, name),
)

/** Keras' `Conv2DTranspose`; [outputPadding] (one Int or one per axis, each below its stride) or null. */
public fun LayerSink.conv2DTranspose(
    filters: Int,
    kernelSize: Any,
    strides: Any = 1,
    padding: String = "valid",
    outputPadding: Any? = null,
    dilationRate: Any = 1,
    activation: Any? = null,
    useBias: Boolean = true,
    kernelInitializer: Any = "glorot_uniform",
    biasInitializer: Any = "zeros",
    kernelRegularizer: Any? = null,
    biasRegularizer: Any? = null,
    name: String? = null,
): Conv2DTranspose {
    val owner = "Conv2DTranspose"
    val c = Conv2DTranspose(filters, *tupleArg(owner, "kernelSize", kernelSize)).strides(*tupleArg(owner, "strides", strides))
        .padding(padding).dilationRate(*tupleArg(owner, "dilationRate", dilationRate))
        .activation(activationArg(owner, "activation", activation)).useBias(useBias)
        .kernelInitializer(initializerArg(owner, "kernelInitializer", kernelInitializer))
        .biasInitializer(initializerArg(owner, "biasInitializer", biasInitializer))
        .kernelRegularizer(regularizerArg(owner, "kernelRegularizer", kernelRegularizer))
        .biasRegularizer(regularizerArg(owner, "biasRegularizer", biasRegularizer))
    if (outputPadding != null) c.outputPadding(*tupleArg(owner, "outputPadding", outputPadding))
    return made(c.named(name))
}
