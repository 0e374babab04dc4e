package dev.lamina.kotlin.metrics

import dev.lamina.metrics.AUC
import dev.lamina.metrics.Accuracy
import dev.lamina.metrics.BinaryAccuracy
import dev.lamina.metrics.BinaryCrossentropy
import dev.lamina.metrics.CategoricalAccuracy
import dev.lamina.metrics.CategoricalCrossentropy
import dev.lamina.metrics.CategoricalHinge
import dev.lamina.metrics.CosineSimilarity
import dev.lamina.metrics.Direction
import dev.lamina.metrics.FalseNegatives
import dev.lamina.metrics.FalsePositives
import dev.lamina.metrics.Hinge
import dev.lamina.metrics.KLDivergence
import dev.lamina.metrics.LogCoshError
import dev.lamina.metrics.Mean
import dev.lamina.metrics.MeanAbsoluteError
import dev.lamina.metrics.MeanAbsolutePercentageError
import dev.lamina.metrics.MeanMetricWrapper
import dev.lamina.metrics.MeanSquaredError
import dev.lamina.metrics.MeanSquaredLogarithmicError
import dev.lamina.metrics.Metric
import dev.lamina.metrics.Poisson
import dev.lamina.metrics.Precision
import dev.lamina.metrics.Recall
import dev.lamina.metrics.RootMeanSquaredError
import dev.lamina.metrics.SparseCategoricalAccuracy
import dev.lamina.metrics.SparseCategoricalCrossentropy
import dev.lamina.metrics.SparseTopKCategoricalAccuracy
import dev.lamina.metrics.Sum
import dev.lamina.metrics.TopKCategoricalAccuracy
import dev.lamina.metrics.TrueNegatives
import dev.lamina.metrics.TruePositives
import dev.lamina.tensor.Tensor

// Keras' metrics (keras.metrics) with Keras' argument names and defaults; `name` (null keeps Keras' default name)
// is the log key. This package is apart from dev.lamina.kotlin.losses because thirteen metrics share their Keras
// class name with a loss; where one file needs both, import the one it uses less explicitly:
// `import dev.lamina.kotlin.metrics.meanAbsoluteError` (an explicit import wins over a star import).

private fun <M : Metric> M.named(name: String?): M {
    if (name != null) name(name)
    return this
}

private fun thresholdsOf(owner: String, thresholds: Any?, set: (DoubleArray, Boolean) -> Unit) {
    val values = dev.lamina.kotlin.thresholdsArg(owner, thresholds) ?: return
    set(values, thresholds is Number)
}

/** Keras' `metrics.Accuracy`: how often predictions equal labels exactly. */
public fun accuracy(name: String? = null): Accuracy = Accuracy().named(name)

/** Keras' `metrics.BinaryAccuracy`: how often `yPred > threshold` equals the 0/1 label. */
public fun binaryAccuracy(threshold: Double = 0.5, name: String? = null): BinaryAccuracy = BinaryAccuracy(threshold).named(name)

/** Keras' `metrics.CategoricalAccuracy` for one-hot labels. */
public fun categoricalAccuracy(name: String? = null): CategoricalAccuracy = CategoricalAccuracy().named(name)

/** Keras' `metrics.SparseCategoricalAccuracy` for integer labels. */
public fun sparseCategoricalAccuracy(name: String? = null): SparseCategoricalAccuracy = SparseCategoricalAccuracy().named(name)

/** Keras' `metrics.TopKCategoricalAccuracy`: how often the one-hot label is among the [k] best predictions. */
public fun topKCategoricalAccuracy(k: Int = 5, name: String? = null): TopKCategoricalAccuracy = TopKCategoricalAccuracy(k).named(name)

/** Keras' `metrics.SparseTopKCategoricalAccuracy`: how often the integer label is among the [k] best predictions. */
public fun sparseTopKCategoricalAccuracy(k: Int = 5, name: String? = null): SparseTopKCategoricalAccuracy =
    SparseTopKCategoricalAccuracy(k).named(name)

/**
 * Keras' `metrics.AUC`, the area under the ROC or PR [curve]. [thresholds]: null (use [numThresholds] evenly
 * spaced ones), or a List of numbers in [0, 1].
 */
public fun auc(
    numThresholds: Int = 200,
    curve: String = "ROC",
    summationMethod: String = "interpolation",
    name: String? = null,
    thresholds: Any? = null,
    multiLabel: Boolean = false,
    numLabels: Int? = null,
    labelWeights: List<Double>? = null,
    fromLogits: Boolean = false,
): AUC {
    val m = AUC().numThresholds(numThresholds).curve(curve).summationMethod(summationMethod).multiLabel(multiLabel)
        .numLabels(numLabels).fromLogits(fromLogits)
    dev.lamina.kotlin.thresholdsArg("AUC", thresholds)?.let { m.thresholds(*it) }
    if (labelWeights != null) m.labelWeights(*labelWeights.toDoubleArray())
    return m.named(name)
}

/** Keras' `metrics.Precision`; [thresholds] is null (0.5), a number (one result) or a List (results per threshold). */
public fun precision(thresholds: Any? = null, topK: Int? = null, classId: Int? = null, name: String? = null): Precision {
    val m = Precision().topK(topK).classId(classId)
    thresholdsOf("Precision", thresholds) { v, single -> if (single) m.thresholds(v[0]) else m.thresholds(*v) }
    return m.named(name)
}

/** Keras' `metrics.Recall`; [thresholds] is null (0.5), a number (one result) or a List (results per threshold). */
public fun recall(thresholds: Any? = null, topK: Int? = null, classId: Int? = null, name: String? = null): Recall {
    val m = Recall().topK(topK).classId(classId)
    thresholdsOf("Recall", thresholds) { v, single -> if (single) m.thresholds(v[0]) else m.thresholds(*v) }
    return m.named(name)
}

