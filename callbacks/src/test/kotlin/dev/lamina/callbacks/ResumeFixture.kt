package dev.lamina.callbacks

import dev.lamina.Lamina
import dev.lamina.layers.Dense
import dev.lamina.layers.Dropout
import dev.lamina.layers.Input
import dev.lamina.losses.SparseCategoricalCrossentropy
import dev.lamina.models.Model
import dev.lamina.optimizers.Adam
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.training.Callback
import dev.lamina.training.FitOptions
import dev.lamina.training.History
import dev.lamina.training.Logs
import java.nio.file.Path

/** Thrown by [Interrupt] to simulate a crash in the middle of a fit. */
class Interrupted(message: String) : RuntimeException(message)

/** Throws at the end of the [atGlobalBatch]-th training batch (1-based, counted over the whole fit). */
class Interrupt(private val atGlobalBatch: Int) : Callback() {
    private var seen = 0
    override fun onTrainBatchEnd(batch: Int, logs: Logs) {
        if (++seen == atGlobalBatch) throw Interrupted("interrupted after global batch $atGlobalBatch")
    }
}

/**
 * The "same code" that every interrupted, resumed and uninterrupted run executes: seeded session, a model with
 * Dropout (so layer randomness matters), Adam (so slots matter), a shuffled validation split, and the given
 * callbacks. Also the main class of the child JVM that the SIGKILL test kills.
 */
object ResumeFixture {
    const val BATCH = 16
    const val SAMPLES = 240          // validation_split 0.25: 180 train rows = 12 batches per epoch (last one 4 rows)
    const val STEPS = 12

    val x: Tensor = Tensor.uniform(Shape.of(SAMPLES, 16), 0f, 1f, 11)
    val y: Tensor = Tensor.randint(Shape.of(SAMPLES), 4, 12)

    fun model(lr: Double = 0.01): Model {
        Lamina.clearSession()
        Lamina.setRandomSeed(3)
        val inputs = Input.of(16)
        var h = Dense(24).activation("relu").apply(inputs)
        h = Dropout(0.25).apply(h)
        val out = Dense(4).apply(h)
        val m = Model.of(inputs, out)
        m.compile(Adam(lr), SparseCategoricalCrossentropy().fromLogits(true), "accuracy")
        return m
    }

    fun fit(model: Model, epochs: Int, callbacks: List<Callback>): History =
        model.fit(x, y, FitOptions.defaults().batchSize(BATCH).epochs(epochs).validationSplit(0.25).verbose(0).callbacks(callbacks))

    /** Child JVM: `<backupDir> <saveFreqBatches> <epochs>`; prints `BATCH <n>` after every batch, slowed down to be killable. */
    @JvmStatic
    fun main(args: Array<String>) {
        val dir = Path.of(args[0])
        val freq = args[1].toInt()
        val epochs = args[2].toInt()
        var n = 0
        val reporter = LambdaCallback().onTrainBatchEnd { _, _ ->
            n++
            println("BATCH $n")
            System.out.flush()
            Thread.sleep(25)
        }
        fit(model(), epochs, listOf(BackupAndRestore(dir).saveFreq(freq), reporter))
        println("DONE")
    }
}
