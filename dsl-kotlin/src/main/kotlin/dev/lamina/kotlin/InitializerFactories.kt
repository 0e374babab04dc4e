package dev.lamina.kotlin

import dev.lamina.initializers.Initializer
import dev.lamina.initializers.Initializers
import dev.lamina.regularizers.Regularizer

// Keras' initializers and regularizers, to pass where a layer takes kernelInitializer, kernelRegularizer, ...
// (which also take their Keras ids: "he_normal", "l2"). Keras' per-initializer `seed` has no counterpart: a layer
// seeds its initializers (Layer.seed, or the session seed from Lamina.setRandomSeed).

/** Keras' `GlorotUniform`: uniform in ±sqrt(6 / (fanIn + fanOut)). */
public fun glorotUniform(): Initializer = Initializers.glorotUniform()

/** Keras' `GlorotNormal`: truncated normal with stddev sqrt(2 / (fanIn + fanOut)). */
public fun glorotNormal(): Initializer = Initializers.glorotNormal()

/** Keras' `HeNormal`: truncated normal with stddev sqrt(2 / fanIn). */
public fun heNormal(): Initializer = Initializers.heNormal()

/** Keras' `HeUniform`: uniform in ±sqrt(6 / fanIn). */
public fun heUniform(): Initializer = Initializers.heUniform()

/** Keras' `LecunNormal`: truncated normal with stddev sqrt(1 / fanIn). */
public fun lecunNormal(): Initializer = Initializers.lecunNormal()

/** Keras' `LecunUniform`: uniform in ±sqrt(3 / fanIn). */
public fun lecunUniform(): Initializer = Initializers.lecunUniform()

/** Keras' `RandomNormal`. */
public fun randomNormal(mean: Double = 0.0, stddev: Double = 0.05): Initializer = Initializers.randomNormal(mean, stddev)

/** Keras' `RandomUniform`. */
public fun randomUniform(minval: Double = -0.05, maxval: Double = 0.05): Initializer = Initializers.randomUniform(minval, maxval)

/** Keras' `TruncatedNormal`: normal values redrawn beyond two standard deviations. */
public fun truncatedNormal(mean: Double = 0.0, stddev: Double = 0.05): Initializer = Initializers.truncatedNormal(mean, stddev)

/** Keras' `Orthogonal`, scaled by [gain]. */
public fun orthogonal(gain: Double = 1.0): Initializer = Initializers.orthogonal(gain)

/** Keras' `Constant`. */
public fun constant(value: Double = 0.0): Initializer = Initializers.constant(value)

/** Keras' `Zeros`. */
public fun zeros(): Initializer = Initializers.zeros()

/** Keras' `Ones`. */
public fun ones(): Initializer = Initializers.ones()

/** Keras' `regularizers.L1`: `l1 * sum(|w|)`. */
public fun l1(l1: Double = 0.01): Regularizer = Regularizer.l1(l1)

/** Keras' `regularizers.L2`: `l2 * sum(w²)`. */
public fun l2(l2: Double = 0.01): Regularizer = Regularizer.l2(l2)

/** Keras' `regularizers.L1L2`: `l1 * sum(|w|) + l2 * sum(w²)`. */
public fun l1L2(l1: Double = 0.0, l2: Double = 0.0): Regularizer = Regularizer.l1l2(l1, l2)
