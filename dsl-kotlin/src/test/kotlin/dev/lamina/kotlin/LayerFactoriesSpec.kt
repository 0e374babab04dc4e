package dev.lamina.kotlin

import dev.lamina.activations.Activations
import dev.lamina.layers.Add
import dev.lamina.layers.Dense
import dev.lamina.layers.InputLayer
import dev.lamina.layers.Layer
import dev.lamina.models.Sequential
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf

/** Layer factories: Keras names and defaults, strings or objects for activations/initializers/regularizers, and the builders. */
class LayerFactoriesSpec : FunSpec({
    // A functional scope hands the layer back without wiring it anywhere: a neutral place to inspect factories.
    val sink = FunctionalScope()
    fun Layer.config(): Map<String, Any?> = getConfig()
    fun Any?.className(): Any? = (this as Map<*, *>)["class_name"]

    beforeTest { dev.lamina.Lamina.clearSession() }

    test("dense has Keras' defaults and takes ids or objects for activation, initializers and regularizers") {
        val d = sink.dense(4)
        d.config()["units"] shouldBe 4
        d.config()["activation"] shouldBe "linear"
        d.config()["use_bias"] shouldBe true
        d.config()["kernel_initializer"].className() shouldBe "GlorotUniform"
        d.config()["bias_initializer"].className() shouldBe "Zeros"
        d.config()["kernel_regularizer"] shouldBe null
        val e = sink.dense(
            4, activation = Activations.TANH, useBias = false, kernelInitializer = heNormal(), biasInitializer = "ones",
            kernelRegularizer = "l2", biasRegularizer = l1(0.5), name = "head",
        )
        e.name() shouldBe "head"
        e.config()["activation"] shouldBe "tanh"
        e.config()["use_bias"] shouldBe false
        e.config()["kernel_initializer"].className() shouldBe "HeNormal"
        e.config()["bias_initializer"].className() shouldBe "Ones"
        e.config()["kernel_regularizer"].className() shouldBe "L2"
        e.config()["bias_regularizer"] shouldBe mapOf("class_name" to "L1", "config" to mapOf("l1" to 0.5))
        sink.dense(2, activation = "relu").config()["activation"] shouldBe "relu"
    }

    test("a wrongly typed argument is rejected naming the class, the argument and the value") {
        shouldThrow<IllegalArgumentException> { sink.dense(4, activation = 3) }.message shouldBe
            "Dense: expected activation to be an activation id (String), an ActivationFunction or null, received Int 3"
        shouldThrow<IllegalArgumentException> { sink.conv2D(3, kernelSize = 2.5) }.message shouldContain "Conv2D: expected kernelSize"
        shouldThrow<IllegalArgumentException> { sink.dense(4, kernelInitializer = 1.0) }.message shouldContain "Dense: expected kernelInitializer"
        shouldThrow<IllegalArgumentException> { sink.embedding(5, 2, embeddingsRegularizer = listOf(1)) }.message shouldContain
            "Embedding: expected embeddingsRegularizer"
        shouldThrow<IllegalArgumentException> { sink.dense(4, activation = "nope") }.message shouldContain "unknown activation 'nope'"
    }

    test("conv and pooling layers take one size or one per axis, with Keras' defaults") {
        val c = sink.conv2D(3, 3)
        c.config()["kernel_size"] shouldBe listOf(3, 3)
        c.config()["strides"] shouldBe listOf(1, 1)
        c.config()["padding"] shouldBe "valid"
        c.config()["dilation_rate"] shouldBe listOf(1, 1)
        val c2 = sink.conv2D(8, listOf(3, 5), strides = 2 to 1, padding = "same", activation = "relu", kernelInitializer = "he_uniform")
        c2.config()["kernel_size"] shouldBe listOf(3, 5)
        c2.config()["strides"] shouldBe listOf(2, 1)
        c2.config()["padding"] shouldBe "same"
        c2.config()["kernel_initializer"].className() shouldBe "HeUniform"
        val c1 = sink.conv1D(4, kernelSize = 3, padding = "causal", dilationRate = 2)
        c1.config()["kernel_size"] shouldBe listOf(3)
        c1.config()["dilation_rate"] shouldBe listOf(2)
        sink.maxPooling2D().config()["pool_size"] shouldBe listOf(2, 2)
        sink.maxPooling2D().config()["strides"] shouldBe listOf(2, 2)
        sink.maxPooling2D(poolSize = intArrayOf(3, 2), strides = 1, padding = "same").config()["strides"] shouldBe listOf(1, 1)
        sink.averagePooling2D(poolSize = 3).config()["pool_size"] shouldBe listOf(3, 3)
        sink.maxPooling1D().config()["pool_size"] shouldBe listOf(2)
        sink.averagePooling1D(poolSize = 4, strides = 2).config()["strides"] shouldBe listOf(2)
        sink.globalMaxPooling1D().config()["keepdims"] shouldBe false
        sink.globalMaxPooling2D(keepdims = true).config()["keepdims"] shouldBe true
        sink.globalAveragePooling1D().className() shouldBe "GlobalAveragePooling1D"
        sink.globalAveragePooling2D(name = "gap").name() shouldBe "gap"
    }

    test("normalization, dropout, embedding, reshape, flatten and activation layers") {
        val bn = sink.batchNormalization(momentum = 0.9, betaRegularizer = "l1")
        bn.config()["axis"] shouldBe -1
        bn.config()["momentum"] shouldBe 0.9
        bn.config()["epsilon"] shouldBe 1e-3
        bn.config()["moving_variance_initializer"].className() shouldBe "Ones"
        bn.config()["beta_regularizer"].className() shouldBe "L1"
        val ln = sink.layerNormalization(axis = listOf(1, 2), epsilon = 1e-5)
        ln.config()["epsilon"] shouldBe 1e-5
        sink.dropout(0.3, seed = 7).config()["seed"] shouldBe 7L
        sink.dropout(0.3).config()["rate"] shouldBe 0.3
        val emb = sink.embedding(10, 4)
        emb.config()["embeddings_initializer"] shouldBe mapOf("class_name" to "RandomUniform", "config" to mapOf("minval" to -0.05, "maxval" to 0.05))
        sink.embedding(10, 4, embeddingsInitializer = "normal").config()["embeddings_initializer"].className() shouldBe "RandomNormal"
        sink.reshape(2, 8).targetShape().toList() shouldBe listOf(2, 8)
        sink.flatten(name = "flat").name() shouldBe "flat"
        sink.activation("softmax").activation().name() shouldBe "softmax"
    }

    test("merge layers: factories give the layer; the functional scope's functions apply Keras' merge functions") {
        val model = functional {
            val a = input(4, name = "a")
            val b = input(4, name = "b")
            val sum = add()(a, b)
            val diff = subtract(listOf(a, b))
            val prod = multiply()(listOf(a, b))
            val mean = average(listOf(a, b), name = "avg")
            val hi = maximum()(a, b)
            val lo = minimum(listOf(a, b))
            output(concatenate(axis = -1)(sum, diff, prod, mean, concatenate(listOf(hi, lo))))
        }
        model.outputs()[0].shape() shouldBe Shape.of(-1, 24)
        model.getLayer("avg").className() shouldBe "Average"
        sink.add().shouldBeInstanceOf<Add>()
        sink.concatenate(axis = 1).axis() shouldBe 1
        val out = model.predictAll(data(Tensor.ones(2, 4), Tensor.full(Shape.of(2, 4), 3f)))[0]
        out.get(0, 0) shouldBe 4f       // 1 + 3
        out.get(0, 4) shouldBe -2f      // 1 - 3
        out.get(0, 16) shouldBe 3f      // max
        out.get(0, 20) shouldBe 1f      // min
    }

    test("sequential { } appends every factory's layer after the input, in order") {
        val m = sequential(name = "stack") {
            input(8, name = "features")
            dense(4, activation = "relu")
            dropout(0.5)
            layer(Dense(2).name("custom"))
        }
        m.shouldBeInstanceOf<Sequential>()
        m.name() shouldBe "stack"
        m.stackedLayers().map { it.className() } shouldBe listOf("Dense", "Dropout", "Dense")
        m.layers()[0].shouldBeInstanceOf<InputLayer>()
        m.inputNames() shouldBe listOf("features")
        m.outputs()[0].shape() shouldBe Shape.of(-1, 2)
        shouldThrow<IllegalArgumentException> { sequential { dense(2); input(3) } }.message shouldContain "input(...) before every layer"
    }

    test("functional { } keeps inputs in creation order, names the model, and requires outputs") {
        val m = functional(name = "two_in") {
            val a = input(3, name = "first")
            val b = input(5, name = "second")
            outputs(dense(1)(concatenate(listOf(a, b))), dense(2, name = "other")(b))
        }
        m.name() shouldBe "two_in"
        m.inputNames() shouldBe listOf("first", "second")
        m.outputNames().last() shouldBe "other"
        shouldThrow<IllegalArgumentException> { functional { input(3) } }.message shouldContain "expected outputs(...)"
    }

    test("a layer called on a tensor runs eagerly in inference mode") {
        val d = sink.dense(2, kernelInitializer = ones(), biasInitializer = constant(0.5))
        val y = d(Tensor.of(floatArrayOf(1f, 2f, 3f), 1, 3))
        y.toFloatArray().toList() shouldBe listOf(6.5f, 6.5f)
    }
})
