package dev.lamina.optimizers

import dev.lamina.optimizers.schedules.ExponentialDecay
import dev.lamina.tensor.Tensor
import dev.lamina.tensor.Variable
import dev.lamina.tensor.io.ConfigReader
import dev.lamina.tensor.io.Json
import dev.lamina.testing.Fixtures
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf

@Suppress("UNCHECKED_CAST")
class OptimizerConfigSpec : FunSpec({
    fun viaJson(m: Map<String, Any?>) = Json.parse(Json.write(m)) as Map<String, Any?>

    val configured: List<Optimizer> = listOf(
        SGD(0.05).momentum(0.8).nesterov(true).clipnorm(2.0),
        RMSprop(0.01).rho(0.8).momentum(0.5).epsilon(1e-6).centered(true).globalClipnorm(1.5),
        Adam(0.002).beta1(0.8).beta2(0.99).epsilon(1e-8).amsgrad(true).clipvalue(0.25),
        AdamW(3e-4).weightDecay(0.01).beta1(0.85).named("my_adamw"),
        Adagrad(0.1).initialAccumulatorValue(0.2).epsilon(1e-6).weightDecay(0.001),
        Adadelta(1.0).rho(0.9).epsilon(1e-6),
        Adamax(0.002).beta1(0.7).beta2(0.95).epsilon(1e-6),
        Nadam(0.002).beta1(0.8).beta2(0.95).epsilon(1e-6),
        Adam(ExponentialDecay(0.01, 100, 0.96, true)),
    )
    val ids = listOf("sgd", "rmsprop", "adam", "adamw", "adagrad", "adadelta", "adamax", "nadam")

    for ((i, opt) in (ids.map { Optimizers.get(it) } + configured).withIndex()) {
        val kind = if (i < ids.size) "default" else "configured #${i - ids.size}"
        test("${opt.className()} ($kind) round-trips getConfig and serialize through JSON") {
            val config = opt.getConfig()
            val back = Optimizers.fromConfig(opt.className(), viaJson(config))
            back.javaClass shouldBe opt.javaClass
            viaJson(back.getConfig()) shouldBe viaJson(config)
            val deserialized = Optimizers.deserialize(viaJson(Optimizers.serialize(opt)))
            viaJson(deserialized.getConfig()) shouldBe viaJson(config)
            deserialized.getLearningRate() shouldBe opt.getLearningRate()
        }
    }

    test("default configs carry Keras' names and defaults") {
        val lr3 = 0.001f.toDouble() // Keras reports its float32 learning_rate variable widened
        val expected = mapOf(
            "sgd" to mapOf("name" to "SGD", "learning_rate" to 0.01f.toDouble(), "momentum" to 0.0, "nesterov" to false),
            "rmsprop" to mapOf("name" to "rmsprop", "learning_rate" to lr3, "rho" to 0.9, "momentum" to 0.0, "epsilon" to 1e-7, "centered" to false),
            "adam" to mapOf("name" to "adam", "learning_rate" to lr3, "beta_1" to 0.9, "beta_2" to 0.999, "epsilon" to 1e-7, "amsgrad" to false,
                "weight_decay" to null),
            "adamw" to mapOf("name" to "adamw", "learning_rate" to lr3, "weight_decay" to 0.004, "beta_1" to 0.9, "beta_2" to 0.999,
                "epsilon" to 1e-7, "amsgrad" to false),
            "adagrad" to mapOf("name" to "adagrad", "learning_rate" to lr3, "initial_accumulator_value" to 0.1, "epsilon" to 1e-7),
            "adadelta" to mapOf("name" to "adadelta", "learning_rate" to lr3, "rho" to 0.95, "epsilon" to 1e-7),
            "adamax" to mapOf("name" to "adamax", "learning_rate" to lr3, "beta_1" to 0.9, "beta_2" to 0.999, "epsilon" to 1e-7),
            "nadam" to mapOf("name" to "nadam", "learning_rate" to lr3, "beta_1" to 0.9, "beta_2" to 0.999, "epsilon" to 1e-7),
        )
        for ((id, keys) in expected) {
            val config = Optimizers.get(id).getConfig()
            for ((k, v) in keys) config[k] shouldBe v
            for (k in listOf("clipnorm", "global_clipnorm", "clipvalue")) config[k] shouldBe null
            config["use_ema"] shouldBe false
        }
    }

    test("every fixture config is read and reported back with the same values") {
        val variants = Fixtures.load("optimizers.json")["optimizers"] as Map<String, Map<String, Any?>>
        for ((variant, spec) in variants) {
            val config = spec["config"] as Map<String, Any?>
            val opt = Optimizers.fromConfig(spec["keras_class"] as String, config)
            opt.className() shouldBe spec["keras_class"]
            val back = opt.getConfig()
            for ((k, v) in config) {
                if (k == "learning_rate") back[k] shouldBe (v as Double).toFloat().toDouble()
                else if (v is Number) (back[k] as Number).toDouble() shouldBe v.toDouble()
                else back[k] shouldBe v
            }
            variant.isNotEmpty() shouldBe true
        }
    }

    test("Optimizers.get is case-insensitive and returns fresh default instances") {
        Optimizers.get("ADAM").shouldBeInstanceOf<Adam>()
        Optimizers.get("RMSprop").shouldBeInstanceOf<RMSprop>()
        Optimizers.get("AdamW").shouldBeInstanceOf<AdamW>()
        (Optimizers.get("sgd") === Optimizers.get("sgd")) shouldBe false
    }

    test("registry errors list what is known") {
        shouldThrow<IllegalArgumentException> { Optimizers.get("adamm") }.message shouldBe
            "Optimizers.get: expected one of [adadelta, adagrad, adam, adamax, adamw, nadam, rmsprop, sgd], received 'adamm'"
        shouldThrow<IllegalArgumentException> { Optimizers.fromConfig("Lion", mapOf()) }.message shouldContain
            "expected one of [Adadelta, Adagrad, Adam, AdamW, Adamax, Nadam, RMSprop, SGD], received class_name=Lion"
        shouldThrow<IllegalArgumentException> { Optimizers.fromConfig("Adam", mapOf("beta1" to 0.9)) }.message shouldBe
            "Adam: expected only known config keys, received unrecognized key(s) [beta1]"
        shouldThrow<IllegalArgumentException> { Optimizers.fromConfig("Adam", mapOf("use_ema" to true)) }.message shouldContain
            "'use_ema' is not supported"
        shouldThrow<IllegalArgumentException> { Optimizers.fromConfig("Adam", mapOf("beta_1" to "high")) }.message shouldBe
            "Adam: expected beta_1 to be a number, received beta_1=\"high\" (String)"
        shouldThrow<IllegalArgumentException> { Optimizers.deserialize(mapOf("config" to mapOf<String, Any?>())) }.message shouldContain
            "expected {\"class_name\""
    }

    test("a custom optimizer registers and round-trips") {
        class Sign(lr: Double) : Optimizer("sign", lr) {
            override fun slotNames() = arrayOf<String>()
            override fun updateStep(grad: FloatArray, gOff: Int, v: FloatArray, slots: Slots, lr: Float, step: Long) {
                for (i in 0 until slots.size()) v[i] -= lr * Math.signum(grad[gOff + i])
            }
            override fun putConfig(config: MutableMap<String, Any?>) {}
            override fun className() = "Sign"
            fun configured(c: Map<String, Any?>) = apply { readBaseConfig(ConfigReader("Sign", c)) }
        }
        Optimizers.register("Sign") { c -> Sign(0.1).configured(c) }
        val back = Optimizers.deserialize(viaJson(Optimizers.serialize(Sign(0.5))))
        back.className() shouldBe "Sign"
        back.getLearningRate() shouldBe 0.5
        val w = Variable("w", Tensor.vector(1f, 1f))
        back.apply(listOf(Tensor.vector(3f, -2f)), listOf(w))
        w.value().toFloatArray().toList() shouldBe listOf(0.5f, 1.5f)
    }

    test("bad arguments name the class, the argument, the expected range and the value") {
        fun msg(block: () -> Unit) = shouldThrow<IllegalArgumentException>(block).message
        msg { Adam(-0.1) } shouldBe "Adam: expected learning_rate >= 0, received learning_rate=-0.1"
        msg { SGD().setLearningRate(Double.NaN) } shouldBe "SGD: expected learning_rate >= 0, received learning_rate=NaN"
        msg { Adam().beta1(1.0) } shouldBe "Adam: expected beta_1 in [0, 1), received beta_1=1.0"
        msg { Adamax().beta2(-0.1) } shouldBe "Adamax: expected beta_2 in [0, 1), received beta_2=-0.1"
        msg { Nadam().beta1(1.5) } shouldBe "Nadam: expected beta_1 in [0, 1), received beta_1=1.5"
        msg { AdamW().beta2(1.0) } shouldBe "AdamW: expected beta_2 in [0, 1), received beta_2=1.0"
        msg { RMSprop().rho(1.5) } shouldBe "RMSprop: expected rho in [0, 1], received rho=1.5"
        msg { Adadelta().rho(-0.5) } shouldBe "Adadelta: expected rho in [0, 1], received rho=-0.5"
        msg { RMSprop().epsilon(-1e-7) } shouldBe "RMSprop: expected epsilon >= 0, received epsilon=-1.0E-7"
        msg { Adagrad().initialAccumulatorValue(-1.0) } shouldBe
            "Adagrad: expected initial_accumulator_value >= 0, received initial_accumulator_value=-1.0"
        msg { SGD().momentum(1.5) } shouldBe "SGD: expected momentum in [0, 1], received momentum=1.5"
        msg { RMSprop().momentum(-0.9) } shouldBe "RMSprop: expected momentum >= 0, received momentum=-0.9"
        msg { Adam().clipnorm(-1.0) } shouldBe "Adam: expected clipnorm >= 0, received clipnorm=-1.0"
        msg { Adam().clipvalue(-0.5) } shouldBe "Adam: expected clipvalue >= 0, received clipvalue=-0.5"
        msg { Adam().globalClipnorm(-2.0) } shouldBe "Adam: expected global_clipnorm >= 0, received global_clipnorm=-2.0"
        msg { Adam().clipnorm(1.0).clipvalue(0.5) } shouldBe
            "Adam: expected only one of clipnorm, clipvalue and global_clipnorm to be set, received clipnorm=1.0, clipvalue=0.5, global_clipnorm=null"
        msg { AdamW().weightDecay(null) } shouldBe "AdamW: expected weight_decay to be a number >= 0, received weight_decay=null"
        msg { Adam().weightDecay(-0.1) } shouldBe "Adam: expected weight_decay >= 0, received weight_decay=-0.1"
    }

    test("a rejected argument changes nothing") {
        val adam = Adam().beta1(0.8).clipnorm(1.0)
        shouldThrow<IllegalArgumentException> { adam.beta1(2.0) }
        shouldThrow<IllegalArgumentException> { adam.globalClipnorm(1.0) }
        shouldThrow<IllegalArgumentException> { adam.setLearningRate(-1.0) }
        adam.beta1() shouldBe 0.8
        adam.globalClipnorm() shouldBe null
        adam.clipnorm() shouldBe 1.0
        adam.getLearningRate() shouldBe 0.001f.toDouble()
        // clearing one clip option allows another
        adam.clipnorm(null).globalClipnorm(1.0).globalClipnorm() shouldBe 1.0
    }

    test("options that change the slots are fixed after the first step") {
        val w = Variable("w", Tensor.vector(1f))
        val adam = Adam()
        adam.apply(listOf(Tensor.vector(1f)), listOf(w))
        shouldThrow<IllegalStateException> { adam.amsgrad(true) }.message shouldContain "amsgrad"
        adam.amsgrad(false) // unchanged is fine
        val sgd = SGD().momentum(0.9)
        sgd.apply(listOf(Tensor.vector(1f)), listOf(w))
        sgd.momentum(0.5).momentum() shouldBe 0.5 // still has the slot
        shouldThrow<IllegalStateException> { sgd.momentum(0.0) }
        val rms = RMSprop()
        rms.apply(listOf(Tensor.vector(1f)), listOf(w))
        shouldThrow<IllegalStateException> { rms.centered(true) }
    }
})
