package dev.lamina.serving

import dev.lamina.layers.BatchNormalization
import dev.lamina.layers.Concatenate
import dev.lamina.layers.Conv1D
import dev.lamina.layers.Conv2D
import dev.lamina.layers.Dense
import dev.lamina.layers.Dropout
import dev.lamina.layers.Flatten
import dev.lamina.layers.GlobalMaxPooling1D
import dev.lamina.layers.GlobalMaxPooling2D
import dev.lamina.layers.Input
import dev.lamina.layers.MaxPooling2D
import dev.lamina.models.Model
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor

/** The models the serving and ONNX specs run (the W8 workloads, the seed's Experiment 6, BatchNormalization). */
object ServingModels {
    /** W3/W8's MLP: 784 -> Dense(512, relu) -> Dense(512, relu) -> Dense(10) logits. */
    fun mlp(): Model {
        val input = Input.of(784)
        var h = Dense(512).activation("relu").apply(input)
        h = Dense(512).activation("relu").apply(h)
        return Model.of(input, Dense(10).apply(h))
    }

    /** W4/W8's CNN: 28x28x1 -> Conv2D(32, 3, relu) -> MaxPool(2) -> Conv2D(64, 3, relu) -> MaxPool(2) -> Flatten -> Dense(128, relu) -> Dense(10). */
    fun cnn(): Model {
        val input = Input.of(28, 28, 1)
        var h = Conv2D(32, 3, 3).activation("relu").apply(input)
        h = MaxPooling2D(2, 2).apply(h)
        h = Conv2D(64, 3, 3).activation("relu").apply(h)
        h = MaxPooling2D(2, 2).apply(h)
        h = Flatten().apply(h)
        h = Dense(128).activation("relu").apply(h)
        return Model.of(input, Dense(10).apply(h))
    }

    /** The seed's Experiment 6: two inputs, two outputs. */
    fun experiment6(): Model {
        val img = Input.of("img_input", 32, 32, 3)
        val ts = Input.of("ts_input", 20, 10)
        val x1 = GlobalMaxPooling2D().apply(Conv2D(3, 3, 3).apply(img))
        val x2 = GlobalMaxPooling1D().apply(Conv1D(3, 3).apply(ts))
        val x = Concatenate().apply(x1, x2)
        return Model.of(listOf(img, ts), listOf(Dense(1).name("score_output").apply(x), Dense(5).name("class_output").apply(x)))
    }

    /**
     * BatchNormalization after a Conv2D and a Dense (both linear, so foldable), and one on the input (not foldable);
     * moving statistics, gamma and beta set away from their initial values.
     */
    fun batchNorm(): Model {
        val input = Input.of(12, 12, 2)
        var h = BatchNormalization().apply(input)
        h = Conv2D(6, 3, 3).padding("same").apply(h)
        h = BatchNormalization().apply(h)
        h = dev.lamina.layers.Activation("relu").apply(h)
        h = MaxPooling2D(2, 2).apply(h)
        h = Flatten().apply(h)
        h = Dense(16).apply(h)
        h = BatchNormalization().epsilon(1e-2).apply(h)
        h = Dropout(0.5).apply(h)
        h = dev.lamina.layers.Activation("relu").apply(h)
        val m = Model.of(input, Dense(3).activation("softmax").apply(h))
        randomizeNormalization(m)
        return m
    }

    /** Gives every BatchNormalization non-trivial gamma, beta and moving statistics (variance in [0.5, 2)). */
    fun randomizeNormalization(m: Model) {
        var seed = 100L
        for (l in m.layers()) {
            if (l !is BatchNormalization) continue
            val n = l.gamma().size()
            l.gamma().assign(Tensor.uniform(Shape.of(n), 0.5f, 1.5f, seed++))
            l.beta().assign(Tensor.uniform(Shape.of(n), -0.5f, 0.5f, seed++))
            l.movingMean().assign(Tensor.uniform(Shape.of(n), -0.3f, 0.3f, seed++))
            l.movingVariance().assign(Tensor.uniform(Shape.of(n), 0.5f, 2f, seed++))
        }
    }
}
