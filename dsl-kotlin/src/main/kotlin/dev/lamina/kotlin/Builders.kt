package dev.lamina.kotlin

import dev.lamina.layers.Input
import dev.lamina.layers.InputLayer
import dev.lamina.layers.Layer
import dev.lamina.layers.SymbolicTensor
import dev.lamina.models.Model
import dev.lamina.models.Sequential

/** Marks the model-building scopes, so a nested scope cannot reach an outer one by mistake. */
@DslMarker
public annotation class ModelDsl

/**
 * What a scope does with a layer made by one of the layer factories (`dense(...)`, `conv2D(...)`, ...): a
 * [SequentialScope] appends it, a [FunctionalScope] hands it back to be called on symbolic tensors.
 */
public interface LayerSink {
    /** Receives each layer a factory made; returns it. */
    public fun <L : Layer> made(layer: L): L
}

/** The body of [sequential]: every layer factory called here appends its layer to the model. */
@ModelDsl
public class SequentialScope @PublishedApi internal constructor() : LayerSink {
    @PublishedApi internal val layers: MutableList<Layer> = mutableListOf()

    /** The input shape of one sample (no batch dimension), like Keras' `Input(shape=...)`. */
    public fun input(vararg shape: Int, name: String? = null) {
        layers += InputLayer(name, *shape)
    }

    /** Appends a layer made elsewhere (a custom Java layer, a nested model). */
    public fun <L : Layer> layer(layer: L): L = made(layer)

    override fun <L : Layer> made(layer: L): L = layer.also { layers += it }
}

/** The body of [functional]: create inputs, call layers on symbolic tensors, and name the outputs. */
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

    /** Keras' `layers.concatenate([a, b])`. */
    public fun concatenate(vararg tensors: SymbolicTensor, axis: Int = -1): SymbolicTensor =
        dev.lamina.layers.Concatenate(axis).apply(*tensors)

    override fun <L : Layer> made(layer: L): L = layer
}

/** Builds a [Sequential] model: `sequential { input(32); dense(64, activation = "relu"); dense(10) }`. */
public inline fun sequential(name: String? = null, block: SequentialScope.() -> Unit): Sequential {
    val scope = SequentialScope().apply(block)
    val model = Sequential()
    if (name != null) model.name(name)
    scope.layers.forEach { model.add(it) }
    return model
}

/** Builds a functional [Model] from the inputs and outputs declared in [block]. */
public inline fun functional(name: String? = null, block: FunctionalScope.() -> Unit): Model {
    val scope = FunctionalScope().apply(block)
    require(scope.outputs.isNotEmpty()) { "functional: expected outputs(...) or output(...) in the block, received none" }
    val model = Model.of(scope.inputs.toList(), scope.outputs.toList())
    if (name != null) model.name(name)
    return model
}

/** Calls a layer on a symbolic tensor, Keras style: `dense(64)(inputs)`. */
public operator fun Layer.invoke(input: SymbolicTensor): SymbolicTensor = apply(input)

/** Calls a multi-input layer (merge layers, multi-input models). */
public operator fun Layer.invoke(vararg inputs: SymbolicTensor): SymbolicTensor = apply(inputs.toList())

/** Calls a layer eagerly on data, in inference mode. */
public operator fun Layer.invoke(input: dev.lamina.tensor.Tensor): dev.lamina.tensor.Tensor = call(input)
