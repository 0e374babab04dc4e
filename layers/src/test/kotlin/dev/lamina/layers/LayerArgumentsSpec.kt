package dev.lamina.layers

import dev.lamina.Lamina
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.tensor.io.Json
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

/** Bad constructor and setter arguments fail at once, naming the layer and the argument; configs survive JSON. */
class LayerArgumentsSpec : FunSpec({
    beforeTest { Lamina.clearSession(); Lamina.setRandomSeed(0) }

    fun message(block: () -> Any?): String = shouldThrow<IllegalArgumentException> { block() }.message!!

    test("filters and kernel sizes must be positive") {
        message { Conv2D(0, 3) } shouldBe "Conv2D: expected filters > 0, received filters=0"
        message { Conv1D(-2, 3) } shouldBe "Conv1D: expected filters > 0, received filters=-2"
        message { Conv2D(4, 0) } shouldBe "Conv2D: expected kernel_size > 0, received kernel_size=(0,)"
        message { Conv2D(4, 3, 3, 3) } shouldBe "Conv2D: expected kernel_size as 1 or 2 positive integers, received kernel_size=[3, 3, 3]"
        message { Conv2D(4, 3).strides(1, 0) } shouldBe "Conv2D: expected strides > 0, received strides=(1, 0)"
        message { MaxPooling2D(0) } shouldBe "MaxPooling2D: expected pool_size > 0, received pool_size=(0,)"
        message { Embedding(0, 4) } shouldBe "Embedding: expected input_dim > 0, received input_dim=0"
        message { Embedding(4, 0) } shouldBe "Embedding: expected output_dim > 0, received output_dim=0"
    }

    test("unknown padding") {
        message { Conv2D(4, 3).padding("full") } shouldBe "Conv2D: expected padding 'valid' or 'same', received padding='full'"
        message { Conv2D(4, 3).padding("causal") } shouldBe "Conv2D: expected padding 'valid' or 'same', received padding='causal'"
        message { Conv1D(4, 3).padding("full") } shouldBe "Conv1D: expected padding 'valid', 'same' or 'causal', received padding='full'"
        message { MaxPooling1D().padding("causal") } shouldBe "MaxPooling1D: expected padding 'valid' or 'same', received padding='causal'"
        message { AveragePooling1D().padding("") } shouldBe "AveragePooling1D: expected padding 'valid' or 'same', received padding=''"
        Conv2D(4, 3).padding("SAME").padding() shouldBe "same"
    }

    test("strides > 1 with dilation > 1 is rejected, as in Keras") {
        message { Conv2D(4, 3).strides(2).dilationRate(2) } shouldBe
            "Conv2D: expected strides of 1 when dilation_rate > 1 (or the reverse), received strides=(2, 2), dilation_rate=(2, 2)"
        message { Conv1D(4, 3).dilationRate(2).strides(3) } shouldContain "strides=(3,), dilation_rate=(2,)"
    }

    test("dropout rate outside [0, 1)") {
        message { Dropout(1.0) } shouldBe "Dropout: expected 0 <= rate < 1, received rate=1.0"
        message { Dropout(-0.1) } shouldBe "Dropout: expected 0 <= rate < 1, received rate=-0.1"
        message { Dropout(Double.NaN) } shouldBe "Dropout: expected 0 <= rate < 1, received rate=NaN"
    }

    test("normalization arguments") {
        message { BatchNormalization().momentum(1.5) } shouldBe "BatchNormalization: expected 0 <= momentum <= 1, received momentum=1.5"
        message { LayerNormalization().epsilon(-1.0) } shouldBe "LayerNormalization: expected epsilon >= 0, received epsilon=-1.0"
        message { LayerNormalization().axis(0).name("ln").apply(Input.of(3)) } shouldContain "LayerNormalization 'ln': expected axis [0]"
    }

    test("unknown activation names list the known ones") {
        message { Activation("relux") } shouldContain "unknown activation 'relux'"
        message { Conv2D(1, 1).activation("nope") } shouldContain "unknown activation 'nope'"
    }

    test("configuration cannot change after the layer is built") {
        val c = Conv2D(2, 3)
        c.call(Tensor.zeros(1, 4, 4, 1))
        shouldThrow<IllegalStateException> { c.padding("same") }.message shouldBe "Conv2D 'conv2d': cannot change padding after the layer is built"
        val p = MaxPooling1D()
        p.call(Tensor.zeros(1, 4, 1))
        shouldThrow<IllegalStateException> { p.strides(1) }
    }

    test("fromConfig reports a missing required entry and a foreign data_format") {
        message { Conv2D.fromConfig(mapOf("kernel_size" to listOf(3, 3))) } shouldBe
            "Conv2D.fromConfig: expected config key 'filters', received keys [kernel_size]"
        message { MaxPooling2D.fromConfig(mapOf("data_format" to "channels_first")) } shouldBe
            "MaxPooling2D.fromConfig: expected data_format 'channels_last', received 'channels_first'"
    }

    test("configs use Keras keys and tuples as lists") {
        val c = Conv2D(8, 3).strides(2).padding("same").activation("relu").name("c1").getConfig()
        Json.write(c) shouldBe """{"name":"c1","trainable":true,"filters":8,"kernel_size":[3,3],"strides":[2,2],"padding":"same",""" +
            """"data_format":"channels_last","dilation_rate":[1,1],"activation":"relu","use_bias":true,""" +
            """"kernel_initializer":{"class_name":"GlorotUniform","config":{"scale":1.0,"mode":"fan_avg","distribution":"uniform"}},""" +
            """"bias_initializer":{"class_name":"Zeros","config":{}},"kernel_regularizer":null,"bias_regularizer":null}"""
        Json.write(MaxPooling1D(3).name("p").getConfig()) shouldBe
            """{"name":"p","trainable":true,"pool_size":[3],"padding":"valid","strides":[3],"data_format":"channels_last"}"""
    }

    test("trainable=false survives fromConfig") {
        val d = Dense(3).name("frozen")
        d.setTrainable(false)
        val copy = Dense.fromConfig(d.getConfig())
        copy.isTrainable() shouldBe false
        copy.call(Tensor.zeros(1, 2))
        copy.trainableWeights().size shouldBe 0
    }

    test("InputLayer round-trips through its config, in memory and through JSON") {
        val input = InputLayer("pixels", 28, 28, 1)
        @Suppress("UNCHECKED_CAST")
        for (config in listOf(input.getConfig(), Json.parse(Json.write(input.getConfig())) as Map<String, Any?>)) {
            val copy = InputLayer.fromConfig(config)
            copy.name() shouldBe "pixels"
            copy.shape() shouldBe Shape.of(-1, 28, 28, 1)
            Json.write(copy.getConfig()) shouldBe Json.write(input.getConfig())
        }
        InputLayer.fromConfig(mapOf("batch_shape" to listOf(null, 5))).shape() shouldBe Shape.of(-1, 5)
    }
})
