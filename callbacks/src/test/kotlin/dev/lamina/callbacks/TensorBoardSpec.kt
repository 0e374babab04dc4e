package dev.lamina.callbacks

import dev.lamina.Lamina
import dev.lamina.callbacks.tensorboard.EventFileReader
import dev.lamina.layers.Dense
import dev.lamina.layers.Input
import dev.lamina.losses.SparseCategoricalCrossentropy
import dev.lamina.models.Model
import dev.lamina.optimizers.SGD
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.training.FitOptions
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import java.nio.file.Path

/** A real fit with TensorBoard, read back by the independent reader (both CRCs checked), must equal the History. */
class TensorBoardSpec : FunSpec({
    val root = Files.createTempDirectory("lamina-tb")
    afterSpec { root.toFile().deleteRecursively() }

    fun model(): Model {
        Lamina.clearSession()
        Lamina.setRandomSeed(5)
        val i = Input.of(8)
        val m = Model.of(i, Dense(3).apply(Dense(6).activation("relu").apply(i)))
        m.compile(SGD(0.1), SparseCategoricalCrossentropy().fromLogits(true), "accuracy")
        return m
    }
    val x = Tensor.uniform(Shape.of(100, 8), 0f, 1f, 1)
    val y = Tensor.randint(Shape.of(100), 3, 2)

    fun eventsIn(dir: Path): List<EventFileReader.Event> {
        val files = Files.list(dir).use { s -> s.toList() }
        files.size shouldBe 1
        files[0].fileName.toString() shouldContain "tfevents"
        return EventFileReader.read(files[0])
    }

    /** tag -> [(step, value)] for the scalars of a run. */
    fun scalars(events: List<EventFileReader.Event>): Map<String, List<Pair<Long, Float>>> {
        val out = LinkedHashMap<String, MutableList<Pair<Long, Float>>>()
        for (e in events) for (v in e.values) v.simpleValue?.let { out.getOrPut(v.tag) { mutableListOf() } += e.step to it }
        return out
    }

    test("epoch scalars, validation run without val_, batch scalars, histograms and evaluation scalars match the fit") {
        val dir = root.resolve("run1")
        val m = model()
        val batchLogs = mutableListOf<Map<String, Double>>()
        val weightsAtEpochEnd = mutableListOf<List<Tensor>>()
        val spy = LambdaCallback().onTrainBatchEnd { _, l -> batchLogs += l.asMap() }.onEpochEnd { _, _ -> weightsAtEpochEnd += m.getWeights() }
        val h = m.fit(x, y, FitOptions.defaults().batchSize(16).epochs(3).validationSplit(0.2).verbose(0)
            .callbacks(TensorBoard(dir).updateFreq(4).histogramFreq(2), spy))
        val train = eventsIn(dir.resolve("train"))
        val validation = eventsIn(dir.resolve("validation"))
        train[0].fileVersion shouldBe "brain.Event:2"
        validation[0].fileVersion shouldBe "brain.Event:2"

        val ts = scalars(train)
        val vs = scalars(validation)
        for (k in listOf("loss", "accuracy", "learning_rate")) withClue(k) {
            ts.getValue("epoch_$k") shouldBe h.get(k).mapIndexed { e, v -> e.toLong() to v.toFloat() }
        }
        for (k in listOf("loss", "accuracy")) withClue(k) {
            vs.getValue("epoch_$k") shouldBe h.get("val_$k").mapIndexed { e, v -> e.toLong() to v.toFloat() }
        }
        (ts.keys + vs.keys).none { it.contains("val_") } shouldBe true

        // 80 training rows / 16 = 5 batches per epoch, 15 in all: batch scalars at global batches 4, 8, 12.
        ts.getValue("batch_loss") shouldBe listOf(4, 8, 12).map { it.toLong() to batchLogs[it - 1].getValue("loss").toFloat() }
        ts.getValue("batch_accuracy").map { it.first } shouldBe listOf(4L, 8L, 12L)
        vs.getValue("evaluation_loss_vs_iterations") shouldBe h.get("val_loss").mapIndexed { e, v -> 5L * (e + 1) to v.toFloat() }
        vs.getValue("evaluation_accuracy_vs_iterations").size shouldBe 3

        // Histograms of every weight, tagged by variable name, at epochs 0 and 2 (histogram_freq=2).
        val histos = train.flatMap { e -> e.values.filter { it.histo != null }.map { Triple(it.tag, e.step, it.histo!!) } }
        val names = m.weights().map { it.name() }
        histos.map { it.first to it.second } shouldBe listOf(0L, 2L).flatMap { s -> names.map { it to s } }
        for ((tag, step, hist) in histos) {
            val w = weightsAtEpochEnd[step.toInt()][names.indexOf(tag)].toFloatArray()
            hist.num shouldBe w.size.toDouble()
            hist.min shouldBe w.minOrNull()!!.toDouble()
            hist.max shouldBe w.maxOrNull()!!.toDouble()
            hist.sum shouldBe (w.sumOf { it.toDouble() } plusOrMinus 1e-9)
        }
    }

    test("update_freq='epoch' writes no batch scalars; without validation there is no validation run") {
        val dir = root.resolve("run2")
        val h = model().fit(x, y, FitOptions.defaults().batchSize(32).epochs(2).verbose(0).callbacks(TensorBoard(dir.toString())))
        Files.exists(dir.resolve("validation")) shouldBe false
        val ts = scalars(eventsIn(dir.resolve("train")))
        ts.keys shouldBe setOf("epoch_loss", "epoch_accuracy", "epoch_learning_rate")
        ts.getValue("epoch_loss").map { it.second } shouldBe h.get("loss").map { it.toFloat() }
    }

    test("bad arguments name the argument") {
        shouldThrow<IllegalArgumentException> { TensorBoard(root).updateFreq(0) }.message shouldBe
            "TensorBoard: expected update_freq > 0, received update_freq=0"
        shouldThrow<IllegalArgumentException> { TensorBoard(root).updateFreq("sometimes") }.message!! shouldContain "update_freq='sometimes'"
        shouldThrow<IllegalArgumentException> { TensorBoard(root).histogramFreq(-1) }.message!! shouldContain "histogram_freq=-1"
        shouldThrow<IllegalArgumentException> { TensorBoard("") }.message!! shouldContain "log_dir"
        TensorBoard(root).updateFreq("batch").updateFreq("epoch").logDir() shouldBe root
    }
})
