package dev.lamina.kotlin

import dev.lamina.layers.Add
import dev.lamina.layers.Average
import dev.lamina.layers.Concatenate
import dev.lamina.layers.Input
import dev.lamina.layers.InputLayer
import dev.lamina.layers.Layer
import dev.lamina.layers.Maximum
import dev.lamina.layers.Minimum
import dev.lamina.layers.Multiply
import dev.lamina.layers.Subtract
import dev.lamina.layers.SymbolicTensor
import dev.lamina.models.Model
import dev.lamina.models.Sequential
import dev.lamina.tensor.Tensor
import kotlin.contracts.ExperimentalContracts
import kotlin.contracts.InvocationKind
import kotlin.contracts.contract

/** Marks the model-building scopes, so a nested scope cannot reach an outer one by mistake. */
@DslMarker
public annotation class ModelDsl

/**
 * What a scope does with a layer made by one of the layer factories (`dense(...)`, `conv2D(...)`, ...): a
 * [SequentialScope] appends it, a [FunctionalScope] hands it back to be called on symbolic tensors, and a
 * subclassed [Model] keeps it in the field it initialises (`val d1 = dense(64)`).
 */
public typealias LayerSink = dev.lamina.layers.LayerSink

/** The body of [sequential]: every layer factory called here appends its layer to the model. */
@ModelDsl
public class SequentialScope @PublishedApi internal constructor() : LayerSink {
    @PublishedApi internal val layers: MutableList<Layer> = mutableListOf()

    /** The input shape of one sample (no batch dimension), like Keras' `Input(shape=...)`; must come first. */
    public fun input(vararg shape: Int, name: String? = null) {
        require(layers.isEmpty()) { "sequential: expected input(...) before every layer, received it after ${layers.size} layer(s)" }
        layers += InputLayer(name, *shape)
    }

    /** Appends a layer made elsewhere (a custom Java layer, a nested model). */
    public fun <L : Layer> layer(layer: L): L = made(layer)

    override fun <L : Layer> made(layer: L): L = layer.also { layers += it }
}

/**
 * The body of [functional]: create inputs, call layers on symbolic tensors, and declare the outputs. The merge
 * functions ([add], [concatenate], ...) are Keras' functional forms (`layers.concatenate([a, b])`); the layer
 * factories of the same name without tensors (`concatenate(axis = 1)`) return the layer itself.
 */
@ModelDsl
public class FunctionalScope @PublishedApi internal constructor() : LayerSink {
    @PublishedApi internal val inputs: MutableList<SymbolicTensor> = mutableListOf()
    @PublishedApi internal val outputs: MutableList<SymbolicTensor> = mutableListOf()

    /** A model input: Keras' `Input(shape=(...), name=...)`; inputs keep their creation order. */
    public fun input(vararg shape: Int, name: String? = null): SymbolicTensor =
        (if (name == null) Input.of(*shape) else Input.of(name, *shape)).also { inputs += it }

    /** Declares the model's outputs, in order. */
    public fun outputs(vararg tensors: SymbolicTensor) {
        outputs += tensors
    }

    /** Declares the model's single output. */
    public fun output(tensor: SymbolicTensor) {
        outputs += tensor
    }

    /** Keras' `layers.concatenate(inputs, axis=-1)`. */
    public fun concatenate(inputs: List<SymbolicTensor>, axis: Int = -1, name: String? = null): SymbolicTensor =
        Concatenate(axis).named(name).apply(inputs)

    /** Keras' `layers.add(inputs)`. */
    public fun add(inputs: List<SymbolicTensor>, name: String? = null): SymbolicTensor = Add().named(name).apply(inputs)

    /** Keras' `layers.subtract([a, b])`. */
    public fun subtract(inputs: List<SymbolicTensor>, name: String? = null): SymbolicTensor = Subtract().named(name).apply(inputs)

    /** Keras' `layers.multiply(inputs)`. */
    public fun multiply(inputs: List<SymbolicTensor>, name: String? = null): SymbolicTensor = Multiply().named(name).apply(inputs)

    /** Keras' `layers.average(inputs)`. */
    public fun average(inputs: List<SymbolicTensor>, name: String? = null): SymbolicTensor = Average().named(name).apply(inputs)

    /** Keras' `layers.maximum(inputs)`. */
    public fun maximum(inputs: List<SymbolicTensor>, name: String? = null): SymbolicTensor = Maximum().named(name).apply(inputs)

    /** Keras' `layers.minimum(inputs)`. */
    public fun minimum(inputs: List<SymbolicTensor>, name: String? = null): SymbolicTensor = Minimum().named(name).apply(inputs)

    override fun <L : Layer> made(layer: L): L = layer
}

/** Builds a [Sequential] model: `sequential { input(32); dense(64, activation = "relu"); dense(10) }`. */
@OptIn(ExperimentalContracts::class)
public inline fun sequential(name: String? = null, block: SequentialScope.() -> Unit): Sequential {
    contract { callsInPlace(block, InvocationKind.EXACTLY_ONCE) }
    val scope = SequentialScope().apply(block)
    val model = Sequential()
    if (name != null) model.name(name)
    scope.layers.forEach { model.add(it) }
    return model
}

/** Builds a functional [Model] from the inputs created and the outputs declared in [block]. */
@OptIn(ExperimentalContracts::class)
public inline fun functional(name: String? = null, block: FunctionalScope.() -> Unit): Model {
    contract { callsInPlace(block, InvocationKind.EXACTLY_ONCE) }
    val scope = FunctionalScope().apply(block)
    require(scope.outputs.isNotEmpty()) { "functional: expected outputs(...) or output(...) in the block, received none" }
    val model = Model.of(scope.inputs.toList(), scope.outputs.toList())
    if (name != null) model.name(name)
    return model
}

/** Calls a layer on a symbolic tensor, Keras style: `dense(64)(inputs)`. */
public operator fun Layer.invoke(input: SymbolicTensor): SymbolicTensor = apply(input)

/** Calls a multi-input layer (merge layers, multi-input models): `add()(a, b)`. */
public operator fun Layer.invoke(vararg inputs: SymbolicTensor): SymbolicTensor = apply(inputs.toList())

/** Calls a multi-input layer on a list, as Keras does: `concatenate()(listOf(a, b))`. */
public operator fun Layer.invoke(inputs: List<SymbolicTensor>): SymbolicTensor = apply(inputs)

/** Calls a layer eagerly on data, in inference mode. */
public operator fun Layer.invoke(input: Tensor): Tensor = call(input)

/** Calls a layer eagerly on data in training or inference mode: what a subclassed model's `call` does, `d1(x, training)`. */
public operator fun Layer.invoke(input: Tensor, training: Boolean): Tensor = apply(input, training)
