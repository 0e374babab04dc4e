package dev.lamina.samples

import dev.lamina.Lamina
import dev.lamina.callbacks.BackupAndRestore
import dev.lamina.losses.SparseCategoricalCrossentropy
import dev.lamina.optimizers.Adam
import dev.lamina.samples.kotlin.AdversarialMlpKt
import dev.lamina.samples.kotlin.Experiment1SubclassedKt
import dev.lamina.samples.kotlin.Experiment1Kt
import dev.lamina.tensor.Tensor
import dev.lamina.training.Callback
import dev.lamina.training.FitOptions
import dev.lamina.training.Logs
import dev.lamina.models.Model
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.engine.spec.tempdir
import io.kotest.matchers.doubles.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

private class Crash(message: String) : RuntimeException(message)

/** Throws at the end of the [at]-th training batch of the fit (1-based): a crash in the middle of an epoch. */
private class CrashAt(private val at: Int) : Callback() {
    private var seen = 0
    override fun onTrainBatchEnd(batch: Int, logs: Logs) {
        if (++seen == at) throw Crash("crashed after batch $at")
    }
}

/** The subclassed Experiment 1 and the custom trainStep sample, in Java and Kotlin. */
class CustomModelSamplesSpec : FunSpec({
    val args = SampleArgs.defaults().withEpochs(2)

    test("Experiment 1 as a subclassed model prints Experiment 1's format and, from the same seed, its numbers (Java and Kotlin)") {
        var subclassed: List<Map<String, List<Double>>> = emptyList()
        val out = captured { subclassed = Experiment1Subclassed.run(args).map { it.history() } }
        out shouldContain "Layer (type)                 Output Shape              Param #"
        out shouldContain "dense_2 (Dense)              multiple                  650"
        out shouldContain "test loss, test acc: ["
        out shouldContain "predictions shape: (3, 10)"
        var functional: List<Map<String, List<Double>>> = emptyList()
        captured { functional = Experiment1.run(args).map { it.history() } }
        subclassed shouldBe functional
        var kotlin: List<Map<String, List<Double>>> = emptyList()
        captured { kotlin = Experiment1SubclassedKt.run(args).map { it.history() } }
        kotlin shouldBe functional
        captured { Experiment1Kt.run(args).map { it.history() } shouldBe functional }
    }

    test("the custom trainStep sample trains through fit: progress line, History and validation (Java and Kotlin agree)") {
        var java: Map<String, List<Double>> = emptyMap()
        val out = captured { java = AdversarialTraining.run(args).history() }
        out shouldContain " - adversarial_loss: "
        java.keys.toList() shouldBe listOf("loss", "accuracy", "adversarial_loss", "val_loss", "val_accuracy", "learning_rate")
        java.getValue("val_accuracy").last() shouldBeGreaterThan 0.8
        var kotlin: Map<String, List<Double>> = emptyMap()
        captured { kotlin = dev.lamina.samples.kotlin.AdversarialTrainingKt.run(args).history() }
        kotlin shouldBe java
    }

    test("a custom trainStep resumes exactly: crash mid-epoch, BackupAndRestore, the same weights as an uninterrupted run") {
        val data = DigitsData.load(0)
        fun train(model: () -> Model, callbacks: List<Callback>): Model {
            Lamina.clearSession()
            Lamina.setRandomSeed(0)
            val m = model()
            m.compile(Adam(0.003), SparseCategoricalCrossentropy().fromLogits(true), "accuracy")
            m.fit(data.xTrain(), data.yTrain(), FitOptions.defaults().batchSize(32).epochs(3).verbose(0).callbacks(callbacks))
            return m
        }
        for ((language, make) in listOf<Pair<String, () -> Model>>("Java" to { AdversarialMlp(0.1) }, "Kotlin" to { AdversarialMlpKt(0.1f) })) {
            val dir = tempdir().toPath()
            val uninterrupted = train(make, listOf())
            shouldThrow<Crash> { train(make, listOf(BackupAndRestore(dir).saveFreq(7), CrashAt(60))) }
            BackupAndRestore(dir).hasBackup() shouldBe true
            val resumed = train(make, listOf(BackupAndRestore(dir).saveFreq(7)))
            val same = resumed.getWeights().zip(uninterrupted.getWeights()).all { (a: Tensor, b: Tensor) -> a.valueEquals(b) }
            withClue(language) { same shouldBe true }
        }
    }
})

private fun <T> withClue(clue: String, block: () -> T): T = io.kotest.assertions.withClue(clue, block)
