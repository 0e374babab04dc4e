package dev.lamina.layers

import dev.lamina.Lamina
import dev.lamina.initializers.Initializers
import dev.lamina.regularizers.Regularizer
import dev.lamina.tensor.Rng
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.layers.LayerTestKit.Companion.separated
import dev.lamina.layers.LayerTestKit.Companion.separatedParts
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/** Every built-in layer through the layer harness: shapes, weight counts, gradients, config round trip. */
class LayerKitSpec : FunSpec({
    beforeTest { Lamina.clearSession(); Lamina.setRandomSeed(0) }

    test("Dense") {
        LayerTestKit { Dense(3).activation("tanh").kernelRegularizer(Regularizer.l2(0.01)) }.input(2, 4)
            .expectOutputShape(2, 3).expectTrainableWeights(2).expectNonTrainableWeights(0).fromConfig(Dense::fromConfig).run()
    }

    test("Dense on a rank-3 input, without bias") {
        LayerTestKit { Dense(2).useBias(false).kernelInitializer(Initializers.heNormal()).name("proj") }.input(2, 3, 4)
            .expectOutputShape(2, 3, 2).expectTrainableWeights(1).fromConfig(Dense::fromConfig).run()
    }

    test("Conv1D, same padding, dilation 2") {
        LayerTestKit { Conv1D(4, 3).padding("same").dilationRate(2).activation("tanh").kernelRegularizer(Regularizer.l1(0.01)) }
            .input(2, 8, 3).expectOutputShape(2, 8, 4).expectTrainableWeights(2).fromConfig(Conv1D::fromConfig).run()
    }

    test("Conv1D, valid padding, stride 2, no bias") {
        LayerTestKit { Conv1D(2, 2).strides(2).useBias(false) }
            .input(2, 7, 3).expectOutputShape(2, 3, 2).expectTrainableWeights(1).fromConfig(Conv1D::fromConfig).run()
    }

    test("Conv2D, same padding, strides 2") {
        LayerTestKit { Conv2D(3, 3).strides(2).padding("same").activation("tanh").biasInitializer(Initializers.constant(0.1)) }
            .input(2, 6, 5, 2).expectOutputShape(2, 3, 3, 3).expectTrainableWeights(2).fromConfig(Conv2D::fromConfig).run()
    }

    test("Conv2D, 2x3 kernel, valid") {
        LayerTestKit { Conv2D(2, 2, 3).kernelInitializer(Initializers.orthogonal(1.0)) }
            .input(1, 4, 5, 2).expectOutputShape(1, 3, 3, 2).expectTrainableWeights(2).fromConfig(Conv2D::fromConfig).run()
    }

    test("MaxPooling1D") {
        LayerTestKit { MaxPooling1D(2) }.inputs(separated(Shape.of(2, 7, 3)))
            .expectOutputShape(2, 3, 3).expectTrainableWeights(0).fromConfig(MaxPooling1D::fromConfig).run()
    }

    test("AveragePooling1D, pool 3, stride 1, same") {
        LayerTestKit { AveragePooling1D(3).strides(1).padding("same") }.input(2, 7, 3)
            .expectOutputShape(2, 7, 3).expectTrainableWeights(0).fromConfig(AveragePooling1D::fromConfig).run()
    }

    test("MaxPooling2D, same") {
        LayerTestKit { MaxPooling2D().padding("same") }.inputs(separated(Shape.of(2, 5, 5, 2)))
            .expectOutputShape(2, 3, 3, 2).fromConfig(MaxPooling2D::fromConfig).run()
    }

    test("AveragePooling2D, pool 3, strides 2, same") {
        LayerTestKit { AveragePooling2D(3).strides(2).padding("same") }.input(2, 5, 5, 2)
            .expectOutputShape(2, 3, 3, 2).fromConfig(AveragePooling2D::fromConfig).run()
    }

    test("GlobalMaxPooling1D") {
        LayerTestKit { GlobalMaxPooling1D() }.inputs(separated(Shape.of(2, 7, 3)))
            .expectOutputShape(2, 3).fromConfig(GlobalMaxPooling1D::fromConfig).run()
    }

    test("GlobalAveragePooling1D with keepdims") {
        LayerTestKit { GlobalAveragePooling1D().keepDims(true) }.input(2, 7, 3)
            .expectOutputShape(2, 1, 3).fromConfig(GlobalAveragePooling1D::fromConfig).run()
    }

    test("GlobalMaxPooling2D") {
        LayerTestKit { GlobalMaxPooling2D() }.inputs(separated(Shape.of(2, 4, 5, 3)))
            .expectOutputShape(2, 3).fromConfig(GlobalMaxPooling2D::fromConfig).run()
    }

    test("GlobalAveragePooling2D") {
        LayerTestKit { GlobalAveragePooling2D() }.input(2, 4, 5, 3)
            .expectOutputShape(2, 3).fromConfig(GlobalAveragePooling2D::fromConfig).run()
    }

    test("Flatten") {
        LayerTestKit { Flatten() }.input(2, 3, 2, 2).expectOutputShape(2, 12).expectTrainableWeights(0)
            .fromConfig(Flatten::fromConfig).run()
    }

    test("Reshape with -1") {
        LayerTestKit { Reshape(2, -1) }.input(2, 12).expectOutputShape(2, 2, 6).fromConfig(Reshape::fromConfig).run()
    }

    test("Concatenate, last axis and axis 1") {
        LayerTestKit { Concatenate() }.inputs(Rng(1).normal(Shape.of(2, 3), 0f, 1f), Rng(2).normal(Shape.of(2, 2), 0f, 1f))
            .expectOutputShape(2, 5).fromConfig(Concatenate::fromConfig).run()
        LayerTestKit { Concatenate(1) }.inputs(Rng(1).normal(Shape.of(2, 3, 2), 0f, 1f), Rng(2).normal(Shape.of(2, 1, 2), 0f, 1f))
            .expectOutputShape(2, 4, 2).fromConfig(Concatenate::fromConfig).run()
    }

    val two = { seed: Long -> listOf(Rng(seed).normal(Shape.of(2, 3), 0f, 1f), Rng(seed + 1).normal(Shape.of(2, 3), 0f, 1f)) }

    test("Add") {
        LayerTestKit { Add() }.inputs(*two(1).toTypedArray()).expectOutputShape(2, 3).fromConfig(Add::fromConfig).run()
    }

    test("Subtract") {
        LayerTestKit { Subtract() }.inputs(*two(3).toTypedArray()).expectOutputShape(2, 3).fromConfig(Subtract::fromConfig).run()
    }

    test("Multiply, broadcasting a (2, 1) input") {
        LayerTestKit { Multiply() }.inputs(Rng(5).normal(Shape.of(2, 3), 0f, 1f), Rng(6).normal(Shape.of(2, 1), 0f, 1f))
            .expectOutputShape(2, 3).fromConfig(Multiply::fromConfig).run()
    }

    test("Average") {
        LayerTestKit { Average() }.inputs(*two(7).toTypedArray()).expectOutputShape(2, 3).fromConfig(Average::fromConfig).run()
    }

    test("Maximum and Minimum") {
        val parts = separatedParts(Shape.of(2, 3), 2)
        LayerTestKit { Maximum() }.inputs(*parts.toTypedArray()).expectOutputShape(2, 3).fromConfig(Maximum::fromConfig).run()
        LayerTestKit { Minimum() }.inputs(*parts.toTypedArray()).expectOutputShape(2, 3).fromConfig(Minimum::fromConfig).run()
    }

    test("Dropout (inference mode in the kit)") {
        LayerTestKit { Dropout(0.5).seed(1) }.input(2, 5).expectOutputShape(2, 5).expectTrainableWeights(0)
            .fromConfig(Dropout::fromConfig).run()
    }

    test("Activation") {
        LayerTestKit { Activation("tanh") }.input(2, 5).expectOutputShape(2, 5).fromConfig(Activation::fromConfig).run()
        LayerTestKit { Activation("softmax") }.input(2, 3, 4).expectOutputShape(2, 3, 4).fromConfig(Activation::fromConfig).run()
    }

    test("BatchNormalization, gradients in training mode") {
        LayerTestKit { BatchNormalization().gammaRegularizer(Regularizer.l2(0.1)) }.input(4, 3)
            .expectOutputShape(4, 3).expectTrainableWeights(2).expectNonTrainableWeights(2).gradInTraining()
            .fromConfig(BatchNormalization::fromConfig).run()
    }

    test("BatchNormalization on axis 1 of a rank-4 input, inference mode, without scale") {
        LayerTestKit { BatchNormalization().axis(1).scale(false).momentum(0.9).epsilon(1e-2) }.input(2, 3, 2, 2)
            .expectOutputShape(2, 3, 2, 2).expectTrainableWeights(1).expectNonTrainableWeights(2)
            .fromConfig(BatchNormalization::fromConfig).run()
    }

    test("LayerNormalization, last axis and two axes") {
        LayerTestKit { LayerNormalization() }.input(2, 3, 4).expectOutputShape(2, 3, 4).expectTrainableWeights(2)
            .fromConfig(LayerNormalization::fromConfig).run()
        LayerTestKit { LayerNormalization().axis(1, 2).center(false) }.input(2, 3, 4).expectOutputShape(2, 3, 4)
            .expectTrainableWeights(1).fromConfig(LayerNormalization::fromConfig).run()
    }

    test("Embedding") {
        val idx = Tensor.randint(Shape.of(2, 5), 10, 4)
        val layer = LayerTestKit { Embedding(10, 4) }.inputs(idx).noInputGradient().expectOutputShape(2, 5, 4)
            .expectTrainableWeights(1).fromConfig(Embedding::fromConfig).run()
        layer.embeddings().shape() shouldBe Shape.of(10, 4)
    }
})
