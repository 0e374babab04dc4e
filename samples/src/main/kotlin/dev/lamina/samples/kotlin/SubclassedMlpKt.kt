package dev.lamina.samples.kotlin

import dev.lamina.kotlin.dense
import dev.lamina.kotlin.invoke
import dev.lamina.models.Model
import dev.lamina.tensor.Tensor

/** The seed's Experiment 1 MLP as a subclassed model in Kotlin: the DSL's factories initialise the fields. */
class SubclassedMlpKt : Model("subclassed_mlp") {
    private val dense1 = dense(64, activation = "relu")
    private val dense2 = dense(64, activation = "relu")
    private val logits = dense(10)

    override fun call(input: Tensor, training: Boolean): Tensor = logits(dense2(dense1(input, training), training), training)
}
