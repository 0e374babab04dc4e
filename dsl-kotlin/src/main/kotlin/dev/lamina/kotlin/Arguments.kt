package dev.lamina.kotlin

import dev.lamina.activations.ActivationFunction
import dev.lamina.activations.Activations
import dev.lamina.initializers.Initializer
import dev.lamina.initializers.Initializers
import dev.lamina.regularizers.Regularizer

// Keras arguments that take "a string id or an object" are typed Any? in the factories (one rule for every
// activation, initializer and regularizer argument); these resolve them, naming the Keras class and argument.

/** A short description of a rejected argument value for error messages: its type and value. */
internal fun describe(value: Any?): String = if (value == null) "null" else "${value::class.simpleName} $value"

/** null (linear), a Keras activation id such as `"relu"`, or an [ActivationFunction]. */
internal fun activationArg(owner: String, arg: String, value: Any?): ActivationFunction = when (value) {
    null -> Activations.LINEAR
    is String -> Activations.get(value)
    is ActivationFunction -> value
    else -> throw IllegalArgumentException("$owner: expected $arg to be an activation id (String), an ActivationFunction or null, received ${describe(value)}")
}

// Keras' short aliases that Initializers.get does not know.
private val initializerAliases = mapOf("uniform" to "random_uniform", "normal" to "random_normal")

/** A Keras initializer id such as `"glorot_uniform"` (or its class name), or an [Initializer]. */
internal fun initializerArg(owner: String, arg: String, value: Any?): Initializer = when (value) {
    is String -> Initializers.get(initializerAliases[value] ?: value)
    is Initializer -> value
    else -> throw IllegalArgumentException("$owner: expected $arg to be an initializer id (String) or an Initializer, received ${describe(value)}")
}

/** null (none), a Keras regularizer id (`"l1"`, `"l2"`, `"l1_l2"`), or a [Regularizer]. */
internal fun regularizerArg(owner: String, arg: String, value: Any?): Regularizer? = when (value) {
    null -> null
    is String -> Regularizer.get(value)
    is Regularizer -> value
    else -> throw IllegalArgumentException("$owner: expected $arg to be a regularizer id (String), a Regularizer or null, received ${describe(value)}")
}

/** One size for every spatial axis (`3`) or one per axis (`listOf(3, 3)`, `intArrayOf(3, 3)`, `Pair(3, 3)`). */
internal fun tupleArg(owner: String, arg: String, value: Any?): IntArray = when (value) {
    is Int -> intArrayOf(value)
    is IntArray -> value.copyOf()
    is Pair<*, *> -> tupleArg(owner, arg, listOf(value.first, value.second))
    is Triple<*, *, *> -> tupleArg(owner, arg, listOf(value.first, value.second, value.third))
    is List<*> -> IntArray(value.size) { i ->
        value[i] as? Int ?: throw IllegalArgumentException("$owner: expected $arg to hold Ints, received ${describe(value)}")
    }
    else -> throw IllegalArgumentException("$owner: expected $arg to be an Int, a List<Int>, an IntArray or a Pair, received ${describe(value)}")
}

/** A threshold (`0.5`) or a list of thresholds (`listOf(0.3, 0.7)`, `doubleArrayOf(...)`); null is the default. */
internal fun thresholdsArg(owner: String, value: Any?): DoubleArray? = when (value) {
    null -> null
    is Number -> doubleArrayOf(value.toDouble())
    is DoubleArray -> value.copyOf()
    is List<*> -> DoubleArray(value.size) { i ->
        (value[i] as? Number)?.toDouble() ?: throw IllegalArgumentException("$owner: expected thresholds to hold numbers, received ${describe(value)}")
    }
    else -> throw IllegalArgumentException("$owner: expected thresholds to be a number, a List of numbers or null, received ${describe(value)}")
}
