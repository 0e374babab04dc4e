package dev.lamina.callbacks

import dev.lamina.Lamina
import dev.lamina.layers.Dense
import dev.lamina.layers.Input
import dev.lamina.models.Model
import dev.lamina.optimizers.SGD
import dev.lamina.tensor.Tensor
import dev.lamina.testing.Fixtures
import dev.lamina.training.Callback
import dev.lamina.training.Logs
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.nio.file.Files

/** Scripted epoch logs from /fixtures/callbacks.json drive each callback; outcomes must match exactly. */
@Suppress("UNCHECKED_CAST")
class CallbackFixtureSpec : FunSpec({
    val fx = Fixtures.load("callbacks.json")
    fun section(name: String) = fx[name] as Map<String, Any?>
    fun num(v: Any?) = (v as Number).toDouble()

    fun logsOf(m: Map<String, Any?>): Logs {
        val out = LinkedHashMap<String, Double>()
        for ((k, v) in m) out[k] = if (v is String) (if (v == "nan") Double.NaN else v.toDouble()) else num(v)
        return Logs.of(out)
    }

    /** A tiny compiled model whose single weight is set to the epoch index before each epoch end. */
    fun tinyModel(lr: Double = 0.001): Model {
        Lamina.clearSession()
        val i = Input.of(1)
        val m = Model.of(i, Dense(1).useBias(false).apply(i))
        m.compile(SGD(lr), "mse")
        return m
    }

    fun captured(block: () -> Unit): List<String> {
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

    /** Runs scripted epochs through a callback the way the loop does; returns the epochs that ran. */
    fun drive(cb: Callback, model: Model, logs: List<Logs>, beforeEnd: (Int) -> Unit = {}): Int {
        cb.setModel(model)
        cb.setParams(mapOf("epochs" to logs.size, "verbose" to 1))
        model.setStopTraining(false)
        cb.onTrainBegin(Logs.empty())
        var ran = 0
        for ((e, l) in logs.withIndex()) {
            cb.onEpochBegin(e, Logs.empty())
            beforeEnd(e)
            cb.onEpochEnd(e, l)
            ran++
            if (model.isStopTraining()) break
        }
        cb.onTrainEnd(logs[ran - 1])
        return ran
    }

    fun earlyStopping(c: Map<String, Any?>) = EarlyStopping().monitor(c["monitor"] as String)
        .minDelta(num(c["min_delta"] ?: 0.0)).patience(num(c["patience"]).toInt()).mode((c["mode"] ?: "auto") as String)
        .baseline(c["baseline"]?.let { num(it) }).restoreBestWeights(c["restore_best_weights"] == true)
        .startFromEpoch(num(c["start_from_epoch"] ?: 0).toInt()).verbose(1)

    fun checkEarlyStopping(cfg: Map<String, Any?>, logs: List<Logs>, r: Map<String, Any?>) {
        val m = tinyModel()
        val es = earlyStopping(cfg)
        var ran = 0
        val msgs = captured { ran = drive(es, m, logs) { e -> m.weights()[0].assign(Tensor.of(floatArrayOf(e.toFloat()), 1, 1)) } }
        ran shouldBe num(r["epochs_run"]).toInt()
        (es.stoppedEpoch() > 0) shouldBe (r["stopped_early"] == true)
        es.best() shouldBe num(r["best_value"])
        es.bestEpoch() shouldBe num(r["best_epoch"]).toInt()
        val restored = r["restored_weights_from_epoch"]
        val w = m.weights()[0].value().item().toDouble()
        if (restored == null) w shouldBe (ran - 1).toDouble() else w shouldBe num(restored)
        msgs shouldBe (r["messages_verbose1_seed_format"] as List<String>)
    }

    val es = section("early_stopping")
    val esLogs = (es["logs_per_epoch"] as List<Map<String, Any?>>).map { logsOf(it) }
    for ((name, cfg) in es["configs"] as Map<String, Any?>) {
        test("EarlyStopping $name") {
            checkEarlyStopping(cfg as Map<String, Any?>, esLogs, (es["results"] as Map<String, Any?>)[name] as Map<String, Any?>)
        }
    }
    test("EarlyStopping skips epochs without the monitor (validation_freq=2)") {
        val v = es["validation_freq2"] as Map<String, Any?>
        val cfg = HashMap(v["config"] as Map<String, Any?>)
        checkEarlyStopping(cfg, (v["logs_per_epoch"] as List<Map<String, Any?>>).map { logsOf(it) }, v["result"] as Map<String, Any?>)
    }

    val rl = section("reduce_lr_on_plateau")
    val rlLogs = (rl["logs_per_epoch"] as List<Map<String, Any?>>).map { logsOf(it) }
    for ((name, cfgAny) in rl["configs"] as Map<String, Any?>) {
        test("ReduceLROnPlateau $name") {
            val c = cfgAny as Map<String, Any?>
            val r = (rl["results"] as Map<String, Any?>)[name] as Map<String, Any?>
            val m = tinyModel(num(c["initial_learning_rate"]))
            val cb = ReduceLROnPlateau().monitor(c["monitor"] as String).factor(num(c["factor"])).patience(num(c["patience"]).toInt())
                .mode(c["mode"] as String).minDelta(num(c["min_delta"])).cooldown(num(c["cooldown"]).toInt()).minLr(num(c["min_lr"])).verbose(1)
            val during = mutableListOf<Double>()
            val msgs = captured { drive(cb, m, rlLogs) { during += m.getOptimizer().getLearningRate() } }
            during shouldBe (r["lr_during_epoch"] as List<Any?>).map { num(it) }
            m.getOptimizer().getLearningRate() shouldBe num(r["lr_after_training"])
            msgs shouldBe (r["messages_verbose1_seed_format"] as List<String>)
        }
    }

    val mc = section("model_checkpoint")
    val mcLogs = (mc["logs_per_epoch"] as List<Map<String, Any?>>).map { logsOf(it) }
    for ((name, cfgAny) in mc["configs"] as Map<String, Any?>) {
        test("ModelCheckpoint $name") {
            val c = cfgAny as Map<String, Any?>
            val r = (mc["results"] as Map<String, Any?>)[name] as Map<String, Any?>
            val dir = Files.createTempDirectory("ckpt")
            val m = tinyModel()
            val cb = ModelCheckpoint(dir.resolve(c["filepath"] as String).toString()).monitor(c["monitor"] as String)
                .saveBestOnly(c["save_best_only"] == true).mode(c["mode"] as String)
                .initialValueThreshold(c["initial_value_threshold"]?.let { num(it) }).saveWeightsOnly(true).verbose(1)
            val saved = mutableListOf<String>()
            val msgs = captured {
                drive(cb, m, mcLogs) { }
            }
            Files.list(dir).use { s -> s.forEach { saved += it.fileName.toString() } }
            saved.sorted() shouldBe (r["saved_files"] as List<String>).sorted()
            msgs shouldBe (r["messages_verbose1_seed_format"] as List<String>).map { it.replace("saving model to ", "saving model to $dir/") }
        }
    }

    val csv = section("csv_logger")
    for ((name, caseAny) in csv) {
        test("CSVLogger $name") {
            val case = caseAny as Map<String, Any?>
            val cfg = case["config"] as Map<String, Any?>
            val file = Files.createTempFile("log", ".csv")
            case["existing_file_text"]?.let { Files.writeString(file, it as String) }
            val cb = CSVLogger(file).separator(cfg["separator"] as String).append(cfg["append"] == true)
            drive(cb, tinyModel(), (case["logs_per_epoch"] as List<Map<String, Any?>>).map { logsOf(it) })
            Files.readString(file) shouldBe case["expected_file_text"]
        }
    }
})
