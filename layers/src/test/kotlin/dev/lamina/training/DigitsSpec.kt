package dev.lamina.training

import dev.lamina.Lamina
import dev.lamina.layers.Dense
import dev.lamina.layers.Input
import dev.lamina.losses.SparseCategoricalCrossentropy
import dev.lamina.models.Model
import dev.lamina.optimizers.Adam
import dev.lamina.tensor.Ops
import dev.lamina.tensor.Rng
import dev.lamina.tensor.Tensor
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.shouldBeGreaterThanOrEqual
import java.util.zip.GZIPInputStream

/** W5: the real digits data (8x8 images), stratified 80/20 split, the seed's MLP reaches >= 0.97 test accuracy. */
class DigitsSpec : FunSpec({
    test("the W5 MLP reaches at least 0.97 test accuracy on digits") {
        val rows = GZIPInputStream(DigitsSpec::class.java.getResourceAsStream("/data/digits.csv.gz")!!)
            .bufferedReader().readLines().filter { it.isNotBlank() }.map { line -> line.split(',').map { it.trim().toFloat() } }
        val byClass = rows.indices.groupBy { rows[it][64].toInt() }
        val rng = Rng(0)
        val train = ArrayList<Int>()
        val test = ArrayList<Int>()
        for (c in 0..9) {
            val idx = byClass.getValue(c)
            val perm = rng.permutation(idx.size)
            val nTest = Math.round(idx.size * 0.2).toInt()
            perm.forEachIndexed { k, p -> (if (k < nTest) test else train).add(idx[p]) }
        }
        fun xs(ids: List<Int>) = Tensor.of(FloatArray(ids.size * 64) { rows[ids[it / 64]][it % 64] / 16f }, ids.size, 64)
        fun ys(ids: List<Int>) = Tensor.of(FloatArray(ids.size) { rows[ids[it]][64] }, ids.size)

        Lamina.clearSession()
        Lamina.setRandomSeed(0)
        val inputs = Input.of(64)
        var x = Dense(64).activation("relu").apply(inputs)
        x = Dense(64).activation("relu").apply(x)
        val model = Model.of(inputs, Dense(10).apply(x))
        model.compile(Adam(1e-3), SparseCategoricalCrossentropy().fromLogits(true), "accuracy")
        model.fit(xs(train), ys(train), FitOptions.defaults().batchSize(32).epochs(30).verbose(0))
        val result = model.evaluate(xs(test), ys(test), EvaluateOptions.defaults().verbose(0))
        result["accuracy"]!! shouldBeGreaterThanOrEqual 0.97
    }
})
