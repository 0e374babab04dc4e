package dev.lamina.callbacks

import dev.lamina.training.Data

import dev.lamina.Lamina
import dev.lamina.layers.Dense
import dev.lamina.layers.Input
import dev.lamina.metrics.KLDivergence
import dev.lamina.models.Model
import dev.lamina.optimizers.SGD
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.training.Callback
import dev.lamina.training.CompileOptions
import dev.lamina.training.FitOptions
import dev.lamina.training.Trainer
import dev.lamina.utils.PyRepr
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.nio.file.Files

/** Every callback in one small real fit, and their bad-input errors. */
class CallbackFitSpec : FunSpec({
    val root = Files.createTempDirectory("lamina-cb")
    afterSpec { root.toFile().deleteRecursively() }

    fun stdout(block: () -> Unit): List<String> {
        val old = System.out
        val bytes = ByteArrayOutputStream()
        System.setOut(PrintStream(bytes, true, "UTF-8"))
        try {
            block()
        } finally {
            System.setOut(old)
        }
        return bytes.toString("UTF-8").lines().filter { it.isNotBlank() }
    }

    fun regression(): Model {
        Lamina.clearSession()
        Lamina.setRandomSeed(9)
        val i = Input.of(4)
        val m = Model.of(i, Dense(1).apply(Dense(5).activation("relu").apply(i)))
        m.compile(SGD(0.05), "mse")
        return m
    }
    val rx = Tensor.uniform(Shape.of(48, 4), 0f, 1f, 21)
    val ry = Tensor.uniform(Shape.of(48, 1), 0f, 1f, 22)
    fun opts(epochs: Int, vararg cbs: Callback) = FitOptions.defaults().batchSize(16).epochs(epochs).verbose(0).shuffle(false).callbacks(*cbs)

    test("EarlyStopping stops after patience epochs without improvement and restores the best epoch's weights") {
        val m = ResumeFixture.model(lr = 0.05)
        val weights = mutableListOf<List<Tensor>>()
        val es = EarlyStopping().monitor("val_loss").patience(2).restoreBestWeights(true)
        val h = ResumeFixture.fit(m, 40, listOf(es, LambdaCallback().onEpochEnd { _, _ -> weights += m.getWeights() }))
        val valLoss = h.get("val_loss")
        h.epoch().size shouldBeLessThan 40
        es.bestEpoch() shouldBe valLoss.indexOf(valLoss.minOrNull()!!)
        es.stoppedEpoch() shouldBe h.epoch().last()
        es.stoppedEpoch() - es.bestEpoch() shouldBe 2
        m.getWeights().map { it.toFloatArray().toList() } shouldBe weights[es.bestEpoch()].map { it.toFloatArray().toList() }
        (m.getWeights()[0].toFloatArray().contentEquals(weights.last()[0].toFloatArray())) shouldBe false
    }

    test("CSVLogger writes the header and one CRLF row per epoch with Python reprs of the History") {
        val file = root.resolve("log.csv")
        val h = regression().fit(rx, ry, opts(3, CSVLogger(file)).validationSplit(0.25))
        val keys = listOf("learning_rate", "loss", "val_loss")
        val expected = "epoch," + keys.joinToString(",") + "\r\n" +
            (0 until 3).joinToString("") { e -> "$e," + keys.joinToString(",") { PyRepr.repr(h.get(it)[e]) } + "\r\n" }
        Files.readString(file) shouldBe expected
        regression().fit(rx, ry, opts(2, CSVLogger(file).append(true)).validationSplit(0.25))
        Files.readAllLines(file).size shouldBe 1 + 3 + 2    // appended without a second header
    }

    test("LearningRateScheduler sets the rate at each epoch start; learning_rate logs it") {
        val h = regression().fit(rx, ry, opts(4, LearningRateScheduler { e, lr -> if (e < 2) lr else lr * 0.5 }))
        h.get("learning_rate") shouldBe listOf(0.05f, 0.05f, 0.025f, 0.0125f).map { it.toDouble() }
        val lines = stdout { regression().fit(rx, ry, opts(1, LearningRateScheduler { _, _ -> 0.01 }.verbose(1))) }
        lines shouldBe listOf("Epoch 00001: LearningRateScheduler setting learning rate to 0.01.")
        shouldThrow<IllegalArgumentException> { regression().fit(rx, ry, opts(1, LearningRateScheduler { _, _ -> Double.NaN })) }
            .message!! shouldContain "LearningRateScheduler: the schedule returned NaN for epoch 0"
    }

    test("TerminateOnNaN stops the fit at the batch whose loss becomes NaN") {
        val y = ry.toFloatArray().also { it[37] = Float.NaN }        // row 37 is in batch 2 (rows 32..47)
        val batches = mutableListOf<Int>()
        var h: dev.lamina.training.History? = null
        val lines = stdout {
            val m = regression().also { it.compile(CompileOptions.of(SGD(0.05), "mse").checkFinite(false)) }   // fit rejects NaN targets by default
            h = m.fit(rx, Tensor.of(y, 48, 1), opts(5, TerminateOnNaN(), LambdaCallback().onTrainBatchEnd { b, _ -> batches += b }))
        }
        lines shouldBe listOf("Batch 2: Invalid loss, terminating training")
        batches shouldBe listOf(0, 1, 2)
        val history = h!!
        history.epoch() shouldBe listOf(0)
        history.get("loss")[0].isNaN() shouldBe true
    }

    test("LambdaCallback hooks run in Keras' order with 0-based epoch and batch indices") {
        val events = mutableListOf<String>()
        val cb = LambdaCallback()
            .onTrainBegin { events += "train_begin" }.onTrainEnd { events += "train_end" }
            .onEpochBegin { e, _ -> events += "epoch_begin $e" }.onEpochEnd { e, l -> events += "epoch_end $e ${l.keys()}" }
            .onTrainBatchBegin { b, _ -> events += "batch_begin $b" }.onTrainBatchEnd { b, _ -> events += "batch_end $b" }
            .onTestBegin { events += "test_begin" }.onTestEnd { events += "test_end" }
            .onTestBatchBegin { b, _ -> events += "test_batch_begin $b" }.onTestBatchEnd { b, _ -> events += "test_batch_end $b" }
            .onPredictBegin { events += "predict_begin" }.onPredictEnd { events += "predict_end" }
            .onPredictBatchBegin { b, _ -> events += "predict_batch_begin $b" }.onPredictBatchEnd { b, _ -> events += "predict_batch_end $b" }
        val m = regression()
        m.fit(rx.slice(0, 32), ry.slice(0, 32), opts(2, cb).validationData(rx.slice(32, 48), ry.slice(32, 48)))
        val epoch = { e: Int ->
            listOf("epoch_begin $e", "batch_begin 0", "batch_end 0", "batch_begin 1", "batch_end 1",
                "test_begin", "test_batch_begin 0", "test_batch_end 0", "test_end", "epoch_end $e [loss, val_loss, learning_rate]")
        }
        events shouldBe listOf("train_begin") + epoch(0) + epoch(1) + listOf("train_end")
        events.clear()
        Trainer(m).predict(Data.of(rx), 20, listOf(cb))
        events shouldBe listOf("predict_begin", "predict_batch_begin 0", "predict_batch_end 0", "predict_batch_begin 1", "predict_batch_end 1",
            "predict_batch_begin 2", "predict_batch_end 2", "predict_end")
    }

    test("ModelCheckpoint with an integer save_freq saves every N batches, counted across epochs; whole models load back") {
        val dir = root.resolve("freq")
        val m = regression()
        val saved = mutableListOf<List<Tensor>>()
        m.fit(rx, ry, opts(2, ModelCheckpoint(dir.resolve("m_{epoch}_{batch}.lamina").toString()).saveFreq(2),
            LambdaCallback().onTrainBatchEnd { b, _ -> if (b == 1) saved += m.getWeights() }))
        Files.list(dir).use { s -> s.map { it.fileName.toString() }.sorted().toList() } shouldBe listOf("m_1_2.lamina", "m_2_1.lamina", "m_2_3.lamina")
        val loaded = Model.load(dir.resolve("m_1_2.lamina"))
        loaded.getWeights().map { it.toFloatArray().toList() } shouldBe saved[0].map { it.toFloatArray().toList() }
    }

    test("a filepath with an unknown key fails naming the filepath and the key") {
        val e = shouldThrow<IllegalArgumentException> {
            regression().fit(rx, ry, opts(1, ModelCheckpoint(root.resolve("w_{epoch}_{val_los:.2f}").toString())).validationSplit(0.25))
        }
        e.message!! shouldContain "ModelCheckpoint: failed to format filepath"
        e.message!! shouldContain "missing key 'val_los'"
        e.message!! shouldContain "val_loss"                    // the available keys are listed
    }

    test("mode='auto' with a metric of unknown direction is an error; an explicit mode works") {
        Lamina.clearSession()
        val i = Input.of(4)
        val m = Model.of(i, Dense(3).activation("softmax").apply(i))
        m.compile(SGD(0.1), "categorical_crossentropy", KLDivergence())
        val y = Tensor.oneHot(Tensor.randint(Shape.of(48), 3, 5), 3)
        val o = { cb: Callback -> FitOptions.defaults().batchSize(16).epochs(2).verbose(0).validationSplit(0.25).callbacks(cb) }
        for (cb in listOf(EarlyStopping().monitor("val_kl_divergence"), ReduceLROnPlateau().monitor("val_kl_divergence"),
            ModelCheckpoint(root.resolve("kl_{epoch}").toString()).monitor("val_kl_divergence").saveBestOnly(true))) {
            shouldThrow<IllegalArgumentException> { m.fit(rx, y, o(cb)) }.message shouldBe
                "${cb.javaClass.simpleName}: mode='auto' cannot tell whether 'val_kl_divergence' should go up or down; pass mode='min' or mode='max'"
        }
        m.fit(rx, y, o(EarlyStopping().monitor("val_kl_divergence").mode("min"))).epoch() shouldBe listOf(0, 1)
    }

    test("bad arguments: factor >= 1, negative patience or cooldown, unknown mode, empty filepath") {
        shouldThrow<IllegalArgumentException> { ReduceLROnPlateau().factor(1.0) }.message shouldBe
            "ReduceLROnPlateau: expected 0 <= factor < 1, received factor=1.0"
        shouldThrow<IllegalArgumentException> { ReduceLROnPlateau().factor(2.5) }.message!! shouldContain "factor=2.5"
        shouldThrow<IllegalArgumentException> { ReduceLROnPlateau().patience(-1) }.message shouldBe
            "ReduceLROnPlateau: expected patience >= 0, received patience=-1"
        shouldThrow<IllegalArgumentException> { ReduceLROnPlateau().cooldown(-2) }.message!! shouldContain "cooldown=-2"
        shouldThrow<IllegalArgumentException> { EarlyStopping().patience(-3) }.message shouldBe
            "EarlyStopping: expected patience >= 0, received patience=-3"
        shouldThrow<IllegalArgumentException> { EarlyStopping().mode("bogus") }.message shouldBe
            "EarlyStopping: expected mode 'auto', 'min' or 'max', received mode='bogus'"
        shouldThrow<IllegalArgumentException> { ReduceLROnPlateau().mode("maximum") }.message!! shouldContain "mode='maximum'"
        shouldThrow<IllegalArgumentException> { ModelCheckpoint("m").mode("up") }.message!! shouldContain "ModelCheckpoint: expected mode"
        shouldThrow<IllegalArgumentException> { ModelCheckpoint("") }.message!! shouldContain "filepath"
        shouldThrow<IllegalArgumentException> { ModelCheckpoint("m").saveFreq("often") }.message!! shouldContain "save_freq='often'"
        shouldThrow<IllegalArgumentException> { CSVLogger(root.resolve("x.csv")).separator("") }.message!! shouldContain "separator"
    }

    test("a monitor missing from the logs warns and training goes on") {
        val h = regression().fit(rx, ry, opts(3, EarlyStopping().monitor("val_loss").patience(0)))
        h.epoch() shouldBe listOf(0, 1, 2)
    }
})
