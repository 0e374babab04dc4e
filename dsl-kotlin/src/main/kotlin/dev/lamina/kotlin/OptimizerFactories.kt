package dev.lamina.kotlin

import dev.lamina.optimizers.Adadelta
import dev.lamina.optimizers.Adagrad
import dev.lamina.optimizers.Adam
import dev.lamina.optimizers.AdamW
import dev.lamina.optimizers.Adamax
import dev.lamina.optimizers.Nadam
import dev.lamina.optimizers.Optimizer
import dev.lamina.optimizers.RMSprop
import dev.lamina.optimizers.SGD
import dev.lamina.optimizers.schedules.LearningRateSchedule

// Optimizers with Keras' argument names and defaults. Each comes twice: with a constant learning rate (which has
// Keras' default) and with a LearningRateSchedule (see ScheduleFactories.kt), like Keras' `learning_rate` that
// takes either. The common Keras options: weightDecay, clipnorm, clipvalue, globalClipnorm (null = off) and name.

private fun <O : Optimizer> O.common(weightDecay: Double?, clipnorm: Double?, clipvalue: Double?, globalClipnorm: Double?, name: String?): O {
    if (weightDecay != null) weightDecay(weightDecay)
    if (clipnorm != null) clipnorm(clipnorm)
    if (clipvalue != null) clipvalue(clipvalue)
    if (globalClipnorm != null) globalClipnorm(globalClipnorm)
    if (name != null) named(name)
    return this
}

/** Keras' `SGD`: Gradient descent with optional (Nesterov) momentum. */
public fun sgd(
    learningRate: Double = 0.01,
    momentum: Double = 0.0,
    nesterov: Boolean = false,
    weightDecay: Double? = null,
    clipnorm: Double? = null,
    clipvalue: Double? = null,
    globalClipnorm: Double? = null,
    name: String? = null,
): SGD = SGD(learningRate).momentum(momentum).nesterov(nesterov).common(weightDecay, clipnorm, clipvalue, globalClipnorm, name)

/** Keras' `SGD` whose learning rate follows [learningRate], a schedule read at every step. */
public fun sgd(
    learningRate: LearningRateSchedule,
    momentum: Double = 0.0,
    nesterov: Boolean = false,
    weightDecay: Double? = null,
    clipnorm: Double? = null,
    clipvalue: Double? = null,
    globalClipnorm: Double? = null,
    name: String? = null,
): SGD = SGD(learningRate).momentum(momentum).nesterov(nesterov).common(weightDecay, clipnorm, clipvalue, globalClipnorm, name)

/** Keras' `RMSprop`: RMSprop (epsilon inside the square root, as current Keras). */
public fun rmsprop(
    learningRate: Double = 0.001,
    rho: Double = 0.9,
    momentum: Double = 0.0,
    epsilon: Double = 1e-7,
    centered: Boolean = false,
    weightDecay: Double? = null,
    clipnorm: Double? = null,
    clipvalue: Double? = null,
    globalClipnorm: Double? = null,
    name: String? = null,
): RMSprop = RMSprop(learningRate).rho(rho).momentum(momentum).epsilon(epsilon).centered(centered).common(weightDecay, clipnorm, clipvalue, globalClipnorm, name)

/** Keras' `RMSprop` whose learning rate follows [learningRate], a schedule read at every step. */
public fun rmsprop(
    learningRate: LearningRateSchedule,
    rho: Double = 0.9,
    momentum: Double = 0.0,
    epsilon: Double = 1e-7,
    centered: Boolean = false,
    weightDecay: Double? = null,
    clipnorm: Double? = null,
    clipvalue: Double? = null,
    globalClipnorm: Double? = null,
    name: String? = null,
): RMSprop = RMSprop(learningRate).rho(rho).momentum(momentum).epsilon(epsilon).centered(centered).common(weightDecay, clipnorm, clipvalue, globalClipnorm, name)

/** Keras' `Adam`: Adam (and AMSGrad with [amsgrad]). */
public fun adam(
    learningRate: Double = 0.001,
    beta1: Double = 0.9,
    beta2: Double = 0.999,
    epsilon: Double = 1e-7,
    amsgrad: Boolean = false,
    weightDecay: Double? = null,
    clipnorm: Double? = null,
    clipvalue: Double? = null,
    globalClipnorm: Double? = null,
    name: String? = null,
): Adam = Adam(learningRate).beta1(beta1).beta2(beta2).epsilon(epsilon).amsgrad(amsgrad).common(weightDecay, clipnorm, clipvalue, globalClipnorm, name)

/** Keras' `Adam` whose learning rate follows [learningRate], a schedule read at every step. */
public fun adam(
    learningRate: LearningRateSchedule,
    beta1: Double = 0.9,
    beta2: Double = 0.999,
    epsilon: Double = 1e-7,
    amsgrad: Boolean = false,
    weightDecay: Double? = null,
    clipnorm: Double? = null,
    clipvalue: Double? = null,
    globalClipnorm: Double? = null,
    name: String? = null,
): Adam = Adam(learningRate).beta1(beta1).beta2(beta2).epsilon(epsilon).amsgrad(amsgrad).common(weightDecay, clipnorm, clipvalue, globalClipnorm, name)

/** Keras' `AdamW`: Adam with decoupled weight decay ([weightDecay] is required, Keras' default 0.004). */
public fun adamW(
    learningRate: Double = 0.001,
    weightDecay: Double = 0.004,
    beta1: Double = 0.9,
    beta2: Double = 0.999,
    epsilon: Double = 1e-7,
    amsgrad: Boolean = false,
    clipnorm: Double? = null,
    clipvalue: Double? = null,
    globalClipnorm: Double? = null,
    name: String? = null,
): AdamW = AdamW(learningRate).weightDecay(weightDecay).beta1(beta1).beta2(beta2).epsilon(epsilon).amsgrad(amsgrad).common(null, clipnorm, clipvalue, globalClipnorm, name)

