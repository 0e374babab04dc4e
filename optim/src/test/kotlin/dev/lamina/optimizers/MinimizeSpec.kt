package dev.lamina.optimizers

import dev.lamina.tensor.Autodiff
import dev.lamina.tensor.NnOps
import dev.lamina.tensor.Ops
import dev.lamina.tensor.ReduceOps
import dev.lamina.tensor.Rng
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.tensor.Variable
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import java.lang.management.ManagementFactory

/** Keras' minimize: gradients into arrays kept per variable, then apply; the same steps as gradients + apply. */
class MinimizeSpec : FunSpec({
    val x = Rng(1).normal(Shape.of(4, 256), 0f, 1f)

    fun model() = listOf(Variable("kernel", Rng(2).normal(Shape.of(256, 256), 0f, 0.05f)), Variable("bias", Tensor.zeros(256)))

    fun loss(vars: List<Variable>): Tensor = ReduceOps.mean(Ops.square(NnOps.dense(x, vars[0].value(), vars[1].value(), true)))

    test("minimize takes the same steps as gradients then apply") {
        val a = model()
        val b = model()
        val oa = Adam(0.01)
        val ob = Adam(0.01)
        repeat(3) {
            oa.minimize(loss(a), a)
            ob.apply(Autodiff.gradients(loss(b), b), b)
        }
        a.zip(b).forEach { (u, v) -> u.value().toFloatArray().toList() shouldBe v.value().toFloatArray().toList() }
    }

    test("a minimize step allocates far less than the 256 kB kernel: gradients and slots are reused") {
        val vars = model()
        val opt = Adam(0.01)
        repeat(2000) { opt.minimize(loss(vars), vars) }    // warm up the JIT (vector code boxes until compiled)
        val bean = ManagementFactory.getThreadMXBean() as com.sun.management.ThreadMXBean
        val thread = Thread.currentThread().id
        val start = bean.getThreadAllocatedBytes(thread)
        repeat(100) { opt.minimize(loss(vars), vars) }
        val perStep = (bean.getThreadAllocatedBytes(thread) - start) / 100
        perStep shouldBeLessThan 64L * 1024
    }
})
