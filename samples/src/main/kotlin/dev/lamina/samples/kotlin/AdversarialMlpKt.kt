package dev.lamina.samples.kotlin

import dev.lamina.kotlin.dense
import dev.lamina.kotlin.invoke
import dev.lamina.metrics.Mean
import dev.lamina.metrics.Metric
import dev.lamina.models.Model
import dev.lamina.tensor.GradientTape
import dev.lamina.tensor.NoGrad
import dev.lamina.tensor.Ops
import dev.lamina.tensor.Tensor
import dev.lamina.tensor.Variable
import dev.lamina.training.Batch
import dev.lamina.training.Logs

/**
 * [dev.lamina.samples.AdversarialMlp] in Kotlin: a digits classifier whose `trainStep` trains on the mean of the
 * clean loss and the loss on inputs moved by [epsilon] against the model (the fast gradient sign method).
 */
class AdversarialMlpKt(private val epsilon: Float) : Model("adversarial_mlp") {
    private val hidden = dense(64, activation = "relu")
    private val logits = dense(10)
    private val adversarialLoss = Mean("adversarial_loss")

    override fun call(input: Tensor, training: Boolean): Tensor = logits(hidden(input, training), training)

    override fun trainStep(batch: Batch): Logs {
        val x = batch.inputs()[0]
        val y = batch.targets()
        val sw = batch.sampleWeight()
        val loss = compiled().loss(0)
        val perturbed = perturb(x, y[0], sw)
        val vars = trainableWeights()
        val (yPred, total, adversarial) = GradientTape().use { tape ->
            val yPred = forwardAll(listOf(x), true)
            val clean = computeLoss(listOf(x), y, yPred, sw, true)
            val adversarial = loss.call(y[0], forwardAll(listOf(perturbed), true)[0], sw)
            val total = Ops.multiply(Ops.add(clean, adversarial), 0.5f)
            optimizer.apply(tape.gradient(total, vars), vars)
            Triple(yPred, total, adversarial)
        }
        metrics().filterIsInstance<Mean>().first { it.name() == "loss" }.update(total.item().toDouble(), batch.size().toDouble())
        adversarialLoss.update(adversarial.item().toDouble(), batch.size().toDouble())
        return computeMetrics(listOf(x), y, yPred, sw).with("adversarial_loss", adversarialLoss.result())
    }

    private fun perturb(x: Tensor, y: Tensor, sw: Tensor?): Tensor {
        val input = Variable("pixels", x, true)
        val g = GradientTape().use { tape ->
            tape.gradient(compiled().loss(0).call(y, forwardAll(listOf(input.value()), true)[0], sw), listOf(input))[0]
        }
        return NoGrad.enter().use { Ops.clip(Ops.add(x, Ops.multiply(Ops.sign(g), epsilon)), 0f, 1f) }
    }

    override fun metrics(): List<Metric> = super.metrics() + adversarialLoss
}
