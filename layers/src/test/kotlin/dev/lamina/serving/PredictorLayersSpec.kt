package dev.lamina.serving

import dev.lamina.training.Data

import dev.lamina.Lamina
import dev.lamina.layers.Activation
import dev.lamina.layers.Add
import dev.lamina.layers.AveragePooling1D
import dev.lamina.layers.AveragePooling2D
import dev.lamina.layers.Conv1D
import dev.lamina.layers.Conv2D
import dev.lamina.layers.Conv2DTranspose
import dev.lamina.layers.Cropping2D
import dev.lamina.layers.Dense
import dev.lamina.layers.DepthwiseConv2D
import dev.lamina.layers.Dot
import dev.lamina.layers.ELU
import dev.lamina.layers.Embedding
import dev.lamina.layers.Flatten
import dev.lamina.layers.GRU
import dev.lamina.layers.GaussianNoise
import dev.lamina.layers.GlobalAveragePooling1D
import dev.lamina.layers.GlobalAveragePooling2D
import dev.lamina.layers.Input
import dev.lamina.layers.LSTM
import dev.lamina.layers.LayerNormalization
import dev.lamina.layers.LeakyReLU
import dev.lamina.layers.MaxPooling1D
import dev.lamina.layers.Maximum
import dev.lamina.layers.Multiply
import dev.lamina.layers.Normalization
import dev.lamina.layers.PReLU
import dev.lamina.layers.ReLU
import dev.lamina.layers.Rescaling
import dev.lamina.layers.Reshape
import dev.lamina.layers.SeparableConv2D
import dev.lamina.layers.SimpleRNN
import dev.lamina.layers.Softmax
import dev.lamina.layers.SpatialDropout2D
import dev.lamina.layers.Subtract
import dev.lamina.layers.UpSampling2D
import dev.lamina.layers.ZeroPadding2D
import dev.lamina.models.Model
import dev.lamina.models.Sequential
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.testing.TensorAsserts.assertBitEqual
import io.kotest.core.spec.style.FunSpec

/** The library's other layers (no fast path: their own forward on the predictor's copies) give model.predict's bits. */
class PredictorLayersSpec : FunSpec({
    beforeTest { Lamina.clearSession(); Lamina.setRandomSeed(0) }

    fun check(m: Model, xs: List<Tensor>) {
        val n = xs[0].shape().dim(0)
        val want = m.predictAll(Data.of(xs), n)
        val got = Predictor.of(m).predict(xs)
        for (o in want.indices) assertBitEqual(want[o], got[o], "${m.name()} output $o")
        val one = Predictor.of(m).predict(xs.map { it.slice(0, 1) })
        val wantOne = m.predictAll(Data.of(xs.map { it.slice(0, 1) }), 1)
        for (o in wantOne.indices) assertBitEqual(wantOne[o], one[o], "${m.name()} output $o, one sample")
    }

    test("image layers: depthwise, separable and transposed convolutions, padding, cropping, upsampling, activations") {
        val i = Input.of(10, 10, 3)
        var h = ZeroPadding2D(1).apply(Rescaling(0.5, 0.1).apply(i))
        h = DepthwiseConv2D(3).apply(h)
        h = SeparableConv2D(4, 3).activation("relu").apply(h)
        h = Conv2DTranspose(3, 2).strides(2).apply(h)
        h = Cropping2D(1).apply(UpSampling2D(2).apply(AveragePooling2D(2).apply(h)))
        h = SpatialDropout2D(0.3).apply(PReLU().apply(LeakyReLU().apply(ELU().apply(ReLU().apply(h)))))
        h = Conv2D(2, 1).activation("sigmoid").apply(GaussianNoise(0.1).apply(h))
        val m = Model.of(i, Softmax().apply(Dense(3).apply(Flatten().apply(GlobalAveragePooling2D().apply(h).let { Reshape(1, 2).apply(it) })))).name("images")
        check(m, listOf(Tensor.uniform(Shape.of(3, 10, 10, 3), 0f, 1f, 1)))
    }

    test("sequences: Embedding, Conv1D, pooling, SimpleRNN, LSTM, GRU, LayerNormalization") {
        val ids = Input.of(12)
        var h = Embedding(30, 6).apply(ids)
        h = MaxPooling1D(2).apply(Conv1D(8, 3).padding("same").activation("tanh").apply(h))
        val seq = LSTM(5).returnSequences(true).apply(SimpleRNN(6).returnSequences(true).apply(h))
        val last = LayerNormalization().apply(GRU(4).apply(seq))
        val pooled = GlobalAveragePooling1D().apply(AveragePooling1D(2).apply(seq))
        val m = Model.of(listOf(ids), listOf(Dense(2).apply(last), pooled)).name("sequences")
        check(m, listOf(Tensor.of(FloatArray(36) { ((it * 11) % 30).toFloat() }, 3, 12)))
    }

    test("merges and Normalization (adapted), two inputs, in a Sequential nested in a functional model") {
        val a = Input.of("a", 6)
        val b = Input.of("b", 6)
        val norm = Normalization().also { it.adapt(Tensor.uniform(Shape.of(20, 6), 0f, 3f, 4)) }
        val inner = Sequential(dev.lamina.layers.InputLayer("inner_in", 6), Dense(6).activation("tanh"), Activation("relu"))
        val x = inner.apply(norm.apply(a))
        val y = Dense(6).apply(b)
        val merged = listOf(Add().apply(x, y), Subtract().apply(x, y), Multiply().apply(x, y), Maximum().apply(x, y))
        val dot = Dot(1).apply(merged[0], merged[1])
        val m = Model.of(listOf(a, b), listOf(dot, Dense(2).name("last").apply(merged[3]), merged[2])).name("merges")
        check(m, listOf(Tensor.uniform(Shape.of(4, 6), 0f, 3f, 5), Tensor.uniform(Shape.of(4, 6), 0f, 1f, 6)))
    }
})
