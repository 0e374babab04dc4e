package dev.lamina.layers

import dev.lamina.training.Data

import dev.lamina.Lamina
import dev.lamina.losses.MeanSquaredError
import dev.lamina.models.Model
import dev.lamina.models.Sequential
import dev.lamina.optimizers.Adam
import dev.lamina.tensor.Autodiff
import dev.lamina.tensor.Ops
import dev.lamina.tensor.ReduceOps
import dev.lamina.tensor.Rng
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.tensor.Variable
import dev.lamina.testing.Fixtures
import dev.lamina.testing.TensorAsserts.assertClose
import dev.lamina.training.FitOptions
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files

/**
 * SimpleRNN, LSTM and GRU as layers: every SimpleRNN/LSTM/GRU case of recurrent.json through the layer built from
 * the fixture's Keras config (outputs, states, gradients w.r.t. the sequences, initial states and weights), the
 * layer test kit (shapes, gradients, config round trip), initial_state in a functional model, Keras' param counts
 * in summary(), save/load, dropout, a small fit, and bad input.
 */
@Suppress("UNCHECKED_CAST")
class RecurrentLayersSpec : FunSpec({
    beforeTest { Lamina.clearSession(); Lamina.setRandomSeed(0) }

    val cells = setOf("SimpleRNN", "LSTM", "GRU")
    val cases = (Fixtures.load("recurrent.json")["cases"] as Map<String, Map<String, Any?>>).filter { it.value["layer"] in cells }

    fun layerFromConfig(className: String, config: Map<String, Any?>): BaseRnn<*> = when (className) {
        "SimpleRNN" -> SimpleRNN.fromConfig(config)
        "LSTM" -> LSTM.fromConfig(config)
        else -> GRU.fromConfig(config)
    }

    for ((name, case) in cases) {
        test("fixture $name through the ${case["layer"]} layer built from its Keras config") {
            val config = (case["config"] as Map<String, Any?>) + ("return_state" to true)
            val layer = layerFromConfig(case["layer"] as String, config)
            val inputs = case["inputs"] as Map<String, Any?>
            val seq = Variable("sequences", Fixtures.tensor(inputs["sequences"]))
            val init = (inputs["initial_state"] as List<Any?>?)?.mapIndexed { i, t -> Variable("s$i", Fixtures.tensor(t)) } ?: emptyList()
            val mask = (case["masks"] as Map<String, Any?>)["mask"]?.let { m ->
                m as Map<String, Any?>
                Tensor.of((m["values"] as List<List<Boolean>>).flatten().map { if (it) 1f else 0f }.toFloatArray(), *(m["shape"] as List<Number>).map { it.toInt() }.toIntArray())
            }
            layer.call(seq.value(), init.map { it.value() }, null, false)   // builds
            val fixtureWeights = case["weights"] as Map<String, Any?>
            val variables = mapOf("kernel" to layer.kernel(), "recurrent_kernel" to layer.recurrentKernel(), "bias" to layer.bias())
            layer.weights().size shouldBe fixtureWeights.size
            for ((k, v) in fixtureWeights) variables.getValue(k)!!.assign(Fixtures.tensor(v))
            val out = layer.call(seq.value(), init.map { it.value() }, mask, false)
            val named = mapOf("output" to out[0], "state_h" to out.getOrNull(1), "state_c" to out.getOrNull(2))
            val upstream = case["upstream"] as Map<String, Any?>
            var loss: Tensor? = null
            for ((key, expected) in case["outputs"] as Map<String, Any?>) {
                val (shape, values) = Fixtures.doubles(expected)
                assertClose(values, shape, named.getValue(key)!!, 1e-5, 1e-6, "$name $key")
                val term = ReduceOps.sum(Ops.multiply(named.getValue(key)!!, Fixtures.tensor(upstream[key])))
                loss = loss?.let { Ops.add(it, term) } ?: term
            }
            val gi = (case["grads"] as Map<String, Any?>)["inputs"] as Map<String, Any?>
            val gw = (case["grads"] as Map<String, Any?>)["weights"] as Map<String, Any?>
            val vars = listOf(seq) + init + fixtureWeights.keys.map { variables.getValue(it)!! }
            val expected = listOf(gi["sequences"]) + ((gi["initial_state"] as List<Any?>?) ?: emptyList()) + fixtureWeights.keys.map { gw[it] }
            val grads = Autodiff.gradients(loss!!, vars)
            for ((i, v) in vars.withIndex()) {
                val (shape, values) = Fixtures.doubles(expected[i])
                assertClose(values, shape, grads[i], 1e-5, 1e-6, "$name d/d${v.name()}")
            }
        }
    }

    test("the layer test kit: SimpleRNN, LSTM and GRU (both reset_after forms), sequences and last output, go_backwards") {
        LayerTestKit { SimpleRNN(3).seed(1) }.input(2, 4, 3).expectOutputShape(2, 3).expectTrainableWeights(3).fromConfig(SimpleRNN::fromConfig).run()
        LayerTestKit { SimpleRNN(3).activation("relu").useBias(false).returnSequences(true).seed(1) }.input(2, 4, 3)
            .expectOutputShape(2, 4, 3).expectTrainableWeights(2).fromConfig(SimpleRNN::fromConfig).run()
        LayerTestKit { LSTM(3).returnSequences(true).seed(2) }.input(2, 4, 3).expectOutputShape(2, 4, 3).expectTrainableWeights(3).fromConfig(LSTM::fromConfig).run()
        LayerTestKit { LSTM(2).goBackwards(true).unitForgetBias(false).seed(3) }.input(2, 5, 3).expectOutputShape(2, 2).fromConfig(LSTM::fromConfig).run()
        LayerTestKit { GRU(3).returnSequences(true).seed(4) }.input(2, 4, 3).expectOutputShape(2, 4, 3).expectTrainableWeights(3).fromConfig(GRU::fromConfig).run()
        LayerTestKit { GRU(3).resetAfter(false).goBackwards(true).seed(5) }.input(2, 4, 3).expectOutputShape(2, 3).fromConfig(GRU::fromConfig).run()
    }

    test("Keras' weight shapes and initial values: glorot kernel, orthogonal recurrent kernel, zero bias with ones for LSTM's forget block") {
        val lstm = LSTM(4).seed(1)
        lstm.call(Tensor.zeros(1, 2, 3), emptyList(), null, false)
        lstm.kernel().shape() shouldBe Shape.of(3, 16)
        lstm.recurrentKernel().shape() shouldBe Shape.of(4, 16)
        lstm.bias().value().toFloatArray().toList() shouldBe List(16) { if (it in 4 until 8) 1f else 0f }
        val r = lstm.recurrentKernel().value()
        val rrT = Ops.matmul(r, r, false, true)                  // [4, 16] has orthonormal rows
        assertClose(Tensor.eye(4), rrT, 1e-5, 1e-5, "R R^T")
        val gru = GRU(4).seed(1)
        gru.call(Tensor.zeros(1, 2, 3), emptyList(), null, false)
        gru.bias().shape() shouldBe Shape.of(2, 12)
        val gru2 = GRU(4).resetAfter(false)
        gru2.call(Tensor.zeros(1, 2, 3), emptyList(), null, false)
        gru2.bias().shape() shouldBe Shape.of(12)
    }

    test("initial_state as further symbolic inputs in a functional model, and return_state outputs") {
        val x = Input.of(5, 3)
        val h0 = Input.of(4)
        val c0 = Input.of(4)
        val lstm = LSTM(4).returnState(true).seed(7)
        val outs = lstm.applyAll(x, listOf(h0, c0))
        outs.map { it.shape() } shouldBe List(3) { Shape.of(Shape.UNKNOWN, 4) }
        val model = Model.of(listOf(x, h0, c0), outs)
        val xs = Rng(1).normal(Shape.of(2, 5, 3), 0f, 1f)
        val hs = Rng(2).normal(Shape.of(2, 4), 0f, 1f)
        val cs = Rng(3).normal(Shape.of(2, 4), 0f, 1f)
        val predicted = model.predictAll(Data.of(listOf(xs, hs, cs)), 2)
        val eager = lstm.call(xs, listOf(hs, cs), null, false)
        for (i in 0 until 3) predicted[i].valueEquals(eager[i]) shouldBe true
        // The initial state matters: zeros give another result.
        lstm.call(xs, emptyList(), null, false)[0].valueEquals(eager[0]) shouldBe false
    }

    test("summary() shows the recurrent layers with Keras' param counts") {
        val model = Sequential(InputLayer(null, 6, 5), SimpleRNN(8).returnSequences(true), LSTM(8).returnSequences(true), GRU(8).returnSequences(true),
            GRU(8).resetAfter(false))
        val s = model.summaryString()
        s shouldContain "simple_rnn (SimpleRNN)       (None, 6, 8)              112       "
        s shouldContain "lstm (LSTM)                  (None, 6, 8)              544       "
        s shouldContain "gru (GRU)                    (None, 6, 8)              432       "
        s shouldContain "gru_1 (GRU)                  (None, 8)                 408       "
        s shouldContain "Total params: 1,496"
    }

    test("save and load round-trip a model of recurrent layers with bit-identical predictions") {
        val x = Input.of(4, 3)
        val h0 = Input.of(5)
        var y = SimpleRNN(5).returnSequences(true).seed(1).apply(x, listOf(h0))
        y = GRU(5).returnSequences(true).goBackwards(true).seed(2).apply(y)
        y = LSTM(2).recurrentActivation("hard_sigmoid").seed(3).apply(y)
        val model = Model.of(listOf(x, h0), listOf(y))
        val dir = Files.createTempDirectory("lamina-rnn")
        val f = dir.resolve("rnn_model")
        try {
            model.save(f)
            val loaded = Model.load(f)
            loaded.summaryString() shouldBe model.summaryString()
            val xs = Rng(4).normal(Shape.of(3, 4, 3), 0f, 1f)
            val hs = Rng(5).normal(Shape.of(3, 5), 0f, 1f)
            loaded.predictAll(Data.of(listOf(xs, hs)), 3)[0].valueEquals(model.predictAll(Data.of(listOf(xs, hs)), 3)[0]) shouldBe true
            (loaded.getLayer("lstm") as LSTM).getConfig()["recurrent_activation"] shouldBe "hard_sigmoid"
        } finally {
            dir.toFile().deleteRecursively()
        }
    }

    test("dropout and recurrent_dropout apply only in training, one mask per call, reproducible with a seed") {
        val xs = Rng(6).normal(Shape.of(2, 5, 3), 0f, 1f)
        fun layer() = LSTM(4).dropout(0.5).recurrentDropout(0.3).seed(11)
        val a = layer()
        val b = layer()
        val inference = a.call(xs, emptyList(), null, false)[0]
        val plain = LSTM(4).seed(11).call(xs, emptyList(), null, false)[0]
        inference.valueEquals(plain) shouldBe true
        val t1 = a.call(xs, emptyList(), null, true)[0]
        t1.valueEquals(inference) shouldBe false
        b.call(xs, emptyList(), null, false)
        b.call(xs, emptyList(), null, true)[0].valueEquals(t1) shouldBe true      // same seed, same masks
        a.call(xs, emptyList(), null, true)[0].valueEquals(t1) shouldBe false     // the generator advances
    }

    test("an LSTM in a Sequential trains with plain fit: the loss goes down, and two runs agree bit for bit") {
        fun run(): List<Double> {
            Lamina.clearSession()
            Lamina.setRandomSeed(3)
            val x = Rng(1).normal(Shape.of(64, 6, 2), 0f, 1f)
            val y = ReduceOps.sum(x, false, 1, 2).reshape(64, 1)       // the sum of the sequence
            val model = Sequential(InputLayer(null, 6, 2), LSTM(8), Dense(1))
            model.compile(Adam(0.01), MeanSquaredError())
            return model.fit(x, y, FitOptions.defaults().batchSize(16).epochs(8).verbose(0)).get("loss")
        }
        val losses = run()
        losses.last() shouldBeLessThan losses.first() * 0.5
        run() shouldBe losses
    }

    test("stateful: consecutive calls continue the sequence (SimpleRNN, LSTM, GRU), resetStates starts over, config round trip") {
        val x = Rng(8).normal(Shape.of(2, 6, 3), 0f, 1f)
        val (a, b) = Ops.split(x, intArrayOf(4, 2), 1)
        for (make in listOf<() -> BaseRnn<*>>({ SimpleRNN(3).seed(1) }, { LSTM(3).seed(2) }, { GRU(3).seed(3) }, { GRU(2).resetAfter(false).returnSequences(true).seed(4) })) {
            val plain = make()
            val whole = plain.call(x, emptyList(), null, false)
            val layer = make().stateful(true)
            layer.getConfig()["stateful"] shouldBe true
            (LSTM.fromConfig(LSTM(2).stateful(true).getConfig())).stateful() shouldBe true
            layer.call(a, emptyList(), null, false)
            layer.states().size shouldBe (if (layer is LSTM) 2 else 1)
            layer.weights().zip(plain.weights()).forEach { (w, p) -> w.assign(p.value()) }
            layer.resetStates()
            layer.states().size shouldBe 0
            layer.call(a, emptyList(), null, false)
            val second = layer.call(b, emptyList(), null, false)
            val lastOfWhole = if (layer.returnSequences()) Ops.split(whole[0], intArrayOf(4, 2), 1)[1] else whole[0]
            assertClose(lastOfWhole, second[0], 1e-6, 1e-7, "${layer.className()} second half continues the first")
            layer.resetStates()
            val fresh = layer.call(b, emptyList(), null, false)[0]
            assertClose(plain.call(b, emptyList(), null, false)[0], fresh, 0.0, 0.0, "${layer.className()} after resetStates")
        }
        val s = LSTM(2).stateful(true).name("s")
        s.call(Tensor.zeros(2, 3, 1), emptyList(), null, false)
        shouldThrow<IllegalArgumentException> { s.call(Tensor.zeros(3, 3, 1), emptyList(), null, false) }.message shouldContain
            "LSTM 's': stateful=true needs a fixed batch size: its states are for batches of 2, received a batch of 3"
        shouldThrow<IllegalStateException> { LSTM(2).name("n").resetStates() }.message shouldContain "LSTM 'n': resetStates() needs stateful=true"
        val bi = Bidirectional(GRU(2).stateful(true).seed(1))
        bi.forward(listOf(x), false)
        bi.forwardLayer().states().size shouldBe 1
        bi.resetStates()
        bi.backwardLayer().states().size shouldBe 0
    }

    test("bad input names the layer and changes nothing") {
        val lstm = LSTM(3).name("enc")
        shouldThrow<IllegalArgumentException> { lstm.call(Tensor.zeros(2, 4), emptyList(), null, false) }.message shouldContain
            "LSTM 'enc': expected an input [batch, time, features] of rank 3"
        shouldThrow<IllegalArgumentException> { lstm.call(Tensor.zeros(2, 5, 4), listOf(Tensor.zeros(2, 3)), null, false) }.message shouldContain
            "LSTM 'enc': expected initial_state of 2 tensor(s), received 1"
        shouldThrow<IllegalArgumentException> { lstm.call(Tensor.zeros(2, 5, 4), listOf(Tensor.zeros(2, 3), Tensor.zeros(2, 2)), null, false) }.message shouldContain
            "LSTM 'enc': expected initial_state[1] of shape [batch, units] = (None, 3), received (None, 2)"
        shouldThrow<IllegalArgumentException> { lstm.call(Tensor.zeros(2, 5, 4), emptyList(), Tensor.ones(2, 4), false) }.message shouldContain
            "LSTM 'enc': expected a mask of shape [batch, time] = (2, 5)"
        lstm.isBuilt() shouldBe false
        lstm.weights().size shouldBe 0
        lstm.call(Tensor.zeros(2, 5, 4), emptyList(), null, false)
        val before = lstm.weights().map { it.value().toFloatArray().toList() }
        shouldThrow<IllegalArgumentException> { lstm.call(Tensor.zeros(2, 5, 3), emptyList(), null, false) }.message shouldContain
            "LSTM 'enc': expected an input [batch, time, features] of rank 3 with features = 4, received (2, 5, 3)"
        shouldThrow<IllegalArgumentException> { lstm.apply(Input.of(5, 4), listOf(Input.of(3))) }.message shouldContain "initial_state of 2 tensor(s)"
        lstm.weights().map { it.value().toFloatArray().toList() } shouldBe before
        shouldThrow<IllegalArgumentException> { GRU(2).activation("gelu") }.message shouldContain "GRU: expected activation one of"
        shouldThrow<IllegalArgumentException> { SimpleRNN(0) }.message shouldContain "SimpleRNN: expected units > 0, received units=0"
        shouldThrow<IllegalArgumentException> { LSTM(2).dropout(1.0) }.message shouldContain "LSTM: expected 0 <= dropout < 1"
    }
})
