package dev.lamina.models.keras

import dev.lamina.Lamina
import dev.lamina.layers.BatchNormalization
import dev.lamina.layers.Concatenate
import dev.lamina.layers.InputLayer
import dev.lamina.models.Model
import dev.lamina.tensor.Rng
import dev.lamina.tensor.Shape
import dev.lamina.tensor.io.Json
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.util.zip.GZIPInputStream

/** Keras 3 and tf.keras 2.x model configs into Lamina models; unsupported options named by layer, key and value. */
class KerasConfigReaderSpec : FunSpec({
    beforeTest { Lamina.clearSession(); Lamina.setRandomSeed(0) }

    fun resource(name: String): String {
        val s = KerasConfigReaderSpec::class.java.getResourceAsStream("/keras-import/$name") ?: error("no resource $name")
        return (if (name.endsWith(".gz")) GZIPInputStream(s) else s).readBytes().toString(Charsets.UTF_8)
    }

    fun counts(m: Model): List<Long> {
        val total = m.weights().sumOf { it.shape().size().toLong() }
        val trainable = m.weights().filter { it.trainable() }.sumOf { it.shape().size().toLong() }
        return listOf(total, trainable, total - trainable)
    }

    /** A tf.keras 2.x Sequential as to_json() writes it: no InputLayer, batch_input_shape on the first layer. */
    fun tf2Sequential(conv: String = "", bn: String = "\"axis\": [3]") = """
        {"class_name": "Sequential", "keras_version": "2.5.0", "backend": "tensorflow", "config": {"name": "sequential", "layers": [
          {"class_name": "Conv2D", "config": {"name": "conv2d", "trainable": true, "batch_input_shape": [null, 6, 6, 2], "dtype": "float32",
            "filters": 3, "kernel_size": [3, 3], "strides": [1, 1], "padding": "same", "data_format": "channels_last", "dilation_rate": [1, 1],
            "groups": 1, "activation": "relu", "use_bias": true,
            "kernel_initializer": {"class_name": "VarianceScaling", "config": {"scale": 2.0, "mode": "fan_out", "distribution": "truncated_normal", "seed": null}},
            "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": {"class_name": "L2", "config": {"l2": 0.01}},
            "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null $conv}},
          {"class_name": "BatchNormalization", "config": {"name": "bn", "trainable": true, "dtype": "float32", $bn, "momentum": 0.99,
            "epsilon": 0.001, "center": true, "scale": true, "beta_initializer": {"class_name": "Zeros", "config": {}},
            "gamma_initializer": {"class_name": "Ones", "config": {}}, "moving_mean_initializer": {"class_name": "Zeros", "config": {}},
            "moving_variance_initializer": {"class_name": "Ones", "config": {}}, "beta_regularizer": null, "gamma_regularizer": null,
            "beta_constraint": null, "gamma_constraint": null}},
          {"class_name": "Flatten", "config": {"name": "flatten", "trainable": true, "batch_input_shape": [null, 99], "dtype": "float32", "data_format": "channels_last"}},
          {"class_name": "Dense", "config": {"name": "dense", "trainable": true, "dtype": "float32", "units": 4, "activation": "softmax", "use_bias": true,
            "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}},
            "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null}}]}}
    """.trimIndent()

    test("a tf.keras 2.x Sequential without an InputLayer takes its input from batch_input_shape; later ones are ignored") {
        val m = Model.fromJson(tf2Sequential())
        (m.layers()[0] as InputLayer).name() shouldBe "conv2d_input"
        m.inputs()[0].shape() shouldBe Shape.of(-1, 6, 6, 2)
        m.outputs()[0].shape() shouldBe Shape.of(-1, 4)
        counts(m) shouldBe listOf(57L + 12 + 436, 57L + 6 + 436, 6L)
        (m.getLayer("bn") as BatchNormalization).getConfig()["axis"] shouldBe 3
        m.predict(Rng(1).uniform(Shape.of(2, 6, 6, 2), 0f, 1f)).shape() shouldBe Shape.of(2, 4)
    }

    test("a tf.keras 2.x functional model: class Model, list-form inbound_nodes, a negative Concatenate axis, shared layer") {
        val json = """
            {"class_name": "Model", "config": {"name": "m", "layers": [
              {"class_name": "InputLayer", "name": "a", "config": {"batch_input_shape": [null, 3], "dtype": "float32", "sparse": false, "ragged": false, "name": "a"}, "inbound_nodes": []},
              {"class_name": "InputLayer", "name": "b", "config": {"batch_input_shape": [null, 3], "dtype": "float32", "sparse": false, "name": "b"}, "inbound_nodes": []},
              {"class_name": "Dense", "name": "shared", "config": {"name": "shared", "units": 2, "activation": "tanh"}, "inbound_nodes": [[["a", 0, 0, {}]], [["b", 0, 0, {}]]]},
              {"class_name": "Concatenate", "name": "cat", "config": {"name": "cat", "axis": -1}, "inbound_nodes": [[["shared", 0, 0, {}], ["shared", 1, 0, {}]]]}],
             "input_layers": [["a", 0, 0], ["b", 0, 0]], "output_layers": [["cat", 0, 0]]}}
        """.trimIndent()
        val m = Model.fromJson(json)
        m.inputNames() shouldBe listOf("a", "b")
        m.outputs()[0].shape() shouldBe Shape.of(-1, 4)
        (m.getLayer("cat") as Concatenate).axis() shouldBe -1
        counts(m)[0] shouldBe 8L
    }

    test("a Keras 3 config.json (envelopes, DTypePolicy objects, build_config, args/kwargs nodes) builds what Keras built") {
        val config = Json.parse(resource("cnn_bn.json")) as Map<*, *>
        val expected = Json.parse(resource("cnn_bn_expected.json")) as Map<*, *>
        val p = expected["params"] as Map<*, *>
        counts(Model.fromJson(resource("cnn_bn.json"))) shouldBe listOf(p["total"], p["trainable"], p["non_trainable"])
        config["module"] shouldBe "keras"
    }

    // DenseNet121's forward pass at 224x224 does not fit the test JVM's default heap (see the report), so it only builds here.
    for ((name, file) in listOf("MobileNet" to "mobilenet", "DenseNet121" to "densenet121", "EfficientNetB0" to "efficientnetb0")) {
        test("keras.applications.$name(weights=None) from its Keras 3 JSON: Keras' exact parameter counts, output shape" +
            if (file == "densenet121") "" else ", a forward pass") {
            val expected = (Json.parse(resource("imagenet/params.json")) as Map<*, *>)[file] as Map<*, *>
            val p = expected["params"] as Map<*, *>
            val m = Model.fromJson(resource("imagenet/$file.json.gz"))
            counts(m) shouldBe listOf(p["total"], p["trainable"], p["non_trainable"])
            m.outputs()[0].shape() shouldBe Shape.of(-1, 1000)
            if (file == "densenet121") return@test
            val y = m.predict(Rng(2).uniform(Shape.of(1, 224, 224, 3), 0f, 255f))
            y.shape() shouldBe Shape.of(1, 1000)
            y.toFloatArray().all { it.isFinite() } shouldBe true
            y.toFloatArray().sum().toDouble() shouldBe (1.0 plusOrMinus 1e-4)
        }
    }

    fun refused(json: String): String = shouldThrow<IllegalArgumentException> { Model.fromJson(json) }.message!!

    test("unsupported options are one error naming the layer, the key and the value") {
        refused(tf2Sequential(conv = ", \"data_format\": \"channels_first\"").replace("\"data_format\": \"channels_last\", \"dilation", "\"dilation")) shouldContain
            "Keras layer 'conv2d' (Conv2D): key 'data_format': expected 'channels_last' (Lamina's only layout), received 'channels_first'"
        refused(tf2Sequential().replace("\"activation\": \"relu\"", "\"activation\": \"gelu_approx\"")) shouldContain
            "Keras layer 'conv2d' (Conv2D): key 'activation': expected an activation Lamina has"
        refused(tf2Sequential().replace("\"groups\": 1", "\"groups\": 3")) shouldContain "Keras layer 'conv2d' (Conv2D): key 'groups': expected 1"
        refused(tf2Sequential().replace("\"kernel_constraint\": null", "\"kernel_constraint\": {\"class_name\": \"MaxNorm\", \"config\": {}}")) shouldContain
            "Keras layer 'conv2d' (Conv2D): key 'kernel_constraint': expected null"
        refused(tf2Sequential(bn = "\"axis\": [1, 2]")) shouldContain "Keras layer 'bn' (BatchNormalization): key 'axis': expected one axis"
        refused(tf2Sequential().replace("\"name\": \"bn\", \"trainable\": true, \"dtype\": \"float32\"",
            "\"name\": \"bn\", \"dtype\": {\"module\": \"keras\", \"class_name\": \"DTypePolicy\", \"config\": {\"name\": \"mixed_float16\"}}")) shouldContain
            "Keras layer 'bn' (BatchNormalization): key 'dtype': expected 'float32' (Lamina computes in float32), received 'mixed_float16'"
        refused(tf2Sequential().replace("\"class_name\": \"Flatten\"", "\"class_name\": \"Flattish\"")) shouldContain "unknown layer class_name 'Flattish'"
    }

    test("Lambda layers, __lambda__ payloads and unregistered custom classes are refused without running anything") {
        val lambda = tf2Sequential().replace("{\"class_name\": \"Flatten\", \"config\": {\"name\": \"flatten\"",
            "{\"class_name\": \"Lambda\", \"config\": {\"function\": [\"4wEAAAAAAAAA\", null, null], \"name\": \"evil\"")
        refused(lambda) shouldContain "layer 'evil' is a Lambda, which holds Python code; Lamina never runs code from a file"
        val payload = tf2Sequential().replace("\"kernel_regularizer\": null, \"bias_regularizer\": null, \"activity_regularizer\": null, \"kernel_constraint\": null, \"bias_constraint\": null}}]",
            "\"kernel_regularizer\": null, \"extra\": {\"class_name\": \"__lambda__\", \"config\": {\"code\": \"4wEAAAAA\"}}}}]")
        refused(payload) shouldContain "is a __lambda__, which holds Python code"
        val custom = tf2Sequential().replace("{\"class_name\": \"Flatten\",", "{\"class_name\": \"Flatten\", \"registered_name\": \"my_pkg>Flatten\",")
        refused(custom) shouldContain "Keras layer 'flatten' (Flatten): registered_name 'my_pkg>Flatten' is a custom class that is not registered"
        refused("""{"class_name": "MyModel", "registered_name": "my>MyModel", "config": {}}""") shouldContain
            "expected class_name Sequential, Functional or Model, received 'MyModel' (subclassed models are not loaded from configs)"
    }

    test("Keras 3 call arguments that are not tensors, and models nested too deep, are refused") {
        val node = """{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 3], "dtype": "float32", "keras_history": ["a", 0, 0]}}],
            "kwargs": {"training": true}}"""
        val json = """{"class_name": "Functional", "config": {"name": "f", "layers": [
            {"class_name": "InputLayer", "name": "a", "config": {"batch_shape": [null, 3], "name": "a"}, "inbound_nodes": []},
            {"class_name": "Dense", "name": "d", "config": {"name": "d", "units": 2}, "inbound_nodes": [$node]}],
            "input_layers": [["a", 0, 0]], "output_layers": [["d", 0, 0]]}}"""
        refused(json) shouldContain "Keras layer 'd': call argument 'training' = true is not supported"
        Model.fromJson(json.replace("\"training\": true", "\"training\": false")).outputs()[0].shape() shouldBe Shape.of(-1, 2)
        var deep = """{"class_name": "InputLayer", "config": {"batch_shape": [null, 2], "name": "i"}}"""
        repeat(40) { deep = """{"class_name": "Sequential", "config": {"name": "s$it", "layers": [$deep]}}""" }
        refused(deep) shouldContain "models nested more than 32 deep"
    }
})
