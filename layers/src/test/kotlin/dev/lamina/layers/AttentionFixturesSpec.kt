package dev.lamina.layers

import dev.lamina.Lamina
import dev.lamina.tensor.Autodiff
import dev.lamina.tensor.Ops
import dev.lamina.tensor.ReduceOps
import dev.lamina.tensor.Tensor
import dev.lamina.tensor.Variable
import dev.lamina.testing.Fixtures
import dev.lamina.testing.TensorAsserts.assertClose
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/**
 * Every MultiHeadAttention, Attention and AdditiveAttention case of recurrent.json through the layer built from the
 * fixture's Keras config: outputs, attention scores, and the gradients w.r.t. query, value, key and every weight, at
 * the fixture README's tolerance (rtol 1e-5, atol 1e-6).
 */
@Suppress("UNCHECKED_CAST")
class AttentionFixturesSpec : FunSpec({
    beforeTest { Lamina.clearSession(); Lamina.setRandomSeed(0) }

    val kinds = setOf("MultiHeadAttention", "Attention", "AdditiveAttention")
    val cases = (Fixtures.load("recurrent.json")["cases"] as Map<String, Map<String, Any?>>).filter { it.value["layer"] in kinds }

    test("the fixture holds the eight attention cases") {
        cases.keys shouldBe setOf("mha_cross", "mha_cross_attention_mask", "mha_separate_key_scores", "mha_self_causal", "attention_dot",
            "attention_dot_scale_key_masks_scores", "additive_attention", "additive_attention_key_masks_scores")
    }

    fun mask(m: Any?): Tensor? = (m as Map<String, Any?>?)?.let {
        Tensor.of((it["values"] as List<Any?>).flatDeep().map { b -> if (b as Boolean) 1f else 0f }.toFloatArray(),
            *(it["shape"] as List<Number>).map { d -> d.toInt() }.toIntArray())
    }

    for ((name, case) in cases) {
        test("fixture $name through the ${case["layer"]} layer built from its Keras config") {
            val call = case["call"] as Map<String, Any?>
            val config = (case["config"] as Map<String, Any?>) + mapOf("return_attention_scores" to call["return_attention_scores"],
                "use_causal_mask" to call["use_causal_mask"])
            val inputs = case["inputs"] as Map<String, Any?>
            val names = listOf("query", "value", "key").filter { it in inputs }
            val vars = names.map { Variable(it, Fixtures.tensor(inputs[it])) }
            val masks = case["masks"] as Map<String, Any?>
            val layer: Layer
            val run: () -> List<Tensor>
            if (case["layer"] == "MultiHeadAttention") {
                val mha = MultiHeadAttention.fromConfig(config as Map<String, Any>)
                val attentionMask = mask(masks["attention_mask"])
                run = { mha.call(vars[0].value(), vars[1].value(), vars.getOrNull(2)?.value(), attentionMask, false) }
                layer = mha
            } else {
                val att: BaseDenseAttention<*> = if (case["layer"] == "Attention") Attention.fromConfig(config as Map<String, Any>)
                else AdditiveAttention.fromConfig(config as Map<String, Any>)
                val m = if (masks.isEmpty()) null else listOf(mask(masks["query_mask"]), mask(masks["value_mask"]))
                run = { att.callWithMasks(vars.map { it.value() }, m, false) }
                layer = att
            }
            run()                                                  // builds
            val fixtureWeights = case["weights"] as Map<String, Any?>
            val byName = layer.weights().associateBy { it.name().removePrefix(layer.name() + "/") }
            byName.keys.toList() shouldBe fixtureWeights.keys.toList()
            for ((k, v) in fixtureWeights) byName.getValue(k).assign(Fixtures.tensor(v))
            val out = run()
            val outputs = case["outputs"] as Map<String, Any?>
            out.size shouldBe outputs.size
            val upstream = case["upstream"] as Map<String, Any?>
            var loss: Tensor? = null
            for ((i, entry) in outputs.entries.withIndex()) {
                val (shape, values) = Fixtures.doubles(entry.value)
                assertClose(values, shape, out[i], 1e-5, 1e-6, "$name ${entry.key}")
                val term = ReduceOps.sum(Ops.multiply(out[i], Fixtures.tensor(upstream[entry.key])))
                loss = loss?.let { Ops.add(it, term) } ?: term
            }
            val gi = (case["grads"] as Map<String, Any?>)["inputs"] as Map<String, Any?>
            val gw = (case["grads"] as Map<String, Any?>)["weights"] as Map<String, Any?>
            val targets = vars + fixtureWeights.keys.map { byName.getValue(it) }
            val expected = names.map { gi[it] } + fixtureWeights.keys.map { gw[it] }
            val grads = Autodiff.gradients(loss!!, targets)
            for ((i, v) in targets.withIndex()) {
                val (shape, values) = Fixtures.doubles(expected[i])
                assertClose(values, shape, grads[i], 1e-5, 1e-6, "$name d/d${v.name()}")
            }
        }
    }
})

private fun List<Any?>.flatDeep(): List<Any?> = flatMap { if (it is List<*>) (it as List<Any?>).flatDeep() else listOf(it) }