/** Keras' `metrics.TruePositives`, the weighted count at [thresholds] (null = 0.5, a number, or a List). */
public fun truePositives(thresholds: Any? = null, name: String? = null): TruePositives =
    confusion("TruePositives", thresholds, { TruePositives() }, { TruePositives(it) }, { TruePositives(*it) }).named(name)

/** Keras' `metrics.FalsePositives`, the weighted count at [thresholds] (null = 0.5, a number, or a List). */
public fun falsePositives(thresholds: Any? = null, name: String? = null): FalsePositives =
    confusion("FalsePositives", thresholds, { FalsePositives() }, { FalsePositives(it) }, { FalsePositives(*it) }).named(name)

/** Keras' `metrics.TrueNegatives`, the weighted count at [thresholds] (null = 0.5, a number, or a List). */
public fun trueNegatives(thresholds: Any? = null, name: String? = null): TrueNegatives =
    confusion("TrueNegatives", thresholds, { TrueNegatives() }, { TrueNegatives(it) }, { TrueNegatives(*it) }).named(name)

/** Keras' `metrics.FalseNegatives`, the weighted count at [thresholds] (null = 0.5, a number, or a List). */
public fun falseNegatives(thresholds: Any? = null, name: String? = null): FalseNegatives =
    confusion("FalseNegatives", thresholds, { FalseNegatives() }, { FalseNegatives(it) }, { FalseNegatives(*it) }).named(name)

private inline fun <M> confusion(owner: String, thresholds: Any?, none: () -> M, one: (Double) -> M, many: (DoubleArray) -> M): M {
    val v = dev.lamina.kotlin.thresholdsArg(owner, thresholds) ?: return none()
    return if (thresholds is Number) one(v[0]) else many(v)
}

/** Keras' `metrics.Mean`: the weighted mean of the values it is given. */
public fun mean(name: String? = null): Mean = if (name == null) Mean() else Mean(name)

/** Keras' `metrics.Sum`: the weighted sum of the values it is given. */
public fun sum(name: String? = null): Sum = if (name == null) Sum() else Sum(name)

/**
 * Keras' `metrics.MeanMetricWrapper`: the streaming mean of `fn(yTrue, yPred)`. [direction] (not a Keras argument)
 * tells callbacks in mode "auto" whether higher is better.
 */
public fun meanMetricWrapper(fn: (yTrue: Tensor, yPred: Tensor) -> Tensor, name: String, direction: Direction = Direction.NONE): MeanMetricWrapper =
    MeanMetricWrapper(name, { t, p -> fn(t, p) }, direction)

/** Keras' `metrics.MeanSquaredError`. */
public fun meanSquaredError(name: String? = null): MeanSquaredError = MeanSquaredError().named(name)

/** Keras' `metrics.MeanAbsoluteError`. */
public fun meanAbsoluteError(name: String? = null): MeanAbsoluteError = MeanAbsoluteError().named(name)

/** Keras' `metrics.MeanAbsolutePercentageError`. */
public fun meanAbsolutePercentageError(name: String? = null): MeanAbsolutePercentageError = MeanAbsolutePercentageError().named(name)

/** Keras' `metrics.MeanSquaredLogarithmicError`. */
public fun meanSquaredLogarithmicError(name: String? = null): MeanSquaredLogarithmicError = MeanSquaredLogarithmicError().named(name)

/** Keras' `metrics.RootMeanSquaredError`. */
public fun rootMeanSquaredError(name: String? = null): RootMeanSquaredError = RootMeanSquaredError().named(name)

/** Keras' `metrics.LogCoshError`. */
public fun logCoshError(name: String? = null): LogCoshError = LogCoshError().named(name)

/** Keras' `metrics.CosineSimilarity` (positive: 1 for aligned vectors) along [axis]. */
public fun cosineSimilarity(axis: Int = -1, name: String? = null): CosineSimilarity = CosineSimilarity(axis).named(name)

/** Keras' `metrics.Hinge`. */
public fun hinge(name: String? = null): Hinge = Hinge().named(name)

/** Keras' `metrics.SquaredHinge`. */
public fun squaredHinge(name: String? = null): dev.lamina.metrics.SquaredHinge = dev.lamina.metrics.SquaredHinge().named(name)

/** Keras' `metrics.CategoricalHinge`. */
public fun categoricalHinge(name: String? = null): CategoricalHinge = CategoricalHinge().named(name)

/** Keras' `metrics.Poisson`. */
public fun poisson(name: String? = null): Poisson = Poisson().named(name)

/** Keras' `metrics.KLDivergence`. */
public fun klDivergence(name: String? = null): KLDivergence = KLDivergence().named(name)

/** Keras' `metrics.BinaryCrossentropy`, the streaming mean of the loss of the same name. */
public fun binaryCrossentropy(fromLogits: Boolean = false, labelSmoothing: Double = 0.0, name: String? = null): BinaryCrossentropy =
    BinaryCrossentropy(fromLogits, labelSmoothing).named(name)

/** Keras' `metrics.CategoricalCrossentropy`, the streaming mean of the loss of the same name. */
public fun categoricalCrossentropy(fromLogits: Boolean = false, labelSmoothing: Double = 0.0, name: String? = null): CategoricalCrossentropy =
    CategoricalCrossentropy(fromLogits, labelSmoothing).named(name)

/** Keras' `metrics.SparseCategoricalCrossentropy`, the streaming mean of the loss of the same name. */
public fun sparseCategoricalCrossentropy(fromLogits: Boolean = false, name: String? = null): SparseCategoricalCrossentropy =
    SparseCategoricalCrossentropy(fromLogits).named(name)
