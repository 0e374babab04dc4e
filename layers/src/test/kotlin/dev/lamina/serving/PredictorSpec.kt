package dev.lamina.serving

import dev.lamina.training.Data

import dev.lamina.Lamina
import dev.lamina.layers.Dense
import dev.lamina.layers.Input
import dev.lamina.layers.LayerNormalization
import dev.lamina.models.Model
import dev.lamina.models.Sequential
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.testing.TensorAsserts.assertBitEqual
import io.kotest.assertions.fail
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import java.nio.ByteBuffer
import java.nio.ByteOrder
import java.nio.FloatBuffer

class PredictorSpec : FunSpec({
    beforeTest { Lamina.clearSession(); Lamina.setRandomSeed(0) }

    fun data(n: Int, vararg sample: Int, seed: Long = 7): Tensor = Tensor.uniform(Shape.of(n, *sample), 0f, 1f, seed)

    /** Predictions one sample at a time and for the whole batch equal model.predict's, bit for bit. */
    fun checkBitIdentical(m: Model, x: Tensor) {
        val p = Predictor.of(m)
        val n = x.shape().dim(0)
        assertBitEqual(m.predict(x, n), p.predict(x), "whole batch of $n")
        for (i in 0 until minOf(n, 5)) {
            val row = x.slice(i, i + 1)
            val want = m.predict(row, 1)
            assertBitEqual(want, p.predict(row), "sample $i as a Tensor")
            val y = p.predict(row.toFloatArray())
            assertBitEqual(want, Tensor.of(y, want.shape()), "sample $i as float[]")
        }
    }

    test("the W3 MLP predicts model.predict's bits, one sample (matrix-vector products) and a batch") {
        checkBitIdentical(ServingModels.mlp(), data(9, 784))
    }

    test("the W4 CNN predicts model.predict's bits, one sample and a batch") {
        checkBitIdentical(ServingModels.cnn(), data(6, 28, 28, 1))
    }

    test("a layer without a fast path runs its own forward; a nested model is inlined; same bits") {
        val inner = run {
            val i = Input.of(16)
            Model.of(i, LayerNormalization().apply(Dense(16).activation("tanh").apply(i)))
        }
        val i = Input.of(8)
        val m = Model.of(i, Dense(4).activation("softmax").apply(inner.apply(Dense(16).apply(i))))
        checkBitIdentical(m, data(5, 8))
    }

    test("Experiment 6: two inputs and two outputs by position, by name, as arrays and as buffers") {
        val m = ServingModels.experiment6()
        val img = data(3, 32, 32, 3, seed = 1)
        val ts = data(3, 20, 10, seed = 2)
        val want = m.predictAll(Data.of(listOf(img, ts)), 3)
        val p = Predictor.of(m)
        p.inputNames() shouldBe listOf("img_input", "ts_input")
        p.outputNames() shouldBe listOf("score_output", "class_output")
        val byPos = p.predict(listOf(img, ts))
        assertBitEqual(want[0], byPos[0], "score by position")
        assertBitEqual(want[1], byPos[1], "class by position")
        val byName = p.predict(mapOf("ts_input" to ts, "img_input" to img))
        byName.keys.toList() shouldBe listOf("score_output", "class_output")
        assertBitEqual(want[1], byName["class_output"]!!, "class by name")

        val score = FloatArray(3)
        val cls = FloatArray(15)
        p.predict(arrayOf(img.toFloatArray(), ts.toFloatArray()), arrayOf(score, cls))
        assertBitEqual(want[0], Tensor.of(score, 3, 1), "score as arrays")
        p.predictByName(mapOf("img_input" to img.toFloatArray(), "ts_input" to ts.toFloatArray()), mapOf("score_output" to score, "class_output" to cls))
        assertBitEqual(want[1], Tensor.of(cls, 3, 5), "class as arrays by name")

        // A direct buffer is copied in; a heap buffer with an offset is read in place; outputs go from the position on.
        val direct = ByteBuffer.allocateDirect(4 * img.size()).order(ByteOrder.nativeOrder()).asFloatBuffer().put(img.toFloatArray()).flip() as FloatBuffer
        val heap = FloatBuffer.wrap(FloatArray(5 + ts.size()).also { ts.toFloatArray().copyInto(it, 5) }).position(5) as FloatBuffer
        val outScore = FloatBuffer.allocate(4).position(1) as FloatBuffer
        val outCls = ByteBuffer.allocateDirect(4 * 15).order(ByteOrder.nativeOrder()).asFloatBuffer()
        p.predict(arrayOf(direct, heap), arrayOf(outScore, outCls))
        outScore.position() shouldBe 1
        assertBitEqual(want[0], Tensor.of(FloatArray(3) { outScore.get(1 + it) }, 3, 1), "score into a heap buffer")
        assertBitEqual(want[1], Tensor.of(FloatArray(15) { outCls.get(it) }, 3, 5), "class into a direct buffer")
    }

    test("BatchNormalization after Conv2D and Dense is folded, Dropout removed; within 1e-5 of the output scale") {
        val m = ServingModels.batchNorm()
        val x = data(16, 12, 12, 2)
        val p = Predictor.of(m)
        p.foldedLayers() shouldBe 2
        p.removedLayers() shouldBe 1
        val want = m.predict(x, 16)
        val got = p.predict(x)
        var scale = 0.0
        var worst = 0.0
        for (i in 0 until want.size()) {
            scale = maxOf(scale, Math.abs(want.get(i).toDouble()))
            worst = maxOf(worst, Math.abs(want.get(i).toDouble() - got.get(i)))
        }
        if (worst > 1e-5 * scale) fail("folded predictions differ by $worst, more than 1e-5 of the output scale $scale")
        worst shouldNotBe 0.0        // folding changed the rounding, so the comparison above did test it
    }

    test("the predictor keeps the weights it was made with; a new one sees new weights") {
        val m = ServingModels.batchNorm()
        val x = data(2, 12, 12, 2)
        val p = Predictor.of(m)
        val before = p.predict(x)
        m.setWeights(m.getWeights().map { w -> Tensor.of(FloatArray(w.size()) { 0.25f }, w.shape()) })
        assertBitEqual(before, p.predict(x), "after setWeights")
        (Predictor.of(m).predict(x).valueEquals(before)) shouldBe false
    }

    test("a steady-state call on the MLP into the caller's array allocates almost nothing") {
        val p = Predictor.of(ServingModels.mlp())
        val x = data(1, 784).toFloatArray()
        val y = FloatArray(10)
        val bean = java.lang.management.ManagementFactory.getThreadMXBean() as com.sun.management.ThreadMXBean
        val id = Thread.currentThread().id
        var perCall = Long.MAX_VALUE
        for (round in 0 until 10) {          // until the JIT has compiled the vector loops (interpreted, they box every vector)
            repeat(2000) { p.predict(x, y) }
            val start = bean.getThreadAllocatedBytes(id)
            repeat(200) { p.predict(x, y) }
            perCall = minOf(perCall, (bean.getThreadAllocatedBytes(id) - start) / 200)
            if (perCall < 1024) break
        }
        perCall.toInt() shouldBeLessThan 1024
    }

    test("bad input is a clear error naming the input or output, and changes nothing") {
        val p = Predictor.of(ServingModels.experiment6())
        shouldThrow<IllegalArgumentException> { p.predict(arrayOf(FloatArray(3072), FloatArray(199)), arrayOf(FloatArray(1), FloatArray(5))) }
            .message shouldBe "Predictor of model 'functional': input 'ts_input' expected a positive multiple of 200 floats (samples of shape (20, 10)), received 199"
        shouldThrow<IllegalArgumentException> { p.predict(arrayOf(FloatArray(3072), FloatArray(400)), arrayOf(FloatArray(1), FloatArray(5))) }
            .message shouldContain "input 'ts_input' holds 2 samples, input 'img_input' 1"
        shouldThrow<IllegalArgumentException> { p.predict(arrayOf(FloatArray(3072), FloatArray(200)), arrayOf(FloatArray(1), FloatArray(6))) }
            .message shouldBe "Predictor of model 'functional': output 'class_output' expected room for exactly 5 floats (1 samples of shape (5,)), received 6"
        shouldThrow<IllegalArgumentException> { p.predict(listOf(Tensor.zeros(1, 32, 32, 3), Tensor.zeros(1, 10, 20))) }
            .message shouldBe "Predictor of model 'functional': input 'ts_input' expected shape (None, 20, 10), received (1, 10, 20)"
        shouldThrow<IllegalArgumentException> { p.predict(mapOf("img_input" to Tensor.zeros(1, 32, 32, 3), "ts" to Tensor.zeros(1, 20, 10))) }
            .message shouldBe "Predictor of model 'functional': expected inputs named [img_input, ts_input], received [img_input, ts]; unknown [ts]; missing [ts_input]"
        shouldThrow<IllegalArgumentException> { p.predict(FloatArray(3072)) }.message shouldContain "needs a model with one input and one output"
        shouldThrow<IllegalArgumentException> { p.predict(listOf(Tensor.zeros(1, 32, 32, 3))) }
            .message shouldBe "Predictor of model 'functional': expected 2 input tensors [img_input, ts_input], received 1"
        shouldThrow<IllegalStateException> { Predictor.of(Sequential(Dense(3))) }.message shouldContain "predictor():"
    }
})
