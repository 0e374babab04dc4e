package dev.lamina.optimizers

import dev.lamina.tensor.Tensor
import dev.lamina.tensor.Variable
import dev.lamina.testing.Fixtures
import dev.lamina.testing.TensorAsserts
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.shouldBe

/** Every optimizer variant of optimizers.json: 5 steps, variables and Keras-named slots after each step. */
@Suppress("UNCHECKED_CAST")
class OptimizerFixtureSpec : FunSpec({
    val fx = Fixtures.load("optimizers.json")
    val names = fx["variables"] as List<String>
    val initial = fx["initial_variables"] as Map<String, Any?>
    val gradients = fx["gradients"] as List<Map<String, Any?>>
    val variants = fx["optimizers"] as Map<String, Map<String, Any?>>

    fun freshVariables() = names.map { Variable(it, Fixtures.tensor(initial[it])) }
    fun grads(step: Int) = names.map { Fixtures.tensor(gradients[step][it]) }

    test("the fixture holds the 16 variants") {
        variants.size shouldBe 16
    }

    for ((variant, spec) in variants) {
        test("$variant follows Keras for 5 steps (variables atol 1e-6, slots rtol 1e-4)") {
            val opt = Optimizers.fromConfig(spec["keras_class"] as String, spec["config"] as Map<String, Any?>)
            val vars = freshVariables()
            val trajectory = spec["trajectory"] as List<Map<String, Any?>>
            trajectory.size shouldBe 5
            for ((i, after) in trajectory.withIndex()) {
                withClue("$variant step ${i + 1}: learning rate") {
                    opt.getLearningRate() shouldBe ((after["learning_rate"] as Number).toDouble() plusOrMinus 1e-9)
                }
                opt.apply(grads(i), vars)
                opt.iterations() shouldBe (i + 1).toLong()
                val varsAfter = after["variables_after"] as Map<String, Any?>
                val slotsAfter = after["slots_after"] as Map<String, Map<String, Any?>>
                val state = opt.exportState()
                for (v in vars) {
                    val (shape, expected) = Fixtures.doubles(varsAfter[v.name()])
                    TensorAsserts.assertClose(expected, shape, v.value(), rtol = 0.0, atol = 1e-6, what = "$variant step ${i + 1} ${v.name()}")
                    val expectedSlots = slotsAfter[v.name()]!!
                    state.slotKeys().filter { it.startsWith(v.name() + "/") }.map { it.substringAfterLast('/') }.toSet() shouldBe expectedSlots.keys
                    for ((slot, value) in expectedSlots) {
                        val (sShape, sExpected) = Fixtures.doubles(value)
                        TensorAsserts.assertClose(sExpected, sShape, state.slot(v.name(), slot), rtol = 1e-4, atol = 1e-9,
                            what = "$variant step ${i + 1} ${v.name()}/$slot")
                    }
                }
                after["u_product_after"]?.let { expected ->
                    state.scalars()["u_product"]!! shouldBe ((expected as Number).toDouble() plusOrMinus 1e-6)
                }
            }
        }
    }

    // The clipped gradients themselves, seen through SGD(lr=1) on zero variables: w = -clip(g) exactly.
    for ((variant, spec) in variants.filter { it.value["trajectory"].let { t -> (t as List<Map<String, Any?>>)[0].containsKey("gradients_after_clipping") } }) {
        test("$variant clips gradients as Keras does") {
            val config = spec["config"] as Map<String, Any?>
            val trajectory = spec["trajectory"] as List<Map<String, Any?>>
            for ((i, after) in trajectory.withIndex()) {
                val probe = SGD(1.0).clipnorm(config["clipnorm"] as Double?).clipvalue(config["clipvalue"] as Double?)
                    .globalClipnorm(config["global_clipnorm"] as Double?)
                val vars = names.map { Variable(it, Tensor.zeros(Fixtures.tensor(initial[it]).shape())) }
                val raw = grads(i)
                val rawCopy = raw.map { it.copy() }
                probe.apply(raw, vars)
                for ((k, v) in vars.withIndex()) {
                    raw[k].valueEquals(rawCopy[k]) shouldBe true // the caller's gradients are not modified
                    val (shape, clipped) = Fixtures.doubles((after["gradients_after_clipping"] as Map<String, Any?>)[v.name()])
                    val negated = DoubleArray(clipped.size) { -clipped[it] }
                    TensorAsserts.assertClose(negated, shape, v.value(), rtol = 1e-6, atol = 1e-7, what = "$variant step ${i + 1} clipped ${v.name()}")
                }
            }
        }
    }
})
