package dev.lamina.kotlin

import dev.lamina.layers.BaseRnn
import dev.lamina.layers.Bidirectional
import dev.lamina.layers.Layer
import dev.lamina.layers.Masking
import dev.lamina.layers.Permute
import dev.lamina.layers.RepeatVector
import dev.lamina.layers.TimeDistributed

// Sequence layers: Keras' names, arguments and defaults. A wrapper takes the wrapped layer from a block whose
// factories make layers without adding them to the model: `bidirectional { lstm(8, returnSequences = true) }`,
// `timeDistributed { dense(3) }`.

/** The scope of a wrapper's block: its factories make layers that only the wrapper holds. */
private fun <L : Layer> wrapped(block: LayerSink.() -> L): L = FunctionalScope().block()

/** Keras' `Bidirectional(layer, merge_mode="concat", backward_layer=None)`; [mergeMode] null is Keras' None (two outputs). */
public fun LayerSink.bidirectional(
    mergeMode: String? = "concat",
    backwardLayer: (LayerSink.() -> BaseRnn<*>)? = null,
    name: String? = null,
    layer: LayerSink.() -> BaseRnn<*>,
): Bidirectional = made(Bidirectional(wrapped(layer), mergeMode, backwardLayer?.let { wrapped(it) }).named(name))

/** Keras' `TimeDistributed(layer)`: the same layer on every time step. */
public fun LayerSink.timeDistributed(name: String? = null, layer: LayerSink.() -> Layer): TimeDistributed =
    made(TimeDistributed(wrapped(layer)).named(name))

/** Keras' `RepeatVector(n)`: `[batch, features]` to `[batch, n, features]`. */
public fun LayerSink.repeatVector(n: Int, name: String? = null): RepeatVector = made(RepeatVector(n).named(name))

/** Keras' `Permute(dims)`: 1-based axes after the batch axis, e.g. `permute(2, 1)`. */
public fun LayerSink.permute(vararg dims: Int, name: String? = null): Permute = made(Permute(*dims).named(name))

/** Keras' `Masking(mask_value=0.0)`: steps whose every feature equals [maskValue] are masked for the layers after it. */
public fun LayerSink.masking(maskValue: Double = 0.0, name: String? = null): Masking = made(Masking(maskValue).named(name))
