package dev.lamina.kotlin

import dev.lamina.layers.BaseRnn
import dev.lamina.layers.GRU
import dev.lamina.layers.LSTM
import dev.lamina.layers.SimpleRNN

// Recurrent layers: Keras' names, arguments and defaults (stateful = true carries the states between calls until resetStates()). Called in a functional
// block, `lstm(8)(x)` runs on zero initial states; `lstm(8).apply(x, listOf(h0, c0))` takes Keras' initial_state.

private fun <L : BaseRnn<L>> L.configure(
    owner: String,
    activation: Any?,
    useBias: Boolean,
    kernelInitializer: Any,
    recurrentInitializer: Any,
    biasInitializer: Any,
    kernelRegularizer: Any?,
    recurrentRegularizer: Any?,
    biasRegularizer: Any?,
    dropout: Double,
    recurrentDropout: Double,
    seed: Long?,
    returnSequences: Boolean,
    returnState: Boolean,
    goBackwards: Boolean,
    name: String?,
): L {
    activation(activationArg(owner, "activation", activation).name()).useBias(useBias)
        .kernelInitializer(initializerArg(owner, "kernelInitializer", kernelInitializer))
        .recurrentInitializer(initializerArg(owner, "recurrentInitializer", recurrentInitializer))
        .biasInitializer(initializerArg(owner, "biasInitializer", biasInitializer))
        .kernelRegularizer(regularizerArg(owner, "kernelRegularizer", kernelRegularizer))
        .recurrentRegularizer(regularizerArg(owner, "recurrentRegularizer", recurrentRegularizer))
        .biasRegularizer(regularizerArg(owner, "biasRegularizer", biasRegularizer))
        .dropout(dropout).recurrentDropout(recurrentDropout)
        .returnSequences(returnSequences).returnState(returnState).goBackwards(goBackwards)
    if (seed != null) seed(seed)
    return named(name)
}

/** Keras' `SimpleRNN`: `h_t = activation(x_t · kernel + h_{t-1} · recurrent_kernel + bias)`. */
public fun LayerSink.simpleRNN(
    units: Int,
    activation: Any? = "tanh",
    useBias: Boolean = true,
    kernelInitializer: Any = "glorot_uniform",
    recurrentInitializer: Any = "orthogonal",
    biasInitializer: Any = "zeros",
    kernelRegularizer: Any? = null,
    recurrentRegularizer: Any? = null,
    biasRegularizer: Any? = null,
    dropout: Double = 0.0,
    recurrentDropout: Double = 0.0,
    seed: Long? = null,
    returnSequences: Boolean = false,
    returnState: Boolean = false,
    goBackwards: Boolean = false,
    stateful: Boolean = false,
    name: String? = null,
): SimpleRNN = made(
    SimpleRNN(units).stateful(stateful).configure("SimpleRNN", activation, useBias, kernelInitializer, recurrentInitializer, biasInitializer,
        kernelRegularizer, recurrentRegularizer, biasRegularizer, dropout, recurrentDropout, seed, returnSequences, returnState, goBackwards, name),
)

/** Keras' `LSTM` (gates i, f, c, o; states [h, c]). */
public fun LayerSink.lstm(
    units: Int,
    activation: Any? = "tanh",
    recurrentActivation: Any? = "sigmoid",
    useBias: Boolean = true,
    kernelInitializer: Any = "glorot_uniform",
    recurrentInitializer: Any = "orthogonal",
    biasInitializer: Any = "zeros",
    unitForgetBias: Boolean = true,
    kernelRegularizer: Any? = null,
    recurrentRegularizer: Any? = null,
    biasRegularizer: Any? = null,
    dropout: Double = 0.0,
    recurrentDropout: Double = 0.0,
    seed: Long? = null,
    returnSequences: Boolean = false,
    returnState: Boolean = false,
    goBackwards: Boolean = false,
    stateful: Boolean = false,
    name: String? = null,
): LSTM = made(
    LSTM(units).stateful(stateful).recurrentActivation(activationArg("LSTM", "recurrentActivation", recurrentActivation).name()).unitForgetBias(unitForgetBias)
        .configure("LSTM", activation, useBias, kernelInitializer, recurrentInitializer, biasInitializer,
            kernelRegularizer, recurrentRegularizer, biasRegularizer, dropout, recurrentDropout, seed, returnSequences, returnState, goBackwards, name),
)

/** Keras' `GRU` (gates z, r, h; state [h]); [resetAfter] true is Keras' default, with a `[2, 3*units]` bias. */
public fun LayerSink.gru(
    units: Int,
    activation: Any? = "tanh",
    recurrentActivation: Any? = "sigmoid",
    useBias: Boolean = true,
    kernelInitializer: Any = "glorot_uniform",
    recurrentInitializer: Any = "orthogonal",
    biasInitializer: Any = "zeros",
    kernelRegularizer: Any? = null,
    recurrentRegularizer: Any? = null,
    biasRegularizer: Any? = null,
    dropout: Double = 0.0,
    recurrentDropout: Double = 0.0,
    seed: Long? = null,
    returnSequences: Boolean = false,
    returnState: Boolean = false,
    goBackwards: Boolean = false,
    stateful: Boolean = false,
    resetAfter: Boolean = true,
    name: String? = null,
): GRU = made(
    GRU(units).stateful(stateful).recurrentActivation(activationArg("GRU", "recurrentActivation", recurrentActivation).name()).resetAfter(resetAfter)
        .configure("GRU", activation, useBias, kernelInitializer, recurrentInitializer, biasInitializer,
            kernelRegularizer, recurrentRegularizer, biasRegularizer, dropout, recurrentDropout, seed, returnSequences, returnState, goBackwards, name),
)
