package dev.lamina.optimizers

import dev.lamina.tensor.Rng
import dev.lamina.tensor.Shape
import dev.lamina.tensor.ShapeMismatchException
import dev.lamina.tensor.Tensor
import dev.lamina.tensor.Variable
import dev.lamina.testing.Fixtures
import dev.lamina.testing.TensorAsserts
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.lang.management.ManagementFactory

@Suppress("UNCHECKED_CAST")
class OptimizerStateSpec : FunSpec({
    val variants = Fixtures.load("optimizers.json")["optimizers"] as Map<String, Map<String, Any?>>
    fun build(variant: String) = variants[variant]!!.let { Optimizers.fromConfig(it["keras_class"] as String, it["config"] as Map<String, Any?>) }

    fun model(names: List<String> = listOf("dense_1/kernel", "dense_1/bias")): List<Variable> =
        listOf(Variable(names[0], Rng(3).normal(Shape.of(4, 3), 0f, 1f)), Variable(names[1], Rng(4).normal(Shape.of(3), 0f, 1f)))
    fun grads(step: Int): List<Tensor> =
        listOf(Rng(100L + step).normal(Shape.of(4, 3), 0f, 1f), Rng(200L + step).normal(Shape.of(3), 0f, 1f))
    fun sameBits(a: List<Variable>, b: List<Variable>) = a.zip(b).forEach { (x, y) -> TensorAsserts.assertBitEqual(x.value(), y.value(), x.name()) }

    for (variant in variants.keys) {
        test("$variant: export mid-trajectory, import into a fresh optimizer, continue bit-identically") {
            val original = build(variant)
            val vars = model()
            repeat(3) { original.apply(grads(it), vars) }
            val state = original.exportState()
            state.iterations() shouldBe 3L
            val resumedVars = vars.map { Variable(it.name(), it.snapshot()) }
            val resumed = build(variant)
            resumed.importState(state, resumedVars)
            resumed.iterations() shouldBe 3L
            for (step in 3 until 7) {
                original.apply(grads(step), vars)
                resumed.apply(grads(step), resumedVars)
                sameBits(vars, resumedVars)
            }
            val a = original.exportState()
            val b = resumed.exportState()
            b.slotKeys() shouldBe a.slotKeys()
            b.scalars() shouldBe a.scalars()
            for (k in a.slotKeys()) TensorAsserts.assertBitEqual(a.slot(k), b.slot(k), k)
        }
    }

    test("the exported state is a snapshot, addressable by variable and slot name") {
        val opt = Adam()
        val vars = model()
        opt.apply(grads(0), vars)
        val state = opt.exportState()
        state.slotKeys().toList() shouldBe listOf("dense_1/kernel/momentum", "dense_1/kernel/velocity", "dense_1/bias/momentum", "dense_1/bias/velocity")
        val before = state.slot("dense_1/kernel", "momentum")
        opt.apply(grads(1), vars)
        TensorAsserts.assertBitEqual(before, state.slot("dense_1/kernel/momentum"))
        state.scalars()["learning_rate"] shouldBe 0.001f.toDouble()
        state.slot("dense_1/kernel/nothing") shouldBe null
    }

    test("import restores the learning rate and Nadam's u_product") {
        val nadam = Nadam(0.01)
        val vars = model()
        repeat(2) { nadam.apply(grads(it), vars) }
        val state = nadam.exportState()
        state.scalars()["u_product"]!! shouldBe (0.9 * (1 - 0.5 * 0.96) * 0.9 * (1 - 0.5 * 0.96 * 0.96)).let { it plusOrMinus 1e-6 }
        val fresh = Nadam(0.5)
        fresh.importState(state, vars)
        fresh.getLearningRate() shouldBe 0.01f.toDouble()
        fresh.exportState().scalars() shouldBe state.scalars()
    }

    test("a mismatched state is rejected with a message and changes nothing") {
        val opt = Adam()
        val vars = model()
        repeat(2) { opt.apply(grads(it), vars) }
        val good = opt.exportState()
        fun attempt(s: OptimizerState, v: List<Variable> = vars): String {
            val target = Adam()
            val copies = v.map { Variable(it.name(), it.snapshot()) }
            target.apply(grads(9), copies)
            val before = target.exportState()
            val e = shouldThrow<IllegalArgumentException> { target.importState(s, copies) }
            val after = target.exportState()
            after.iterations() shouldBe before.iterations()
            after.slotKeys() shouldBe before.slotKeys()
            for (k in before.slotKeys()) TensorAsserts.assertBitEqual(before.slot(k), after.slot(k), k)
            return e.message!!
        }
        attempt(good, model(listOf("dense_2/kernel", "dense_1/bias"))) shouldContain "received 'dense_1/kernel/momentum'"
        val slots = good.slotKeys().associateWith { good.slot(it)!! }
        val wrongShape = slots.toMutableMap().also { it["dense_1/bias/velocity"] = Tensor.zeros(4) }
        shouldThrow<ShapeMismatchException> { Adam().importState(OptimizerState(2, good.scalars(), wrongShape), vars) }.message shouldContain
            "slot 'dense_1/bias/velocity'"
        val missing = slots.toMutableMap().also { it.remove("dense_1/bias/momentum") }
        attempt(OptimizerState(2, good.scalars(), missing)) shouldContain "'dense_1/bias/momentum'"
        val extra = slots.toMutableMap().also { it["dense_1/bias/velocity_hat"] = Tensor.zeros(3) }
        attempt(OptimizerState(2, good.scalars(), extra)) shouldContain "expected slot names [momentum, velocity]"
        val nadamState = Nadam().also { n -> n.apply(grads(0), vars) }.exportState()
        shouldThrow<IllegalArgumentException> {
            Nadam().importState(OptimizerState(1, mapOf(), nadamState.slotKeys().associateWith { nadamState.slot(it)!! }), vars)
        }.message shouldContain "'u_product'"
        shouldThrow<IllegalArgumentException> { OptimizerState(1, mapOf(), mapOf("noslash" to Tensor.zeros(1))) }
    }

    test("importing an empty state resets the optimizer") {
        val opt = Adam()
        val vars = model()
        opt.apply(grads(0), vars)
        opt.importState(OptimizerState(0, mapOf(), mapOf()), vars)
        opt.iterations() shouldBe 0L
        opt.exportState().slotKeys().isEmpty() shouldBe true
    }

    test("updates are allocation-free: the same slot arrays every step, the caller's gradients untouched") {
        val builders: List<() -> Optimizer> = listOf(
            { SGD(0.01).momentum(0.9).nesterov(true).clipnorm(1.0) },
            { RMSprop().momentum(0.5).centered(true).globalClipnorm(1.0) },
            { Adam().amsgrad(true).clipvalue(0.5) },
            { AdamW() }, { Adagrad() }, { Adadelta() }, { Adamax() }, { Nadam() },
        )
        val bean = ManagementFactory.getThreadMXBean() as com.sun.management.ThreadMXBean
        val thread = Thread.currentThread().id
        for (b in builders) {
            val opt = b()
            val vars = model()
            val g = grads(0)
            val gCopy = g.map { it.copy() }
            opt.apply(g, vars)
            val arrays = vars.map { v -> opt.slotsOf(v).let { s -> (0 until s.count()).map { s.get(it) } } }
            repeat(2000) { opt.apply(g, vars) } // warm up the JIT
            val start = bean.getThreadAllocatedBytes(thread)
            repeat(2000) { opt.apply(g, vars) }
            val allocated = bean.getThreadAllocatedBytes(thread) - start
            allocated shouldBeLessThan 4096L // 2000 steps; one allocation per step would be >= 32 kB
            vars.map { v -> opt.slotsOf(v).let { s -> (0 until s.count()).map { s.get(it) } } }.flatten()
                .zip(arrays.flatten()).forEach { (x, y) -> (x === y) shouldBe true }
            g.zip(gCopy).forEach { (x, y) -> TensorAsserts.assertBitEqual(y, x) }
        }
    }

    test("the learning rate is settable between steps and read every step") {
        val w = Variable("w", Tensor.vector(1f))
        val g = listOf(Tensor.vector(2f))
        val sgd = SGD(0.1)
        sgd.apply(g, listOf(w))
        sgd.setLearningRate(0.05)
        sgd.getLearningRate() shouldBe 0.05f.toDouble()
        sgd.apply(g, listOf(w))
        w.value().get(0) shouldBe (1f - 2f * 0.1f) - 2f * 0.05f
        // a constant replaces a schedule, and a schedule replaces a constant
        sgd.setLearningRate(dev.lamina.optimizers.schedules.PiecewiseConstantDecay(longArrayOf(2), doubleArrayOf(1.0, 0.5)))
        sgd.getLearningRate() shouldBe 1.0
        sgd.apply(g, listOf(w))
        sgd.getLearningRate() shouldBe 0.5
        sgd.setLearningRate(0.3)
        sgd.getSchedule() shouldBe null
        sgd.getLearningRate() shouldBe 0.3f.toDouble()
        sgd.getConfig()["learning_rate"] shouldBe 0.3f.toDouble()
    }

    test("frozen variables and null gradients are skipped; all-null gradients are an error") {
        val frozen = Variable("frozen", Tensor.vector(5f), false)
        val noGrad = Variable("nograd", Tensor.vector(7f))
        val w = Variable("w", Tensor.vector(1f))
        val opt = SGD(1.0).globalClipnorm(1.0)
        opt.apply(listOf(Tensor.vector(100f), null, Tensor.vector(0.5f)), listOf(frozen, noGrad, w))
        frozen.value().get(0) shouldBe 5f
        noGrad.value().get(0) shouldBe 7f
        w.value().get(0) shouldBe 0.5f // the frozen gradient does not count in the global norm
        opt.iterations() shouldBe 1L
        opt.slotsOf(frozen) shouldBe null
        shouldThrow<IllegalArgumentException> { opt.apply(listOf(null), listOf(w)) }.message shouldContain "received none"
        opt.apply(listOf(), listOf())
        opt.apply(listOf(Tensor.vector(1f)), listOf(frozen))
        opt.iterations() shouldBe 1L
        shouldThrow<ShapeMismatchException> { opt.apply(listOf(Tensor.vector(1f, 2f)), listOf(w)) }.message shouldContain "'w'"
        shouldThrow<IllegalArgumentException> { opt.apply(listOf(Tensor.vector(1f)), listOf(w, noGrad)) }.message shouldContain
            "received 1 gradients for 2 variables"
        opt.iterations() shouldBe 1L
    }

    test("weight decay is decoupled and honours exclude_from_weight_decay") {
        val kernel = Variable("dense/kernel", Tensor.vector(2f, -4f))
        val bias = Variable("dense/bias", Tensor.vector(3f))
        val opt = AdamW(0.1).weightDecay(0.5)
        opt.excludeFromWeightDecay(null, listOf("bias"))
        // zero gradients: Adam's step is 0/(0+eps) = 0, so only the decay moves the variables
        repeat(2) { opt.apply(listOf(Tensor.vector(0f, 0f), Tensor.vector(0f)), listOf(kernel, bias)) }
        kernel.value().get(0) shouldBe (2f - 2f * 0.5f * 0.1f).let { it - it * 0.5f * 0.1f }
        kernel.value().get(1) shouldBe (-4f - -4f * 0.5f * 0.1f).let { it - it * 0.5f * 0.1f }
        bias.value().get(0) shouldBe 3f
        opt.excludeFromWeightDecay(listOf(kernel), null)
        opt.apply(listOf(Tensor.vector(0f, 0f), Tensor.vector(0f)), listOf(kernel, bias))
        bias.value().get(0) shouldBe 3f - 3f * 0.5f * 0.1f
    }
})
