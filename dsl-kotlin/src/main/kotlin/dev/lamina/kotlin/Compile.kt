package dev.lamina.kotlin

import dev.lamina.models.Model
import dev.lamina.tensor.Tensor
import dev.lamina.training.CompileOptions
import dev.lamina.training.EvaluateOptions

/**
 * Keras' `compile` with its argument names. [optimizer]: an optimizer or its id; [loss]: a loss, an id, a list by
 * output position (null = none) or a map by output name; [metrics] and [weightedMetrics]: a list for every
 * output, a list of lists by position, or a map by output name; [lossWeights]: a list or a map.
 */
public fun Model.compile(
    optimizer: Any = "rmsprop",
    loss: Any?,
    metrics: Any? = null,
    lossWeights: Any? = null,
    weightedMetrics: Any? = null,
) {
    val o = CompileOptions.of(optimizer, loss)
    if (metrics != null) o.metrics(metrics)
    if (weightedMetrics != null) o.weightedMetrics(weightedMetrics)
    if (lossWeights != null) o.lossWeights(lossWeights)
    compile(o)
}

/** Keras' `evaluate` with its argument names; returns the loss and metrics by name. */
public fun Model.evaluate(
    x: Any,
    y: Any?,
    batchSize: Int = 32,
    verbose: Int = 1,
    sampleWeight: Tensor? = null,
    steps: Int? = null,
): Map<String, Double> {
    val o = EvaluateOptions.defaults().batchSize(batchSize).verbose(verbose)
    if (sampleWeight != null) o.sampleWeight(sampleWeight)
    if (steps != null) o.steps(steps)
    return evaluate(x, y, o)
}
