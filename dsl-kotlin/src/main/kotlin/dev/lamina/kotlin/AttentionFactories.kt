package dev.lamina.kotlin

import dev.lamina.layers.AdditiveAttention
import dev.lamina.layers.Attention
import dev.lamina.layers.MultiHeadAttention

// Attention layers: Keras' names, arguments and defaults. Keras' call arguments use_causal_mask and
// return_attention_scores are layer arguments here. In a functional block, `multiHeadAttention(4, 16)(query, value)`
// (or `(query, value, key)`, `(query, value, key, attentionMask)`) and `attention()(query, value)` (or
// `(query, value, key)`, `(query, value, key, queryMask, valueMask)`); with returnAttentionScores, `applyAll(...)`
// gives the output and the scores.

/** Keras' `MultiHeadAttention`: query/key/value kernels `[dim, numHeads, keyDim]`, output kernel `[numHeads, valueDim, out]`. */
public fun LayerSink.multiHeadAttention(
    numHeads: Int,
    keyDim: Int,
    valueDim: Int? = null,
    dropout: Double = 0.0,
    useBias: Boolean = true,
    outputShape: Int? = null,
    kernelInitializer: Any = "glorot_uniform",
    biasInitializer: Any = "zeros",
    kernelRegularizer: Any? = null,
    biasRegularizer: Any? = null,
    seed: Long? = null,
    useCausalMask: Boolean = false,
    returnAttentionScores: Boolean = false,
    name: String? = null,
): MultiHeadAttention {
    val owner = "MultiHeadAttention"
    val l = MultiHeadAttention(numHeads, keyDim).valueDim(valueDim).dropout(dropout).useBias(useBias).outputShape(outputShape)
        .kernelInitializer(initializerArg(owner, "kernelInitializer", kernelInitializer))
        .biasInitializer(initializerArg(owner, "biasInitializer", biasInitializer))
        .kernelRegularizer(regularizerArg(owner, "kernelRegularizer", kernelRegularizer))
        .biasRegularizer(regularizerArg(owner, "biasRegularizer", biasRegularizer))
        .useCausalMask(useCausalMask).returnAttentionScores(returnAttentionScores)
    if (seed != null) l.seed(seed)
    return made(l.named(name))
}

/** Keras' `Attention` (Luong): scores `query · keyᵀ` ("dot") or Keras' "concat" form, scaled with [useScale]. */
public fun LayerSink.attention(
    useScale: Boolean = false,
    scoreMode: String = "dot",
    dropout: Double = 0.0,
    seed: Long? = null,
    useCausalMask: Boolean = false,
    returnAttentionScores: Boolean = false,
    name: String? = null,
): Attention {
    val l = Attention().useScale(useScale).scoreMode(scoreMode).dropout(dropout).useCausalMask(useCausalMask)
        .returnAttentionScores(returnAttentionScores)
    if (seed != null) l.seed(seed)
    return made(l.named(name))
}

/** Keras' `AdditiveAttention` (Bahdanau): scores `Σ_d scale[d] · tanh(query[i, d] + key[j, d])`. */
public fun LayerSink.additiveAttention(
    useScale: Boolean = true,
    dropout: Double = 0.0,
    seed: Long? = null,
    useCausalMask: Boolean = false,
    returnAttentionScores: Boolean = false,
    name: String? = null,
): AdditiveAttention {
    val l = AdditiveAttention().useScale(useScale).dropout(dropout).useCausalMask(useCausalMask).returnAttentionScores(returnAttentionScores)
    if (seed != null) l.seed(seed)
    return made(l.named(name))
}
