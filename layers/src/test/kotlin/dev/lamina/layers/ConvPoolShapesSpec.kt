package dev.lamina.layers

import dev.lamina.Lamina
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

/**
 * Output shapes of convolution and pooling for valid/same × strides × dilation, stated by hand from Keras'
 * formulas (valid: floor((n - d(k-1) - 1)/s) + 1, same: ceil(n/s)), symbolically and on real data.
 */
class ConvPoolShapesSpec : FunSpec({
    beforeTest { Lamina.clearSession(); Lamina.setRandomSeed(0) }

    fun checkBoth(layer: () -> Layer, sample: IntArray, expected: IntArray) {
        val symbolic = layer().apply(Input.of(*sample)).shape()
        symbolic shouldBe Shape.of(*expected).prepend(-1)
        val eager = layer().call(Tensor.zeros(Shape.of(*sample).prepend(2))).shape()
        eager shouldBe Shape.of(*expected).prepend(2)
    }

    // Input 7 x 6 x 2, kernel 3x3, 4 filters: (padding, strides, dilation) -> (out_h, out_w)
    val conv2dTable = listOf(
        Triple("valid", 1, 1) to intArrayOf(5, 4),
        Triple("valid", 2, 1) to intArrayOf(3, 2),
        Triple("valid", 3, 1) to intArrayOf(2, 2),
        Triple("valid", 1, 2) to intArrayOf(3, 2),
        Triple("same", 1, 1) to intArrayOf(7, 6),
        Triple("same", 2, 1) to intArrayOf(4, 3),
        Triple("same", 3, 1) to intArrayOf(3, 2),
        Triple("same", 1, 2) to intArrayOf(7, 6),
    )
    for ((args, hw) in conv2dTable) {
        val (padding, s, d) = args
        test("Conv2D 3x3 on 7x6, padding=$padding strides=$s dilation_rate=$d gives ${hw.toList()}") {
            checkBoth({ Conv2D(4, 3).padding(padding).strides(s).dilationRate(d) }, intArrayOf(7, 6, 2), intArrayOf(hw[0], hw[1], 4))
        }
    }

    // Input 9 steps x 2 channels, kernel 4: (padding, strides, dilation) -> steps
    val conv1dTable = listOf(
        Triple("valid", 1, 1) to 6, Triple("valid", 2, 1) to 3, Triple("valid", 1, 2) to 3,
        Triple("same", 1, 1) to 9, Triple("same", 2, 1) to 5, Triple("same", 4, 1) to 3, Triple("same", 1, 3) to 9,
    )
    for ((args, steps) in conv1dTable) {
        val (padding, s, d) = args
        test("Conv1D kernel 4 on 9 steps, padding=$padding strides=$s dilation_rate=$d gives $steps") {
            checkBoth({ Conv1D(3, 4).padding(padding).strides(s).dilationRate(d) }, intArrayOf(9, 2), intArrayOf(steps, 3))
        }
    }

    test("Conv1D causal padding: step t sees steps up to t only, and the length is ceil(n / stride)") {
        val x = Tensor.of(floatArrayOf(1f, 2f, 3f, 4f, 5f), 1, 5, 1)
        val k = Tensor.of(floatArrayOf(10f, 1f), 2, 1, 1)           // y[t] = 10 x[t - d] + x[t]
        val c = Conv1D(1, 2).padding("causal").useBias(false)
        c.call(x)
        c.kernel().assign(k)
        c.call(x).toFloatArray().toList() shouldBe listOf(1f, 12f, 23f, 34f, 45f)
        val d = Conv1D(1, 2).padding("causal").dilationRate(2).useBias(false)
        d.call(x)
        d.kernel().assign(k)
        d.call(x).toFloatArray().toList() shouldBe listOf(1f, 2f, 13f, 24f, 35f)
        checkBoth({ Conv1D(2, 3).padding("causal").strides(2) }, intArrayOf(9, 1), intArrayOf(5, 2))
        LayerTestKit { Conv1D(2, 3).padding("causal").dilationRate(2) }.input(2, 6, 2).expectOutputShape(2, 6, 2)
            .fromConfig(Conv1D::fromConfig).run()
    }

    // Input 7 x 6 x 2: (pool, strides or null for the default, padding) -> (out_h, out_w)
    val poolTable = listOf(
        Triple(intArrayOf(2), null, "valid") to intArrayOf(3, 3),
        Triple(intArrayOf(2), null, "same") to intArrayOf(4, 3),
        Triple(intArrayOf(3), intArrayOf(1), "valid") to intArrayOf(5, 4),
        Triple(intArrayOf(3), intArrayOf(1), "same") to intArrayOf(7, 6),
        Triple(intArrayOf(3), null, "valid") to intArrayOf(2, 2),
        Triple(intArrayOf(3), null, "same") to intArrayOf(3, 2),
        Triple(intArrayOf(2, 3), intArrayOf(1, 2), "valid") to intArrayOf(6, 2),
    )
    for ((args, hw) in poolTable) {
        val (pool, strides, padding) = args
        test("pooling 2-D pool=${pool.toList()} strides=${strides?.toList()} padding=$padding gives ${hw.toList()}") {
            for (make in listOf({ MaxPooling2D(*pool) }, { AveragePooling2D(*pool) })) {
                checkBoth({ make().padding(padding).also { l -> if (strides != null) l.strides(*strides) } }, intArrayOf(7, 6, 2), intArrayOf(hw[0], hw[1], 2))
            }
        }
    }

    test("pooling 1-D: default pool 2, strides default to the pool size") {
        checkBoth({ MaxPooling1D() }, intArrayOf(7, 3), intArrayOf(3, 3))
        checkBoth({ AveragePooling1D(2).padding("same") }, intArrayOf(7, 3), intArrayOf(4, 3))
        checkBoth({ MaxPooling1D(3).strides(1) }, intArrayOf(7, 3), intArrayOf(5, 3))
        MaxPooling1D(3).getConfig()["strides"] shouldBe listOf(3)
    }

    test("unknown spatial dimensions stay None") {
        Conv2D(4, 3).apply(Input.of(-1, -1, 3)).shape() shouldBe Shape.of(-1, -1, -1, 4)
        MaxPooling2D().padding("same").apply(Input.of(-1, 8, 3)).shape() shouldBe Shape.of(-1, -1, 4, 3)
        GlobalAveragePooling2D().apply(Input.of(-1, -1, 5)).shape() shouldBe Shape.of(-1, 5)
        Conv1D(2, 3).call(Tensor.zeros(1, 10, 3)).shape() shouldBe Shape.of(1, 8, 2)
    }

    test("an input smaller than a valid window is reported by the layer") {
        val e = shouldThrow<IllegalArgumentException> { Conv2D(4, 3).name("c").apply(Input.of(2, 5, 1)) }
        e.message shouldBe "Conv2D 'c': expected spatial dimensions of at least (3, 3) for padding 'valid', received input shape (None, 2, 5, 1)"
        val d = shouldThrow<IllegalArgumentException> { Conv1D(1, 3).dilationRate(3).name("d").call(Tensor.zeros(1, 6, 1)) }
        d.message shouldContain "at least (7,)"
        shouldThrow<IllegalArgumentException> { MaxPooling2D(3).name("p").apply(Input.of(2, 9, 1)) }.message shouldContain "MaxPooling2D 'p'"
    }

    test("a wrong input rank names the layer and the expected layout") {
        val e = shouldThrow<IllegalArgumentException> { Conv2D(4, 3).name("conv").apply(Input.of(28, 28)) }
        e.message shouldBe "Conv2D 'conv': expected an input of rank 4 (batch, height, width, channels), received (None, 28, 28)"
        shouldThrow<IllegalArgumentException> { GlobalMaxPooling1D().name("g").apply(Input.of(4, 4, 4)) }.message shouldContain
            "GlobalMaxPooling1D 'g': expected an input of rank 3"
    }

    test("a conv layer keeps its channel count; a pooling layer takes any") {
        val conv = Conv2D(2, 3).name("conv_a")
        conv.apply(Input.of(8, 8, 3))
        shouldThrow<IllegalArgumentException> { conv.apply(Input.of(8, 8, 4)) }.message shouldContain "expected last dimension 3"
        val pool = MaxPooling2D()
        pool.apply(Input.of(8, 8, 3))
        pool.apply(Input.of(6, 6, 5)).shape() shouldBe Shape.of(-1, 3, 3, 5)
    }

    test("Keras weight layout: conv kernels are [k, in, out] and [kh, kw, in, out]") {
        val c1 = Conv1D(5, 3)
        c1.call(Tensor.zeros(1, 8, 2))
        c1.kernel().shape() shouldBe Shape.of(3, 2, 5)
        c1.bias().shape() shouldBe Shape.of(5)
        val c2 = Conv2D(6, 2, 3)
        c2.call(Tensor.zeros(1, 5, 5, 4))
        c2.kernel().shape() shouldBe Shape.of(2, 3, 4, 6)
        withClue("parameter count") { c2.countParams() shouldBe (2L * 3 * 4 * 6 + 6) }
        c2.weights().map { it.name() } shouldBe listOf("conv2d/kernel", "conv2d/bias")
    }

    test("automatic names follow Keras") {
        val names = listOf(Conv1D(1, 1), Conv2D(1, 1), MaxPooling1D(), MaxPooling2D(), AveragePooling1D(), AveragePooling2D(),
            GlobalMaxPooling1D(), GlobalMaxPooling2D(), GlobalAveragePooling1D(), GlobalAveragePooling2D(), Flatten(), Reshape(1),
            Concatenate(), Add(), Subtract(), Multiply(), Average(), Maximum(), Minimum(), Dropout(0.1), Activation("relu"),
            BatchNormalization(), LayerNormalization(), Embedding(2, 2), Conv2D(1, 1)).map { it.name() }
        names shouldBe listOf("conv1d", "conv2d", "max_pooling1d", "max_pooling2d", "average_pooling1d", "average_pooling2d",
            "global_max_pooling1d", "global_max_pooling2d", "global_average_pooling1d", "global_average_pooling2d", "flatten", "reshape",
            "concatenate", "add", "subtract", "multiply", "average", "maximum", "minimum", "dropout", "activation",
            "batch_normalization", "layer_normalization", "embedding", "conv2d_1")
    }
})
