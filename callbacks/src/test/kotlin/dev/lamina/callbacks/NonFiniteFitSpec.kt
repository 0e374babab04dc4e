package dev.lamina.callbacks

import dev.lamina.Lamina
import dev.lamina.layers.Conv2D
import dev.lamina.layers.Dense
import dev.lamina.layers.Flatten
import dev.lamina.layers.Input
import dev.lamina.layers.MaxPooling2D
import dev.lamina.models.Model
import dev.lamina.optimizers.SGD
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.training.FitOptions
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.io.ByteArrayOutputStream
import java.io.PrintStream

/**
 * NaN through whole models, as in Keras: a NaN input row predicts NaN for that row only (through relu, convolution
 * and max pooling), and a model whose weights hold a NaN reports a NaN loss, so TerminateOnNaN stops at batch 0.
 */
class NonFiniteFitSpec : FunSpec({
    fun mlp(): Model {
        Lamina.clearSession()
        Lamina.setRandomSeed(9)
        val i = Input.of(4)
        val m = Model.of(i, Dense(1).apply(Dense(5).activation("relu").apply(i)))
        m.compile(SGD(0.05), "mse")
        return m
    }

    fun cnn(): Model {
        Lamina.clearSession()
        Lamina.setRandomSeed(10)
        val i = Input.of(6, 6, 2)
        val c = MaxPooling2D(2, 2).apply(Conv2D(4, 3, 3).activation("relu").apply(i))
        val m = Model.of(i, Dense(3).apply(Flatten().apply(c)))
        m.compile(SGD(0.05), "mse")
        return m
    }

    fun nanRows(p: Tensor): List<Int> {
        val cols = p.size() / p.shape().dim(0)
        return (0 until p.shape().dim(0)).filter { r -> (0 until cols).any { p.get(r * cols + it).isNaN() } }
    }

    test("a NaN in one input row makes that row's prediction NaN and leaves the others finite (MLP and CNN)") {
        val x = Tensor.uniform(Shape.of(6, 4), 0f, 1f, 21)
        x.data()[3 * 4 + 1] = Float.NaN
        val p = mlp().predict(x)
        nanRows(p) shouldBe listOf(3)
        (0 until p.size()).filter { p.get(it).isNaN() } shouldBe listOf(3)      // one output per row: that row's
        val img = Tensor.uniform(Shape.of(5, 6, 6, 2), -1f, 1f, 23)
        img.data()[((2 * 6 + 2) * 6 + 3) * 2] = Float.NaN                         // image 2, pixel (2, 3)
        val q = cnn().predict(img)
        nanRows(q) shouldBe listOf(2)
        for (r in listOf(0, 1, 3, 4)) for (j in 0 until 3) withClue("row $r") { q.get(r, j).isFinite() shouldBe true }
    }

    test("a NaN weight behind a relu gives a NaN loss, so TerminateOnNaN stops the fit at batch 0") {
        val m = mlp()
        val w = m.getWeights().map { it.toFloatArray() }.toMutableList()
        w[0][0] = Float.NaN                                                       // the first Dense kernel
        m.setWeights(m.getWeights().mapIndexed { i, t -> Tensor.of(w[i], t.shape()) })
        val batches = mutableListOf<Int>()
        val old = System.out
        val bytes = ByteArrayOutputStream()
        System.setOut(PrintStream(bytes, true, "UTF-8"))
        val h = try {
            m.fit(Tensor.uniform(Shape.of(48, 4), 0f, 1f, 21), Tensor.uniform(Shape.of(48, 1), 0f, 1f, 22),
                FitOptions.defaults().batchSize(16).epochs(3).verbose(0).shuffle(false)
                    .callbacks(TerminateOnNaN(), LambdaCallback().onTrainBatchEnd { b, _ -> batches += b }))
        } finally {
            System.setOut(old)
        }
        bytes.toString("UTF-8").trim() shouldBe "Batch 0: Invalid loss, terminating training"
        batches shouldBe listOf(0)
        h.get("loss")[0].isNaN() shouldBe true
    }
})