/** Keras' `AdamW` whose learning rate follows [learningRate], a schedule read at every step. */
public fun adamW(
    learningRate: LearningRateSchedule,
    weightDecay: Double = 0.004,
    beta1: Double = 0.9,
    beta2: Double = 0.999,
    epsilon: Double = 1e-7,
    amsgrad: Boolean = false,
    clipnorm: Double? = null,
    clipvalue: Double? = null,
    globalClipnorm: Double? = null,
    name: String? = null,
): AdamW = AdamW(learningRate).weightDecay(weightDecay).beta1(beta1).beta2(beta2).epsilon(epsilon).amsgrad(amsgrad).common(null, clipnorm, clipvalue, globalClipnorm, name)

/** Keras' `Adagrad`: Adagrad. */
public fun adagrad(
    learningRate: Double = 0.001,
    initialAccumulatorValue: Double = 0.1,
    epsilon: Double = 1e-7,
    weightDecay: Double? = null,
    clipnorm: Double? = null,
    clipvalue: Double? = null,
    globalClipnorm: Double? = null,
    name: String? = null,
): Adagrad = Adagrad(learningRate).initialAccumulatorValue(initialAccumulatorValue).epsilon(epsilon).common(weightDecay, clipnorm, clipvalue, globalClipnorm, name)

/** Keras' `Adagrad` whose learning rate follows [learningRate], a schedule read at every step. */
public fun adagrad(
    learningRate: LearningRateSchedule,
    initialAccumulatorValue: Double = 0.1,
    epsilon: Double = 1e-7,
    weightDecay: Double? = null,
    clipnorm: Double? = null,
    clipvalue: Double? = null,
    globalClipnorm: Double? = null,
    name: String? = null,
): Adagrad = Adagrad(learningRate).initialAccumulatorValue(initialAccumulatorValue).epsilon(epsilon).common(weightDecay, clipnorm, clipvalue, globalClipnorm, name)

/** Keras' `Adadelta`: Adadelta. */
public fun adadelta(
    learningRate: Double = 0.001,
    rho: Double = 0.95,
    epsilon: Double = 1e-7,
    weightDecay: Double? = null,
    clipnorm: Double? = null,
    clipvalue: Double? = null,
    globalClipnorm: Double? = null,
    name: String? = null,
): Adadelta = Adadelta(learningRate).rho(rho).epsilon(epsilon).common(weightDecay, clipnorm, clipvalue, globalClipnorm, name)

/** Keras' `Adadelta` whose learning rate follows [learningRate], a schedule read at every step. */
public fun adadelta(
    learningRate: LearningRateSchedule,
    rho: Double = 0.95,
    epsilon: Double = 1e-7,
    weightDecay: Double? = null,
    clipnorm: Double? = null,
    clipvalue: Double? = null,
    globalClipnorm: Double? = null,
    name: String? = null,
): Adadelta = Adadelta(learningRate).rho(rho).epsilon(epsilon).common(weightDecay, clipnorm, clipvalue, globalClipnorm, name)

/** Keras' `Adamax`: Adamax, Adam with the infinity norm. */
public fun adamax(
    learningRate: Double = 0.001,
    beta1: Double = 0.9,
    beta2: Double = 0.999,
    epsilon: Double = 1e-7,
    weightDecay: Double? = null,
    clipnorm: Double? = null,
    clipvalue: Double? = null,
    globalClipnorm: Double? = null,
    name: String? = null,
): Adamax = Adamax(learningRate).beta1(beta1).beta2(beta2).epsilon(epsilon).common(weightDecay, clipnorm, clipvalue, globalClipnorm, name)

/** Keras' `Adamax` whose learning rate follows [learningRate], a schedule read at every step. */
public fun adamax(
    learningRate: LearningRateSchedule,
    beta1: Double = 0.9,
    beta2: Double = 0.999,
    epsilon: Double = 1e-7,
    weightDecay: Double? = null,
    clipnorm: Double? = null,
    clipvalue: Double? = null,
    globalClipnorm: Double? = null,
    name: String? = null,
): Adamax = Adamax(learningRate).beta1(beta1).beta2(beta2).epsilon(epsilon).common(weightDecay, clipnorm, clipvalue, globalClipnorm, name)

/** Keras' `Nadam`: Nadam, Adam with Nesterov momentum. */
public fun nadam(
    learningRate: Double = 0.001,
    beta1: Double = 0.9,
    beta2: Double = 0.999,
    epsilon: Double = 1e-7,
    weightDecay: Double? = null,
    clipnorm: Double? = null,
    clipvalue: Double? = null,
    globalClipnorm: Double? = null,
    name: String? = null,
): Nadam = Nadam(learningRate).beta1(beta1).beta2(beta2).epsilon(epsilon).common(weightDecay, clipnorm, clipvalue, globalClipnorm, name)

/** Keras' `Nadam` whose learning rate follows [learningRate], a schedule read at every step. */
public fun nadam(
    learningRate: LearningRateSchedule,
    beta1: Double = 0.9,
    beta2: Double = 0.999,
    epsilon: Double = 1e-7,
    weightDecay: Double? = null,
    clipnorm: Double? = null,
    clipvalue: Double? = null,
    globalClipnorm: Double? = null,
    name: String? = null,
): Nadam = Nadam(learningRate).beta1(beta1).beta2(beta2).epsilon(epsilon).common(weightDecay, clipnorm, clipvalue, globalClipnorm, name)
