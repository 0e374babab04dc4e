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
import io.kotest.matchers.longs.shouldBeGreaterThan
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
        val bean = ManagementFactory.getThreadMXBean() as com.sun.management.ThreadMXBean
        val thread = Thread.currentThread().id

        // The least, over several windows, of the bytes one step allocates on this thread: a JIT recompilation or a
        // deoptimisation (vector code boxes until compiled) inflates a window, a per-step allocation shows in all.
        fun perStep(windows: Int, steps: Int, step: () -> Unit): Long = (1..windows).minOf {
            val start = bean.getThreadAllocatedBytes(thread)
            repeat(steps) { step() }
            (bean.getThreadAllocatedBytes(thread) - start) / steps
        }

        val vars = model()
        val kernelBytes = 4L * vars[0].value().size()
        val bound = kernelBytes / 2                   // a fresh gradient or slot for the kernel is twice this
        val opt = Adam(0.01)
        repeat(2000) { opt.minimize(loss(vars), vars) }    // warm up the JIT
        perStep(5, 200) { opt.minimize(loss(vars), vars) } shouldBeLessThan bound
        // The measure sees a kernel-sized allocation: gradients then apply allocates the kernel's gradient each step.
        val other = model()
        val opt2 = Adam(0.01)
        repeat(200) { opt2.apply(Autodiff.gradients(loss(other), other), other) }
        perStep(3, 50) { opt2.apply(Autodiff.gradients(loss(other), other), other) } shouldBeGreaterThan bound
    }
})
