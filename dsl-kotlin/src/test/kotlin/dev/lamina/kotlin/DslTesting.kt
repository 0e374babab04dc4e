package dev.lamina.kotlin

import dev.lamina.Lamina
import dev.lamina.models.Model
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.training.History
import io.kotest.matchers.shouldBe
import java.io.ByteArrayOutputStream
import java.io.PrintStream

/** Data and helpers shared by the dsl-kotlin specs. */
object DslTesting {
    val xTrain: Tensor = Tensor.uniform(Shape.of(300, 32), 0f, 1f, 1)
    val yTrain: Tensor = Tensor.randint(Shape.of(300), 10, 2)
    val xVal: Tensor = Tensor.uniform(Shape.of(100, 32), 0f, 1f, 3)
    val yVal: Tensor = Tensor.randint(Shape.of(100), 10, 4)

    /** A fresh session: automatic names restart and every random draw repeats. */
    inline fun <T> seeded(seed: Long, block: () -> T): T {
        Lamina.clearSession()
        Lamina.setRandomSeed(seed)
        return block()
    }

    /** What one training run produced, for bit-identical comparison. */
    data class Run(val history: Map<String, List<Double>>, val weights: List<Tensor>, val printed: String = "", val extra: List<Any?> = emptyList())

    fun run(model: Model, history: History, printed: String = "", extra: List<Any?> = emptyList()): Run =
        Run(history.history(), model.weights().map { it.value().copy() }, printed, extra)

    /** The two runs are identical: same History values, same weights bit for bit, same printed lines. */
    fun assertIdentical(java: Run, dsl: Run) {
        dsl.history shouldBe java.history
        dsl.weights.size shouldBe java.weights.size
        java.weights.zip(dsl.weights).forEachIndexed { i, (a, b) ->
            a.shape() shouldBe b.shape()
            withClue(i) { a.toFloatArray().toList() shouldBe b.toFloatArray().toList() }
        }
        dsl.printed shouldBe java.printed
        dsl.extra.size shouldBe java.extra.size
        java.extra.zip(dsl.extra).forEach { (a, b) ->
            if (a is Tensor && b is Tensor) a.toFloatArray().toList() shouldBe b.toFloatArray().toList() else b shouldBe a
        }
    }

    private inline fun withClue(i: Int, block: () -> Unit) = io.kotest.assertions.withClue("weight #$i") { block() }

    /** Runs [block] with System.out captured; returns what it printed. */
    suspend fun captureOut(block: suspend () -> Unit): String {
        val saved = System.out
        val bytes = ByteArrayOutputStream()
        System.setOut(PrintStream(bytes, true, "UTF-8"))
        try {
            block()
        } finally {
            System.setOut(saved)
        }
        return bytes.toString("UTF-8")
    }
}
