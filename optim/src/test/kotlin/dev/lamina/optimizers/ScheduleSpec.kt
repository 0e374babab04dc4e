package dev.lamina.optimizers

import dev.lamina.optimizers.schedules.CosineDecay
import dev.lamina.optimizers.schedules.ExponentialDecay
import dev.lamina.optimizers.schedules.InverseTimeDecay
import dev.lamina.optimizers.schedules.LearningRateSchedule
import dev.lamina.optimizers.schedules.PiecewiseConstantDecay
import dev.lamina.optimizers.schedules.PolynomialDecay
import dev.lamina.optimizers.schedules.Schedules
import dev.lamina.tensor.io.Json
import dev.lamina.testing.Fixtures
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

@Suppress("UNCHECKED_CAST")
class ScheduleSpec : FunSpec({
    val schedules = Fixtures.load("optimizers.json")["schedules"] as Map<String, Map<String, Any?>>

    fun closeRel(expected: Double, actual: Double, rtol: Double = 1e-6) =
        Math.abs(expected - actual) <= rtol * Math.abs(expected) + 1e-15

    test("the fixture holds the 10 schedules") {
        schedules.size shouldBe 10
    }

    for ((name, spec) in schedules) {
        test("$name matches the fixture at steps 0..10 (rtol 1e-6)") {
            val s = Schedules.fromConfig(spec["keras_class"] as String, spec["config"] as Map<String, Any?>)
            val steps = spec["steps"] as List<Long>
            val values = spec["values"] as List<Double>
            for ((step, expected) in steps.zip(values)) {
                val actual = s.at(step)
                withClue("$name at step $step: expected $expected, received $actual") { closeRel(expected, actual) shouldBe true }
            }
        }

        test("$name round-trips its config through JSON") {
            val s = Schedules.fromConfig(spec["keras_class"] as String, spec["config"] as Map<String, Any?>)
            val text = Json.write(Schedules.serialize(s))
            val back = Schedules.deserialize(Json.parse(text) as Map<String, Any?>)
            back.className() shouldBe s.className()
            back.getConfig() shouldBe Json.parse(Json.write(s.getConfig()))
            for (step in 0L..12L) back.at(step) shouldBe s.at(step)
            // the fixture's Keras config keys are all understood and kept
            (spec["config"] as Map<String, Any?>).keys.forEach { s.getConfig().containsKey(it) shouldBe true }
        }
    }

    test("an optimizer evaluates its schedule at iterations() every step") {
        val opt = SGD(ExponentialDecay(0.1, 3, 0.5, true))
        val v = dev.lamina.tensor.Variable("w", dev.lamina.tensor.Tensor.vector(1f))
        val seen = mutableListOf<Double>()
        repeat(7) {
            seen += opt.getLearningRate()
            opt.apply(listOf(dev.lamina.tensor.Tensor.vector(1f)), listOf(v))
        }
        seen shouldBe listOf(0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025).map { it.toFloat().toDouble() }
        // w = 1 - sum of the float32 learning rates applied
        v.value().get(0) shouldBe seen.fold(1f) { w, lr -> w - 1f * lr.toFloat() }
    }

    test("an optimizer's config embeds its schedule and round-trips it") {
        val opt = Adam(CosineDecay(0.0, 6, 0.0, 0.1, 3))
        val config = opt.getConfig()
        val lr = config["learning_rate"] as Map<String, Any?>
        lr["class_name"] shouldBe "CosineDecay"
        val back = Optimizers.fromConfig("Adam", Json.parse(Json.write(config)) as Map<String, Any?>)
        back.getSchedule()!!.getConfig() shouldBe Json.parse(Json.write(opt.getSchedule()!!.getConfig()))
        back.getLearningRate() shouldBe 0.0
    }

    test("defaults are Keras'") {
        PolynomialDecay(0.1, 10).getConfig() shouldBe mapOf(
            "initial_learning_rate" to 0.1, "decay_steps" to 10L, "end_learning_rate" to 0.0001, "power" to 1.0,
            "cycle" to false, "name" to "PolynomialDecay",
        )
        CosineDecay(0.1, 10).getConfig()["alpha"] shouldBe 0.0
        CosineDecay(0.1, 10).getConfig()["warmup_target"] shouldBe null
        ExponentialDecay(0.1, 10, 0.9).getConfig()["staircase"] shouldBe false
        InverseTimeDecay(0.1, 10, 0.9).getConfig()["staircase"] shouldBe false
    }

    test("bad arguments name the class, the argument and the value") {
        shouldThrow<IllegalArgumentException> { ExponentialDecay(0.1, 0, 0.5) }.message shouldBe
            "ExponentialDecay: expected decay_steps > 0, received decay_steps=0"
        shouldThrow<IllegalArgumentException> { PolynomialDecay(0.1, -2) }.message shouldContain "decay_steps=-2"
        shouldThrow<IllegalArgumentException> { PiecewiseConstantDecay(longArrayOf(3, 7), doubleArrayOf(0.1, 0.05)) }.message shouldBe
            "PiecewiseConstantDecay: expected one more value than boundaries, received boundaries=[3, 7] and values=[0.1, 0.05]"
        shouldThrow<IllegalArgumentException> { PiecewiseConstantDecay(longArrayOf(7, 3), doubleArrayOf(0.1, 0.05, 0.01)) }.message shouldContain
            "strictly increasing"
        shouldThrow<IllegalArgumentException> { CosineDecay(0.1, 5, 0.0, 0.2, -1) }.message shouldContain "warmup_steps=-1"
    }

    test("the registry rejects unknown classes and configs") {
        shouldThrow<IllegalArgumentException> { Schedules.fromConfig("StepDecay", mapOf()) }.message shouldContain
            "expected one of [CosineDecay, ExponentialDecay, InverseTimeDecay, PiecewiseConstantDecay, PolynomialDecay]"
        shouldThrow<IllegalArgumentException> {
            Schedules.fromConfig("ExponentialDecay", mapOf("initial_learning_rate" to 0.1, "decay_steps" to 3L, "decay_rate" to 0.5, "warmup" to 1L))
        }.message shouldContain "unrecognized key(s) [warmup]"
        shouldThrow<IllegalArgumentException> { Schedules.fromConfig("ExponentialDecay", mapOf("initial_learning_rate" to 0.1)) }.message shouldContain
            "expected config key 'decay_steps'"
    }

    test("a custom schedule registers and round-trips through an optimizer config") {
        class Halving(val start: Double) : LearningRateSchedule {
            override fun at(step: Long) = start / (1L shl step.toInt().coerceAtMost(30))
            override fun getConfig(): Map<String, Any?> = mapOf("start" to start)
            override fun className() = "Halving"
        }
        Schedules.register("Halving") { c -> Halving((c["start"] as Number).toDouble()) }
        val opt = Optimizers.deserialize(Json.parse(Json.write(Optimizers.serialize(SGD(Halving(0.8))))) as Map<String, Any?>)
        opt.getLearningRate() shouldBe 0.8f.toDouble()
        opt.getSchedule()!!.at(2) shouldBe 0.2
    }
})
