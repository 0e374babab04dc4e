package dev.lamina.testing

import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.tensor.io.Json

/** Loads the reference fixtures (copied from the project's shared fixtures into this test-jar). */
object Fixtures {
    private val cache = HashMap<String, Map<String, Any?>>()

    @Suppress("UNCHECKED_CAST")
    fun load(name: String): Map<String, Any?> = synchronized(cache) {
        cache.getOrPut(name) {
            val text = Fixtures::class.java.getResourceAsStream("/fixtures/$name")?.readBytes()?.toString(Charsets.UTF_8)
                ?: error("fixture $name is not on the test classpath")
            Json.parse(text) as Map<String, Any?>
        }
    }

    /** A `{"shape", "values"}` object, a plain nested list or a number, as a float32 tensor. */
    fun tensor(v: Any?): Tensor {
        val (shape, values) = shapeAndValues(v)
        return Tensor.of(FloatArray(values.size) { values[it].toFloat() }, Shape.of(*shape))
    }

    /** The same, as float64 values with their shape. */
    fun doubles(v: Any?): Pair<Shape, DoubleArray> {
        val (shape, values) = shapeAndValues(v)
        return Shape.of(*shape) to values
    }

    @Suppress("UNCHECKED_CAST")
    private fun shapeAndValues(v: Any?): Pair<IntArray, DoubleArray> {
        if (v is Map<*, *> && v.containsKey("shape")) {
            val shape = (v["shape"] as List<Any?>).map { (it as Number).toInt() }.toIntArray()
            val flat = ArrayList<Double>()
            flatten(v["values"], flat)
            return shape to flat.toDoubleArray()
        }
        if (v is Number) return IntArray(0) to doubleArrayOf(v.toDouble())
        val shape = ArrayList<Int>()
        var cur: Any? = v
        while (cur is List<*>) {
            shape += cur.size
            cur = cur.firstOrNull()
        }
        val flat = ArrayList<Double>()
        flatten(v, flat)
        return shape.toIntArray() to flat.toDoubleArray()
    }

    private fun flatten(v: Any?, out: MutableList<Double>) {
        when (v) {
            is List<*> -> v.forEach { flatten(it, out) }
            is Number -> out += v.toDouble()
            null -> out += Double.NaN
            else -> error("fixture value $v is not numeric")
        }
    }
}
