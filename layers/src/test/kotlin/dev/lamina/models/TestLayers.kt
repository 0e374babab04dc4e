package dev.lamina.models

import dev.lamina.initializers.Initializers
import dev.lamina.layers.Layer
import dev.lamina.tensor.Ops
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor

/**
 * Test stand-ins with the class names, output shapes and parameter counts of Conv1D/Conv2D (valid padding,
 * stride 1), GlobalMaxPooling and Concatenate, which another branch provides. Only shapes matter here.
 */
internal class FakeConv(private val cls: String, base: String, private val filters: Int, private vararg val kernel: Int) : Layer(base) {
    override fun className() = cls

    override fun build(inputShape: Shape) {
        addWeight("kernel", Shape.of(*kernel, inputShape.last(), filters), Initializers.glorotUniform())
        addWeight("bias", Shape.of(filters), Initializers.zeros())
    }

    override fun computeOutputShapes(inputShapes: List<Shape>): List<Shape> {
        val d = inputShapes[0].toArray()
        for (i in kernel.indices) d[i + 1] = d[i + 1] - kernel[i] + 1
        d[d.size - 1] = filters
        return listOf(Shape.of(*d))
    }
}

internal class FakeGlobalPool(private val cls: String, base: String) : Layer(base) {
    override fun className() = cls

    override fun computeOutputShapes(inputShapes: List<Shape>): List<Shape> = listOf(Shape.of(-1, inputShapes[0].last()))
}

internal class FakeConcat : Layer("concatenate") {
    override fun className() = "Concatenate"

    override fun build(inputShapes: List<Shape>) {}

    override fun computeOutputShapes(inputShapes: List<Shape>): List<Shape> = listOf(Shape.of(-1, inputShapes.sumOf { it.last() }))
}

/** A user layer for registry tests: {@code a * scale + b} over two same-shaped inputs, one weight. */
internal class Sum2(private val width: Int) : Layer("sum2") {
    override fun className() = "Sum2"

    override fun build(inputShapes: List<Shape>) {
        addWeight("scale", Shape.of(width), Initializers.randomUniform(0.5, 1.5))
    }

    override fun call(inputs: List<Tensor>, training: Boolean): Tensor =
        Ops.add(Ops.multiply(inputs[0], weights()[0].value()), inputs[1])

    override fun getConfig(): MutableMap<String, Any> = super.getConfig().also { it["width"] = width }

    companion object {
        fun fromConfig(c: Map<String, Any?>): Sum2 = Sum2((c["width"] as Number).toInt()).also { it.name(c["name"] as String) }
    }
}
