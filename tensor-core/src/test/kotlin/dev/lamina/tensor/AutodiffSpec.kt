package dev.lamina.tensor

import dev.lamina.testing.GradCheck
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class AutodiffSpec : FunSpec({
    test("a 10,000-op chain differentiates without overflowing the stack") {
        val v = Variable("w", Tensor.vector(1f, 2f))
        var x = v.value()
        repeat(10_000) { x = Ops.add(x, Tensor.scalar(0.5f)) }
        val g = Autodiff.gradients(ReduceOps.sum(x), listOf(v))[0]
        g.toFloatArray().toList() shouldBe listOf(1f, 1f)
    }

    test("a non-scalar loss is rejected with its shape") {
        val v = Variable("w", Tensor.vector(1f, 2f))
        val e = shouldThrow<IllegalArgumentException> { Autodiff.gradients(Ops.multiply(v.value(), 2f), listOf(v)) }
        e.message shouldContain "(2,)"
    }

    test("a variable the loss does not depend on gets a zero gradient of its shape") {
        val used = Variable("a", Tensor.vector(3f))
        val unused = Variable("b", Tensor.zeros(2, 2))
        val g = Autodiff.gradients(ReduceOps.sum(Ops.square(used.value())), listOf(used, unused))
        g[0].item() shouldBe 6f
        g[1].shape() shouldBe Shape.of(2, 2)
        g[1].toFloatArray().all { it == 0f } shouldBe true
    }

    test("a frozen variable records nothing") {
        val v = Variable("w", Tensor.vector(1f), false)
        Ops.multiply(v.value(), 3f).requiresGrad() shouldBe false
    }

    test("nothing is recorded under NoGrad") {
        val v = Variable("w", Tensor.vector(1f))
        NoGrad.enter().use { Ops.exp(v.value()).requiresGrad() shouldBe false }
        Ops.exp(v.value()).requiresGrad() shouldBe true
    }

    test("a used input reached twice accumulates both paths") {
        val v = Variable("w", Tensor.vector(2f))
        val x = v.value()
        val g = Autodiff.gradients(ReduceOps.sum(Ops.multiply(x, x)), listOf(v))[0]
        g.item() shouldBe 4f
    }

    test("broadcast gradients are summed back to the input shape") {
        GradCheck.check(Rng(1).normal(Shape.of(3, 4), 0f, 1f), Rng(2).normal(Shape.of(4), 0f, 1f)) { (a, b) -> Ops.multiply(a, b) }
        GradCheck.check(Rng(1).normal(Shape.of(2, 1, 4), 0f, 1f), Rng(2).normal(Shape.of(3, 1), 0f, 1f)) { (a, b) -> Ops.add(a, b) }
    }

    test("the graph is released after gradients") {
        val v = Variable("w", Tensor.vector(2f))
        val loss = ReduceOps.sum(Ops.square(v.value()))
        Autodiff.gradients(loss, listOf(v))[0].item() shouldBe 4f
        Autodiff.gradients(loss, listOf(v))[0].item() shouldBe 0f
    }
})
