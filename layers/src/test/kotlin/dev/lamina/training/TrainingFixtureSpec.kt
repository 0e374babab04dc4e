package dev.lamina.training

import dev.lamina.Lamina
import dev.lamina.layers.Dense
import dev.lamina.layers.Input
import dev.lamina.losses.BinaryCrossentropy
import dev.lamina.losses.MeanSquaredError
import dev.lamina.losses.SparseCategoricalCrossentropy
import dev.lamina.models.Model
import dev.lamina.optimizers.SGD
import dev.lamina.tensor.Tensor
import dev.lamina.testing.Fixtures
import dev.lamina.testing.TensorAsserts
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.shouldBe

/** The loop's loss bookkeeping against /fixtures/training.json (computed outside Lamina). */
@Suppress("UNCHECKED_CAST")
class TrainingFixtureSpec : FunSpec({
    val fx = Fixtures.load("training.json")
    beforeTest { Lamina.clearSession() }

    fun section(name: String) = fx[name] as Map<String, Any?>
    fun num(v: Any?) = (v as Number).toDouble()
    fun close(expected: Double, rtol: Double = 1e-5) = expected plusOrMinus (rtol * Math.abs(expected) + 1e-6)

    fun twoLayer(out: Int, weights: Map<String, Any?>): Model {
        val i = Input.of(3)
        val h = Dense(4).activation("relu").name("dense_1").apply(i)
        val m = Model.of(i, Dense(out).name("dense_2").apply(h))
        for (v in m.weights()) v.assign(Fixtures.tensor(weights[v.name()]))
        return m
    }

    /** One fit step with SGD(lr=1): the weight change is minus the gradient. */
    fun stepAndGrads(m: Model, x: Tensor, y: Tensor, opts: FitOptions): Pair<Double, Map<String, Tensor>> {
        val before = m.weights().associate { it.name() to it.snapshot() }
        val h = m.fit(x, y, opts.batchSize(x.shape().dim(0)).epochs(1).shuffle(false).verbose(0))
        val grads = m.weights().associate { v ->
            val b = before[v.name()]!!
            v.name() to Tensor.of(FloatArray(v.size()) { b.get(it) - v.value().get(it) }, *v.shape().toArray())
        }
        return h.get("loss")[0] to grads
    }

    for (case in listOf("none", "sample_weight", "class_weight", "sample_weight_and_class_weight")) {
        test("multiclass weighted loss and gradients: $case") {
            val s = section("weighted_loss_multiclass")
            val m = twoLayer(3, s["weights"] as Map<String, Any?>)
            m.compile(SGD(1.0), SparseCategoricalCrossentropy().fromLogits(true))
            var opts = FitOptions.defaults()
            if (case.contains("sample")) opts = opts.sampleWeight(Fixtures.tensor(s["sample_weight"]))
            if (case.contains("class")) opts = opts.classWeight((s["class_weight"] as Map<String, Any?>).entries.associate { it.key.toInt() to num(it.value) })
            val c = (s["cases"] as Map<String, Any?>)[case] as Map<String, Any?>
            val (loss, grads) = stepAndGrads(m, Fixtures.tensor(s["x"]), Fixtures.tensor(s["y"]), opts)
            loss shouldBe close(num(c["loss"]))
            for ((name, g) in c["grads"] as Map<String, Any?>) {
                val (shape, values) = Fixtures.doubles(g)
                TensorAsserts.assertClose(values, shape, grads[name]!!, 1e-4, 1e-5, "grad $name")
            }
        }
    }

    test("binary weighted losses use the squeezed class index") {
        val s = section("weighted_loss_binary")
        for ((case, cv) in s["cases"] as Map<String, Any?>) {
            val m = twoLayer(1, s["weights"] as Map<String, Any?>)
            m.compile(SGD(0.0), BinaryCrossentropy().fromLogits(true))
            var opts = FitOptions.defaults()
            if (case.contains("sample")) opts = opts.sampleWeight(Fixtures.tensor(s["sample_weight"]))
            if (case.contains("class")) opts = opts.classWeight((s["class_weight"] as Map<String, Any?>).entries.associate { it.key.toInt() to num(it.value) })
            val (loss, _) = stepAndGrads(m, Fixtures.tensor(s["x"]), Fixtures.tensor(s["y"]), opts)
            loss shouldBe close(num((cv as Map<String, Any?>)["loss"]))
        }
    }

    test("the epoch loss is the batch-size-weighted running mean") {
        val s = section("epoch_loss_running_mean")
        val multi = section("weighted_loss_multiclass")
        for (weighted in listOf(false, true)) {
            val m = twoLayer(3, multi["weights"] as Map<String, Any?>)
            m.compile(SGD(0.0), SparseCategoricalCrossentropy().fromLogits(true))
            val running = mutableListOf<Double>()
            val probe = object : Callback() {
                override fun onTrainBatchEnd(batch: Int, logs: Logs) { running += logs.get("loss")!! }
            }
            var opts = FitOptions.defaults().batchSize(num(s["batch_size"]).toInt()).shuffle(false).verbose(0).callbacks(probe)
            if (weighted) opts = opts.sampleWeight(Fixtures.tensor(s["sample_weight"]))
            val h = m.fit(Fixtures.tensor(s["x"]), Fixtures.tensor(s["y"]), opts)
            val expected = (s[if (weighted) "running_loss_after_each_batch_weighted" else "running_loss_after_each_batch"] as List<Any?>).map { num(it) }
            running.size shouldBe expected.size
            running.zip(expected).forEach { (a, e) -> a shouldBe close(e) }
            h.get("loss")[0] shouldBe close(num(s[if (weighted) "epoch_loss_weighted" else "epoch_loss"]))
        }
    }

    test("validation_split takes the last rows, with float64 edge cases") {
        for (c in (section("validation_split")["cases"] as List<Map<String, Any?>>)) {
            val n = num(c["N"]).toInt()
            val split = num(c["validation_split"])
            if (c["raises_value_error"] == true) {
                shouldThrow<IllegalArgumentException> { DataRules.splitAt(n, split) }
            } else {
                DataRules.splitAt(n, split) shouldBe num(c["split_at"]).toInt()
            }
        }
    }

    test("two outputs with loss_weights log unweighted per-output losses in Keras' order") {
        val s = section("multi_output_loss_weights")
        val i = Input.of(3)
        val trunk = Dense(4).activation("relu").name("trunk").apply(i)
        val m = Model.of(listOf(i), listOf(Dense(1).name("score").apply(trunk), Dense(3).name("class").apply(trunk)))
        for (v in m.weights()) v.assign(Fixtures.tensor((s["weights"] as Map<String, Any?>)[v.name()]))
        m.compile(CompileOptions.of(SGD(0.0), mapOf("score" to MeanSquaredError(), "class" to SparseCategoricalCrossentropy().fromLogits(true)))
            .lossWeights(mapOf("score" to 2.0, "class" to 1.0)))
        val running = mutableListOf<Logs>()
        val probe = object : Callback() {
            override fun onTrainBatchEnd(batch: Int, logs: Logs) { running += logs }
        }
        val h = m.fit(Data.of(mapOf(m.inputNames()[0] to Fixtures.tensor(s["x"]))),
            Data.of(mapOf("score" to Fixtures.tensor(s["y_score"]), "class" to Fixtures.tensor(s["y_class"]))),
            FitOptions.defaults().batchSize(num(s["batch_size"]).toInt()).shuffle(false).verbose(0).callbacks(probe))
        val expected = s["running_logs_after_each_batch"] as List<Map<String, Any?>>
        running.size shouldBe expected.size
        for ((got, exp) in running.zip(expected)) {
            got.keys().toList() shouldBe (s["log_keys_tf_keras_order"] as List<Any?>)
            for ((k, v) in exp) got.get(k)!! shouldBe close(num(v))
        }
        for ((k, v) in s["epoch_logs"] as Map<String, Any?>) h.get(k)[0] shouldBe close(num(v))
    }
})
