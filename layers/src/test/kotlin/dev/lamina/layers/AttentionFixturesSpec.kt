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
import io.kotest.matchers.doubles.shouldBeLessThan
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

    test("keras_training.json transformer_block: Keras' first-batch loss, and its second after one Adam step of Keras' gradients") {
        val case = (Fixtures.load("keras_training.json")["cases"] as Map<String, Any?>)["transformer_block"] as Map<String, Any?>
        val data = case["data"] as Map<String, Any?>
        val table = (case["model"] as Map<String, Any?>)["layers"] as List<Map<String, Any?>>
        fun args(n: String) = (table.first { it["name"] == n }["args"] as Map<String, Any?>) + ("name" to n)
        val embedding = Embedding.fromConfig(args("embedding") as Map<String, Any>)
        val mha = MultiHeadAttention.fromConfig(args("mha") as Map<String, Any>)          // Keras writes attention_axes [1]
        val norm1 = LayerNormalization.fromConfig(args("layer_norm_1") as Map<String, Any>)
        val norm2 = LayerNormalization.fromConfig(args("layer_norm_2") as Map<String, Any>)
        val ffn1 = Dense(32).activation("relu").name("ffn_1")
        val ffn2 = Dense(16).name("ffn_2")
        val pool = GlobalAveragePooling1D()
        val logits = Dense(2).name("logits")
        fun block(h: SymbolicTensor): SymbolicTensor {
            val h1 = norm1.apply(Add().apply(h, mha.apply(h, h)))
            return logits.apply(pool.apply(norm2.apply(Add().apply(h1, ffn2.apply(ffn1.apply(h1))))))
        }
        val tokens = Input.of("tokens", 12)
        val model = dev.lamina.models.Model.of(tokens, block(embedding.apply(tokens)))
        val initial = case["initial_weights"] as List<Map<String, Any?>>
        model.weights().map { it.name() } shouldBe initial.map { it["name"] }
        model.weights().forEachIndexed { i, v -> v.assign(Fixtures.tensor(initial[i])) }
        val x = Fixtures.tensor(data["x"])
        val y = Fixtures.tensor(data["y"])
        fun loss(rows: Int): Tensor = dev.lamina.tensor.ReduceOps.mean(dev.lamina.tensor.NnOps.sparseSoftmaxCrossEntropyWithLogits(
            model.forward(listOf(x.slice(rows, rows + 16)), true)[0], y.slice(rows, rows + 16)))
        val logged = (((case["results"] as Map<String, Any?>)["batch_logs"] as Map<String, Any?>)["loss"] as List<List<Number>>)[0]
        val first = loss(0)
        Math.abs(first.item() - logged[0].toDouble()) shouldBeLessThan 1e-4 * logged[0].toDouble()
        // One Adam step (Keras' first step: lr * g / (|g| + eps / sqrt(1 - beta_2))) with Lamina's gradients. Keras 3's
        // TensorFlow Adam squares the Embedding's IndexedSlices gradient per token occurrence before the duplicates
        // are summed, so the embedding's |g| is sqrt(sum of squares over occurrences); the other weights are dense.
        val weights = model.trainableWeights()
        val grads = Autodiff.gradients(first, weights)
        val hv = Variable("h", embedding.call(x.slice(0, 16)))
        val rest = Input.of(12, 16).let { dev.lamina.models.Model.of(it, block(it)) }           // the same layers after the embedding
        val perOccurrence = Autodiff.gradients(dev.lamina.tensor.ReduceOps.mean(dev.lamina.tensor.NnOps.sparseSoftmaxCrossEntropyWithLogits(
            rest.forward(listOf(hv.value()), true)[0], y.slice(0, 16))), listOf(hv))[0]
        val squares = DoubleArray(40 * 16)
        for (i in 0 until 16 * 12) for (d in 0 until 16) squares[x.get(i).toInt() * 16 + d] += Math.pow(perOccurrence.get(i * 16 + d).toDouble(), 2.0)
        val lr = 0.004999999888241291
        for ((i, v) in weights.withIndex()) {
            val w = v.data()
            for (k in w.indices) {
                val g = grads[i].get(k).toDouble()
                w[k] = (w[k] - lr * g / ((if (i == 0) Math.sqrt(squares[k]) else Math.abs(g)) + 1e-7 / Math.sqrt(0.001))).toFloat()
            }
        }
        val second = 2 * logged[1].toDouble() - logged[0].toDouble()          // the running mean of two batches
        Math.abs(loss(16).item() - second) shouldBeLessThan 1e-4 * second
    }
})

private fun List<Any?>.flatDeep(): List<Any?> = flatMap { if (it is List<*>) (it as List<Any?>).flatDeep() else listOf(it) }
