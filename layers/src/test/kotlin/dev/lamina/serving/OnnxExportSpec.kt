package dev.lamina.serving

import dev.lamina.training.Data

import ai.onnxruntime.OnnxTensor
import ai.onnxruntime.OrtEnvironment
import ai.onnxruntime.OrtSession
import dev.lamina.Lamina
import dev.lamina.layers.Add
import dev.lamina.layers.Concatenate
import dev.lamina.layers.Dense
import dev.lamina.layers.Embedding
import dev.lamina.layers.GlobalAveragePooling1D
import dev.lamina.layers.Input
import dev.lamina.layers.LayerNormalization
import dev.lamina.layers.Reshape
import dev.lamina.models.Model
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import io.kotest.assertions.fail
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.nio.FloatBuffer
import java.nio.file.Files

/** Exported models run in ONNX Runtime (Java, test scope) and give Lamina's predictions within 1e-5. */
class OnnxExportSpec : FunSpec({
    beforeTest { Lamina.clearSession(); Lamina.setRandomSeed(0) }
    val env = OrtEnvironment.getEnvironment()
    val dir = Files.createTempDirectory("lamina-onnx")
    afterSpec { dir.toFile().deleteRecursively() }

    /** Runs the exported file in ONNX Runtime on {@code xs} (by input name) and checks every output against model.predict. */
    fun check(m: Model, xs: List<Tensor>) {
        val file = dir.resolve(m.name() + ".onnx")
        Onnx.export(m, file)
        val want = m.predictAll(Data.of(xs), xs[0].shape().dim(0))
        val opts = OrtSession.SessionOptions().apply { setIntraOpNumThreads(1) }
        env.createSession(Files.readAllBytes(file), opts).use { s ->
            s.inputNames.toList() shouldBe m.inputNames()
            s.outputNames.toList() shouldBe m.outputNames()
            val feeds = m.inputNames().indices.associate { i ->
                val x = xs[i]
                m.inputNames()[i] to OnnxTensor.createTensor(env, FloatBuffer.wrap(x.toFloatArray()), x.shape().toArray().map { it.toLong() }.toLongArray())
            }
            try {
                s.run(feeds).use { r ->
                    for (o in want.indices) {
                        val t = r.get(o) as OnnxTensor
                        t.info.shape.toList() shouldBe want[o].shape().toArray().map { it.toLong() }
                        val got = t.floatBuffer
                        for (j in 0 until want[o].size()) {
                            val e = want[o].get(j).toDouble()
                            val a = got.get(j).toDouble()
                            if (Math.abs(e - a) > 1e-5 * (1 + Math.abs(e))) fail("${m.name()} output '${m.outputNames()[o]}' [$j]: Lamina $e, ONNX Runtime $a")
                        }
                    }
                }
            } finally {
                feeds.values.forEach { it.close() }
            }
        }
    }

    fun data(n: Int, vararg sample: Int, seed: Long = 3) = Tensor.uniform(Shape.of(n, *sample), 0f, 1f, seed)

    test("the W3 MLP (784-512-512-10)") {
        check(ServingModels.mlp().name("w3_mlp"), listOf(data(4, 784)))
    }

    test("the W4 CNN (Conv2D, MaxPooling2D, Flatten, Dense)") {
        check(ServingModels.cnn().name("w4_cnn"), listOf(data(3, 28, 28, 1)))
    }

    test("the seed's Experiment 6 model: two inputs (Conv2D and Conv1D, global pooling), two outputs") {
        check(ServingModels.experiment6().name("experiment6"), listOf(data(3, 32, 32, 3, seed = 1), data(3, 20, 10, seed = 2)))
    }

    test("BatchNormalization on the input, after a same-padded Conv2D and after a Dense; Dropout left out; softmax") {
        check(ServingModels.batchNorm().name("batch_norm"), listOf(data(5, 12, 12, 2)))
    }

    test("Embedding, Reshape, Add, Concatenate and average pooling") {
        val ids = Input.of("ids", 6)
        val e = Embedding(20, 4).apply(ids)
        val pooled = GlobalAveragePooling1D().apply(e)
        val r = Reshape(24).apply(e)
        val x = Concatenate().apply(Add().apply(Dense(4).apply(r), pooled), Dense(3).activation("tanh").apply(pooled))
        val m = Model.of(ids, Dense(2).activation("sigmoid").name("out").apply(x)).name("mixed")
        val idx = Tensor.of(FloatArray(18) { ((it * 7) % 20).toFloat() }, 3, 6)
        check(m, listOf(idx))
    }

    test("a layer without an ONNX equivalent is one error naming it, and nothing is written") {
        val i = Input.of(8)
        val m = Model.of(i, Dense(2).apply(LayerNormalization().name("norm").apply(Dense(8).apply(i))))
        val file = dir.resolve("unsupported.onnx")
        val e = shouldThrow<IllegalArgumentException> { Onnx.export(m, file) }
        e.message!!.startsWith("Onnx.export: layer 'norm' (LayerNormalization) has no ONNX equivalent in this export; exportable layers: [Dense,") shouldBe true
        Files.exists(file) shouldBe false
    }
})
