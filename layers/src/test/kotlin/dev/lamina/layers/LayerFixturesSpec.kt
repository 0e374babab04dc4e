package dev.lamina.layers

import dev.lamina.Lamina
import dev.lamina.tensor.Autodiff
import dev.lamina.tensor.Ops
import dev.lamina.tensor.ReduceOps
import dev.lamina.tensor.Tensor
import dev.lamina.tensor.Variable
import dev.lamina.tensor.io.ConfigReader
import dev.lamina.testing.Fixtures
import dev.lamina.testing.TensorAsserts
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan

/**
 * The reference fixtures (ops.json) for convolution, pooling, global pooling, concatenate and flatten, run through
 * the LAYERS: the fixture kernel and bias are copied into the layer's weights; output and gradients of
 * `sum(output * upstream)` w.r.t. the inputs and weights must match (rtol 1e-5, atol 1e-6).
 */
@Suppress("UNCHECKED_CAST")
class LayerFixturesSpec : FunSpec({
    beforeTest { Lamina.clearSession(); Lamina.setRandomSeed(0) }

    val cases = Fixtures.load("ops.json")["cases"] as Map<String, Map<String, Any?>>
    val layerOps = setOf("conv1d", "conv2d", "max_pool1d", "avg_pool1d", "max_pool2d", "avg_pool2d", "global_max_pool1d",
        "global_avg_pool1d", "global_max_pool2d", "global_avg_pool2d", "concatenate", "flatten")

    fun layerFor(op: String, p: Map<String, Any?>, inputs: Map<String, Tensor>): Layer {
        val rank = if (op.endsWith("1d")) 1 else 2
        fun ints(key: String) = ConfigReader("ops.json", p).getInts(key, rank)!!
        val padding = p["padding"] as String?
        return when (op) {
            "conv1d" -> Conv1D(inputs.getValue("kernel").shape().last(), ints("kernel_size")[0]).strides(*ints("strides"))
                .padding(padding).dilationRate(*ints("dilation_rate"))
            "conv2d" -> Conv2D(inputs.getValue("kernel").shape().last(), *ints("kernel_size")).strides(*ints("strides"))
                .padding(padding).dilationRate(*ints("dilation_rate"))
            "max_pool1d" -> MaxPooling1D(ints("pool_size")[0]).strides(*ints("strides")).padding(padding)
            "avg_pool1d" -> AveragePooling1D(ints("pool_size")[0]).strides(*ints("strides")).padding(padding)
            "max_pool2d" -> MaxPooling2D(*ints("pool_size")).strides(*ints("strides")).padding(padding)
            "avg_pool2d" -> AveragePooling2D(*ints("pool_size")).strides(*ints("strides")).padding(padding)
            "global_max_pool1d" -> GlobalMaxPooling1D()
            "global_avg_pool1d" -> GlobalAveragePooling1D()
            "global_max_pool2d" -> GlobalMaxPooling2D()
            "global_avg_pool2d" -> GlobalAveragePooling2D()
            "concatenate" -> Concatenate((p["axis"] as Number).toInt())
            "flatten" -> Flatten()
            else -> error("no layer for $op")
        }
    }

    val selected = cases.filter { it.value["op"] in layerOps }
    test("the fixtures hold every layer op") { selected.size shouldBeGreaterThan 30 }

    for ((name, case) in selected) {
        test("fixture $name through the ${case["op"]} layer") {
            val op = case["op"] as String
            val raw = (case["inputs"] as Map<String, Any?>).mapValues { Fixtures.tensor(it.value) }
            val layer = layerFor(op, case["params"] as Map<String, Any?>, raw)
            val weightNames = setOf("kernel", "bias")
            val dataInputs = raw.filterKeys { it !in weightNames }.mapValues { (k, t) -> Variable(k, t) }
            layer.forward(dataInputs.values.map { it.value() }, false)        // builds the layer
            val variables = LinkedHashMap<String, Variable>(dataInputs)
            if (layer is BaseConv<*>) {
                layer.kernel().assign(raw.getValue("kernel"))
                layer.bias().assign(raw.getValue("bias"))
                variables["kernel"] = layer.kernel()
                variables["bias"] = layer.bias()
            }
            val out = layer.forward(dataInputs.values.map { it.value() }, false)[0]
            val (outShape, outValues) = Fixtures.doubles(case["output"])
            TensorAsserts.assertClose(outValues, outShape, out, 1e-5, 1e-6, "$name output")
            val upstream = Fixtures.tensor(case["upstream"])
            val names = (case["grads"] as Map<String, Any?>).keys.toList()
            val grads = Autodiff.gradients(ReduceOps.sum(Ops.multiply(out, upstream)), names.map { variables.getValue(it) })
            for ((i, input) in names.withIndex()) {
                val (gShape, gValues) = Fixtures.doubles((case["grads"] as Map<String, Any?>)[input])
                TensorAsserts.assertClose(gValues, gShape, grads[i], 1e-5, 1e-6, "$name d/d$input")
            }
        }
    }
})
