package dev.lamina.regularizers

import dev.lamina.Lamina
import dev.lamina.layers.Conv2D
import dev.lamina.layers.Dense
import dev.lamina.tensor.Autodiff
import dev.lamina.tensor.Tensor
import dev.lamina.tensor.Variable
import dev.lamina.testing.TensorAsserts
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.floats.plusOrMinus
import io.kotest.matchers.shouldBe

class RegularizersSpec : FunSpec({
    beforeTest { Lamina.clearSession(); Lamina.setRandomSeed(0) }

    val w = Variable("w", Tensor.of(floatArrayOf(1f, -2f, 3f, -0.5f), 2, 2))

    fun penaltyAndGrad(r: Regularizer): Pair<Float, Tensor> {
        val p = r.penalty(w.value())
        return p.item() to Autodiff.gradients(p, listOf(w))[0]
    }

    test("l1: l1 * sum(|w|), gradient l1 * sign(w)") {
        val (p, g) = penaltyAndGrad(Regularizer.l1(0.1))
        p shouldBe (0.65f plusOrMinus 1e-6f)
        TensorAsserts.assertClose(Tensor.of(floatArrayOf(0.1f, -0.1f, 0.1f, -0.1f), 2, 2), g, 1e-6, 1e-7)
    }

    test("l2: l2 * sum(w^2) (no 1/2, as Keras), gradient 2 * l2 * w") {
        val (p, g) = penaltyAndGrad(Regularizer.l2(0.01))
        p shouldBe (0.1425f plusOrMinus 1e-6f)
        TensorAsserts.assertClose(Tensor.of(floatArrayOf(0.02f, -0.04f, 0.06f, -0.01f), 2, 2), g, 1e-6, 1e-7)
    }

    test("l1_l2: both terms added") {
        val (p, g) = penaltyAndGrad(Regularizer.l1l2(0.1, 0.01))
        p shouldBe (0.7925f plusOrMinus 1e-6f)
        TensorAsserts.assertClose(Tensor.of(floatArrayOf(0.12f, -0.14f, 0.16f, -0.11f), 2, 2), g, 1e-6, 1e-7)
    }

    test("ids use Keras' default 0.01; configs round-trip; negative factors are rejected") {
        Regularizer.get("l2").getConfig() shouldBe mapOf("l2" to 0.01)
        Regularizer.get("l1_l2").className() shouldBe "L1L2"
        Regularizer.fromConfig(Regularizer.l1l2(0.2, 0.3).getConfig()).getConfig() shouldBe mapOf("l1" to 0.2, "l2" to 0.3)
        shouldThrow<IllegalArgumentException> { Regularizer.l1(-1.0) }.message shouldBe
            "Regularizer: expected l1 >= 0 and l2 >= 0, received l1=-1.0, l2=0.0"
    }

    test("layers report their weights' penalties, and drop them when frozen") {
        val c = Conv2D(2, 1).kernelRegularizer(Regularizer.l2(0.5)).biasRegularizer(Regularizer.l1(1.0))
        c.call(Tensor.zeros(1, 2, 2, 1))
        c.kernel().assign(Tensor.of(floatArrayOf(1f, 2f), 1, 1, 1, 2))
        c.bias().assign(Tensor.vector(-3f, 0.5f))
        c.regularizationLosses().map { it.item() } shouldBe listOf(2.5f, 3.5f)
        c.setTrainable(false)
        c.regularizationLosses().size shouldBe 0
        val d = Dense(2)
        d.call(Tensor.zeros(1, 2))
        d.regularizationLosses().size shouldBe 0
    }
})
