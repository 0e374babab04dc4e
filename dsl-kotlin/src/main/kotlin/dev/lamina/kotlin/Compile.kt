package dev.lamina.kotlin

import dev.lamina.models.Model
import dev.lamina.tensor.Tensor
import dev.lamina.training.Callback
import dev.lamina.training.CompileOptions
import dev.lamina.training.Data
import dev.lamina.training.Dataset
import dev.lamina.training.EvaluateOptions
import dev.lamina.training.Trainer

// Keras' compile, evaluate and predict with Keras' argument names. Model has Java members of the same names; Kotlin
// (K2) never applies a Java member to a call with named arguments ("named arguments are not allowed for non-Kotlin
// functions" makes the candidate inapplicable, whether or not the class files carry parameter names), so such a
// call resolves to these extensions. A purely positional call that fits a member (`predict(x)`,
// `evaluate(x, y, 128)`) goes to the member, which means the same thing. ResolutionSpec checks each case. The
// forms in Coroutines.kt that take a dispatcher suspend instead of blocking.

/**
 * Keras' `compile`, in tf.keras' argument order (as the Java `compile(optimizer, loss, metrics...)`).
 * [optimizer]: an Optimizer or its id (`"adam"`); [loss]: a Loss, an id, a list by output position (null = no
 * loss for that output) or a map by output name; [metrics] and [weightedMetrics]: a list for every output, a list
 * of lists by position, or a map by output name, of Metric objects or ids; [lossWeights]: a list by position or a
 * map by output name; [checkFinite] = false accepts NaN and infinities in the data of fit, evaluate and the batch
 * forms (for targets a custom loss masks), as `CompileOptions.checkFinite(false)`.
 */
public fun Model.compile(
    optimizer: Any = "rmsprop",
    loss: Any? = null,
    metrics: Any? = null,
    lossWeights: Any? = null,
    weightedMetrics: Any? = null,
    checkFinite: Boolean = true,
) {
    val o = CompileOptions.of(optimizer, loss).checkFinite(checkFinite)
    if (metrics != null) o.metrics(metrics)
    if (weightedMetrics != null) o.weightedMetrics(weightedMetrics)
    if (lossWeights != null) o.lossWeights(lossWeights)
    compile(o)
}

internal fun evaluateOptions(batchSize: Int, verbose: Int, sampleWeight: Tensor?, steps: Int?, callbacks: List<Callback>): EvaluateOptions {
    val o = EvaluateOptions.defaults().batchSize(batchSize).verbose(verbose).callbacks(*callbacks.toTypedArray())
    if (sampleWeight != null) o.sampleWeight(sampleWeight)
    if (steps != null) o.steps(steps)
    return o
}

/**
 * Keras' `evaluate` (blocking): the loss and metrics by name, in Keras' order, on one input and one target tensor.
 * Add `dispatcher = ...` to get the suspending, cancellable form instead.
 */
public fun Model.evaluate(
    x: Tensor,
    y: Tensor?,
    batchSize: Int = 32,
    verbose: Int = 1,
    sampleWeight: Tensor? = null,
    steps: Int? = null,
    callbacks: List<Callback> = emptyList(),
): Map<String, Double> = Trainer(this).evaluate(Data.of(x), y?.let { Data.of(it) }, evaluateOptions(batchSize, verbose, sampleWeight, steps, callbacks))

/** [evaluate] on data by position or by name ([data]). */
public fun Model.evaluate(
    x: Data,
    y: Data?,
    batchSize: Int = 32,
    verbose: Int = 1,
    sampleWeight: Tensor? = null,
    steps: Int? = null,
    callbacks: List<Callback> = emptyList(),
): Map<String, Double> = Trainer(this).evaluate(x, y, evaluateOptions(batchSize, verbose, sampleWeight, steps, callbacks))

/** [evaluate] on a Dataset of (x, y, sampleWeight) batches. */
public fun Model.evaluate(
    x: Dataset,
    verbose: Int = 1,
    steps: Int? = null,
    callbacks: List<Callback> = emptyList(),
): Map<String, Double> = Trainer(this).evaluate(x, evaluateOptions(32, verbose, null, steps, callbacks))

/**
 * Keras' `predict` for a single-output model (blocking): the outputs for every sample of [x], computed
 * [batchSize] samples at a time. Use [predictAll] for several outputs, and add `dispatcher = ...` for the
 * suspending, cancellable form.
 */
public fun Model.predict(x: Tensor, batchSize: Int = 32, callbacks: List<Callback> = emptyList()): Tensor =
    single(this, Trainer(this).predict(Data.of(x), batchSize, callbacks))

/** [predict] on inputs by position or by name. */
public fun Model.predict(x: Data, batchSize: Int = 32, callbacks: List<Callback> = emptyList()): Tensor =
    single(this, Trainer(this).predict(x, batchSize, callbacks))

/** [predict] over a Dataset's batches. */
public fun Model.predict(x: Dataset, callbacks: List<Callback> = emptyList()): Tensor =
    single(this, Trainer(this).predict(x, callbacks))

/** Keras' `predict` for any model (blocking): one tensor per output, in the model's output order; `dispatcher = ...` suspends. */
public fun Model.predictAll(x: Data, batchSize: Int = 32, callbacks: List<Callback> = emptyList()): List<Tensor> =
    Trainer(this).predict(x, batchSize, callbacks)

/** [predictAll] on one input tensor. */
public fun Model.predictAll(x: Tensor, batchSize: Int = 32, callbacks: List<Callback> = emptyList()): List<Tensor> =
    Trainer(this).predict(Data.of(x), batchSize, callbacks)

/** Tensors by position, as [Data] (inputs or targets of a model with several). */
public fun data(vararg tensors: Tensor): Data = Data.of(*tensors)

/** Tensors by input or output name, as [Data]. */
public fun data(vararg byName: Pair<String, Tensor>): Data = Data.of(mapOf(*byName))

internal fun single(model: Model, outputs: List<Tensor>): Tensor {
    check(outputs.size == 1) { "Model '${model.name()}' has ${outputs.size} outputs: use predictAll(...)" }
    return outputs[0]
}
