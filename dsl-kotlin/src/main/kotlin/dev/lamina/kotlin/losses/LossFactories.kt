package dev.lamina.kotlin.losses

import dev.lamina.losses.BinaryCrossentropy
import dev.lamina.losses.CategoricalCrossentropy
import dev.lamina.losses.CategoricalHinge
import dev.lamina.losses.CosineSimilarity
import dev.lamina.losses.Hinge
import dev.lamina.losses.Huber
import dev.lamina.losses.KLDivergence
import dev.lamina.losses.LogCosh
import dev.lamina.losses.Loss
import dev.lamina.losses.MeanAbsoluteError
import dev.lamina.losses.MeanAbsolutePercentageError
import dev.lamina.losses.MeanSquaredError
import dev.lamina.losses.MeanSquaredLogarithmicError
import dev.lamina.losses.Poisson
import dev.lamina.losses.Reduction
import dev.lamina.losses.SparseCategoricalCrossentropy
import dev.lamina.losses.SquaredHinge

// Keras' losses (keras.losses) with Keras' argument names and defaults. They live in their own package, as the
// metrics do in dev.lamina.kotlin.metrics, because thirteen Keras losses and metrics share a class name
// (MeanSquaredError, KLDivergence, ...) and so a factory name. Every loss takes Keras' `reduction`
// ("sum_over_batch_size", "sum" or "none") and `name` (null keeps Keras' default name).

private fun <L : Loss> L.common(reduction: String, name: String?): L {
    reduction(Reduction.of(reduction))
    if (name != null) name(name)
    return this
}

/** Keras' `losses.BinaryCrossentropy` on probabilities, or on logits with [fromLogits]. */
public fun binaryCrossentropy(
    fromLogits: Boolean = false,
    labelSmoothing: Double = 0.0,
    axis: Int = -1,
    reduction: String = "sum_over_batch_size",
    name: String? = null,
): BinaryCrossentropy = BinaryCrossentropy(fromLogits).labelSmoothing(labelSmoothing).axis(axis).common(reduction, name)

/** Keras' `losses.CategoricalCrossentropy` for one-hot labels. */
public fun categoricalCrossentropy(
    fromLogits: Boolean = false,
    labelSmoothing: Double = 0.0,
    reduction: String = "sum_over_batch_size",
    name: String? = null,
): CategoricalCrossentropy = CategoricalCrossentropy(fromLogits).labelSmoothing(labelSmoothing).common(reduction, name)

/** Keras' `losses.SparseCategoricalCrossentropy` for integer labels; [ignoreClass] labels cost nothing. */
public fun sparseCategoricalCrossentropy(
    fromLogits: Boolean = false,
    ignoreClass: Int? = null,
    reduction: String = "sum_over_batch_size",
    name: String? = null,
): SparseCategoricalCrossentropy = SparseCategoricalCrossentropy(fromLogits).ignoreClass(ignoreClass).common(reduction, name)

/** Keras' `losses.MeanSquaredError`. */
public fun meanSquaredError(reduction: String = "sum_over_batch_size", name: String? = null): MeanSquaredError =
    MeanSquaredError().common(reduction, name)

/** Keras' `losses.MeanAbsoluteError`. */
public fun meanAbsoluteError(reduction: String = "sum_over_batch_size", name: String? = null): MeanAbsoluteError =
    MeanAbsoluteError().common(reduction, name)

/** Keras' `losses.MeanAbsolutePercentageError`. */
public fun meanAbsolutePercentageError(reduction: String = "sum_over_batch_size", name: String? = null): MeanAbsolutePercentageError =
    MeanAbsolutePercentageError().common(reduction, name)

/** Keras' `losses.MeanSquaredLogarithmicError`. */
public fun meanSquaredLogarithmicError(reduction: String = "sum_over_batch_size", name: String? = null): MeanSquaredLogarithmicError =
    MeanSquaredLogarithmicError().common(reduction, name)

/** Keras' `losses.CosineSimilarity` (negative: -1 for aligned vectors) along [axis]. */
public fun cosineSimilarity(axis: Int = -1, reduction: String = "sum_over_batch_size", name: String? = null): CosineSimilarity =
    CosineSimilarity(axis).common(reduction, name)

/** Keras' `losses.Huber`: quadratic for errors up to [delta], linear beyond. */
public fun huber(delta: Double = 1.0, reduction: String = "sum_over_batch_size", name: String? = null): Huber =
    Huber(delta).common(reduction, name)

/** Keras' `losses.LogCosh`. */
public fun logCosh(reduction: String = "sum_over_batch_size", name: String? = null): LogCosh = LogCosh().common(reduction, name)

/** Keras' `losses.Hinge` for labels in {-1, 1} (or {0, 1}). */
public fun hinge(reduction: String = "sum_over_batch_size", name: String? = null): Hinge = Hinge().common(reduction, name)

/** Keras' `losses.SquaredHinge`. */
public fun squaredHinge(reduction: String = "sum_over_batch_size", name: String? = null): SquaredHinge =
    SquaredHinge().common(reduction, name)

/** Keras' `losses.CategoricalHinge`. */
public fun categoricalHinge(reduction: String = "sum_over_batch_size", name: String? = null): CategoricalHinge =
    CategoricalHinge().common(reduction, name)

/** Keras' `losses.Poisson`. */
public fun poisson(reduction: String = "sum_over_batch_size", name: String? = null): Poisson = Poisson().common(reduction, name)

/** Keras' `losses.KLDivergence`. */
public fun klDivergence(reduction: String = "sum_over_batch_size", name: String? = null): KLDivergence =
    KLDivergence().common(reduction, name)
