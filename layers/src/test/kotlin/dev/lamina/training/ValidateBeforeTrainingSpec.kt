package dev.lamina.training

import dev.lamina.Lamina
import dev.lamina.layers.Dense
import dev.lamina.layers.Embedding
import dev.lamina.layers.Flatten
import dev.lamina.layers.Input
import dev.lamina.layers.InputLayer
import dev.lamina.losses.SparseCategoricalCrossentropy
import dev.lamina.models.Model
import dev.lamina.models.Sequential
import dev.lamina.optimizers.Adam
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

/**
 * Bad data and bad compile arguments fail before the first step, with the argument and the index in the caller's
 * array, and change no weight; class weights apply to the training rows only.
 */
class ValidateBeforeTrainingSpec : FunSpec({
    beforeTest { Lamina.clearSession(); Lamina.setRandomSeed(7) }

    fun mlp(compile: CompileOptions.() -> Unit = {}): Model {
        val i = Input.of(6)
        val m = Model.of(i, Dense(3).apply(Dense(8).activation("relu").apply(i)))
        m.compile(CompileOptions.of(Adam(0.01), SparseCategoricalCrossentropy().fromLogits(true)).metrics("accuracy").apply(compile))
        return m
    }

    val x = Tensor.uniform(Shape.of(64, 6), -1f, 1f, 11)
    val y = Tensor.randint(Shape.of(64), 3, 12)
    fun quiet() = FitOptions.defaults().verbose(0).batchSize(8)
    fun Model.snapshot() = weights().map { it.snapshot() }
    fun Model.unchangedSince(before: List<Tensor>) = weights().zip(before).all { (v, b) -> v.value().valueEquals(b) }
    fun withValue(t: Tensor, flat: Int, v: Float) = t.copy().also { it.data()[flat] = v }

    /** Two streamed batches of 8; the second holds a NaN in x at row 2 of the batch. */
    fun streamedWithNaN() = Dataset.fromIterator {
        listOf(Batch.of(x.slice(0, 8), y.slice(0, 8)), Batch.of(withValue(x, 60, Float.NaN).slice(8, 16), y.slice(8, 16))).iterator()
    }

    /** Runs [block], expects an IllegalArgumentException naming every part, and checks no weight moved. */
    fun Model.rejects(vararg parts: String, block: Model.() -> Unit) {
        val before = snapshot()
        val e = shouldThrow<IllegalArgumentException> { block() }
        for (p in parts) e.message!! shouldContain p
        unchangedSince(before) shouldBe true
    }

    test("class_weight applies to the training rows only: val_loss is evaluate on the validation rows") {
        val m = mlp()
        val h = m.fit(x, y, quiet().classWeight(mapOf(0 to 10.0, 1 to 1.0, 2 to 1.0)).validationSplit(0.25).shuffle(false).epochs(1))
        val valRows = m.evaluate(x.slice(48, 64), y.slice(48, 64), EvaluateOptions.defaults().batchSize(8).verbose(0))
        h.get("val_loss")[0] shouldBe valRows["loss"]
        h.get("val_accuracy")[0] shouldBe valRows["accuracy"]
    }

    test("class_weight keys outside the classes raise before training") {
        val m = mlp()
        m.rejects("class_weight", "[0, 3)", "42") { fit(x, y, quiet().classWeight(mapOf(0 to 1.0, 1 to 1.0, 2 to 1.0, 42 to 2.0))) }
        m.rejects("class_weight", "-1") { fit(x, y, quiet().classWeight(mapOf(-1 to 1.0, 0 to 1.0, 1 to 1.0, 2 to 1.0))) }
        m.rejects("class_weight", "NaN", "class 1") { fit(x, y, quiet().classWeight(mapOf(0 to 1.0, 1 to Double.NaN, 2 to 1.0))) }
    }

    test("NaN and infinities are rejected on every entry point, naming the argument and the index") {
        val m = mlp()
        val badX = withValue(x, 6 * 5 + 2, Float.NaN)
        m.rejects("train_on_batch", "x contains NaN", "index [5, 2]") { trainOnBatch(badX.slice(0, 8), y.slice(0, 8)) }
        m.rejects("fit", "y contains Infinity", "index [9]") { fit(x, withValue(y, 9, Float.POSITIVE_INFINITY), quiet()) }
        m.rejects("fit", "sample_weight contains NaN", "index [63]") { fit(x, y, quiet().sampleWeight(withValue(Tensor.ones(64), 63, Float.NaN))) }
        m.rejects("train_on_batch", "sample_weight contains NaN") { trainOnBatch(Data.of(x.slice(0, 4)), Data.of(y.slice(0, 4)), Tensor.of(floatArrayOf(1f, Float.NaN, 1f, 1f), 4)) }
        m.rejects("fit", "validation x contains NaN") { fit(x, y, quiet().validationData(badX, y)) }
        m.rejects("evaluate", "x contains NaN") { evaluate(badX, y, EvaluateOptions.defaults().verbose(0)) }
        m.rejects("test_on_batch", "y contains NaN") { testOnBatch(x.slice(0, 8), withValue(y, 3, Float.NaN).slice(0, 8)) }
        shouldThrow<IllegalArgumentException> { mlp { lossWeights(listOf(Double.NaN)) } }.message!! shouldContain "finite loss_weights"
    }

    test("CompileOptions.checkFinite(false) lets NaN targets through to the loss") {
        val i = Input.of(6)
        val m = Model.of(i, Dense(2).apply(i))
        val target = withValue(Tensor.zeros(8, 2), 5, Float.NaN)
        m.compile(CompileOptions.of(Adam(), "mse"))
        m.rejects("train_on_batch", "y contains NaN", "index [2, 1]") { trainOnBatch(x.slice(0, 8), target) }
        m.compile(CompileOptions.of(Adam(), "mse").checkFinite(false))
        m.trainOnBatch(x.slice(0, 8), target).getValue("loss").isNaN() shouldBe true
    }

    test("an unknown metric string or a metric of another type fails in compile") {
        val m = mlp()
        val compiled = m.compiled()
        shouldThrow<IllegalArgumentException> { m.compile(Adam(), "mse", "accuracyy") }.message!! shouldContain "unknown metric 'accuracyy'"
        shouldThrow<IllegalArgumentException> { m.compile(CompileOptions.of(Adam(), "mse").weightedMetrics(listOf(42))) }.message!! shouldContain
            "received Integer 42 in weighted_metrics"
        m.compiled() shouldBe compiled
        m.compile(Adam(), "mse", "ACC", "crossentropy", "mae", "AUC")
    }

    test("loss_weights of another type name the output") {
        val a = Input.of(2)
        val m = Model.of(listOf(a), listOf(Dense(1).name("s").apply(a), Dense(1).name("t").apply(a)))
        shouldThrow<IllegalArgumentException> { m.compile(CompileOptions.of(Adam(), "mse").lossWeights(listOf(1.0, "heavy"))) }.message shouldBe
            "compile: expected loss_weights to be numbers, received String heavy for output 't'"
    }

    test("labels out of range fail before any batch trains, with the index in the caller's array") {
        val m = mlp()
        m.rejects("fit", "y (shape (64,))", "in [0, 3), received 7 at index 37") { fit(x, withValue(y, 37, 7f), quiet().shuffle(true)) }
        m.rejects("fit", "validation y", "received -1 at index 2") { fit(x, y, quiet().validationData(x.slice(0, 8), withValue(y, 2, -1f).slice(0, 8))) }
    }

    test("Embedding indices out of range fail before any batch trains") {
        val i = Input.of(4)
        val m = Model.of(i, Dense(2).apply(Flatten().apply(Embedding(5, 3).name("tokens").apply(i))))
        m.compile(Adam(), SparseCategoricalCrossentropy().fromLogits(true))
        val ids = Tensor.randint(Shape.of(32, 4), 5, 3)
        val labels = Tensor.randint(Shape.of(32), 2, 4)
        m.rejects("fit: x (shape (32, 4))", "Embedding 'tokens'", "received 5.0 at flat index 81") { fit(withValue(ids, 81, 5f), labels, quiet()) }
    }

    test("a model nested as a layer passes the check on to its own first layers") {
        val ids = Tensor.randint(Shape.of(32, 4), 5, 3)
        val labels = Tensor.randint(Shape.of(32), 2, 4)
        val encoderIn = Input.of(4)
        val encoder = Model.of(encoderIn, Flatten().apply(Embedding(5, 3).name("tokens").apply(encoderIn))).name("encoder")
        val i = Input.of(4)
        val m = Model.of(i, Dense(2).apply(encoder.apply(i)))
        m.compile(Adam(), SparseCategoricalCrossentropy().fromLogits(true))
        m.rejects("fit: x (shape (32, 4))", "Embedding 'tokens'", "received 5.0 at flat index 81") { fit(withValue(ids, 81, 5f), labels, quiet()) }
        val stacked = Sequential(InputLayer(null, 4), Embedding(5, 3).name("stacked_tokens"), Flatten())
        val middleIn = Input.of(4)
        val middle = Model.of(middleIn, stacked.apply(middleIn))
        val j = Input.of(4)
        val outer = Model.of(j, Dense(2).apply(middle.apply(j)))   // a Sequential two levels down
        outer.compile(Adam(), SparseCategoricalCrossentropy().fromLogits(true))
        outer.rejects("evaluate: x", "Embedding 'stacked_tokens'", "received -1.0 at flat index 100") {
            evaluate(withValue(ids, 100, -1f), labels, EvaluateOptions.defaults().batchSize(8).verbose(0))
        }
    }

    test("wrong validation shapes fail before the first epoch, saying validation") {
        val m = mlp()
        m.rejects("fit: validation x", "(8, 5)") { fit(x, y, quiet().validationData(Tensor.zeros(8, 5), y.slice(0, 8))) }
        m.rejects("validation y") { fit(x, y, quiet().validationData(x.slice(0, 8), Tensor.zeros(8, 2))) }
        m.rejects("validation", "cardinality") { fit(x, y, quiet().validationData(x.slice(0, 8), y.slice(0, 7))) }
    }

    test("datasets: arrays behind fromTensors are checked up front, streamed batches as they come") {
        val m = mlp()
        m.rejects("fit: y (shape (64,))", "received 7 at index 40") { fit(Dataset.fromTensors(x, withValue(y, 40, 7f), null, 8, true, 1), quiet()) }
        val before = m.snapshot()
        val streamed = streamedWithNaN()
        shouldThrow<IllegalArgumentException> { m.fit(streamed, quiet()) }.message!! shouldContain "fit: batch 1 of epoch 1: x contains NaN at index [2, 0]"
        m.unchangedSince(before) shouldBe false    // the first batch trained: a stream cannot be checked ahead
    }

    test("evaluate on a dataset: arrays behind fromTensors are checked up front, streamed batches as they come") {
        val m = mlp()
        val quietEval = EvaluateOptions.defaults().verbose(0)
        m.rejects("evaluate: y (shape (64,))", "received 7 at index 40") { evaluate(Dataset.fromTensors(x, withValue(y, 40, 7f), null, 8, false, 0), quietEval) }
        val streamed = streamedWithNaN()
        shouldThrow<IllegalArgumentException> { m.evaluate(streamed, quietEval) }.message!! shouldContain "evaluate: batch 1: x contains NaN at index [2, 0]"
    }

    test("a validation Dataset: arrays behind fromTensors are checked before the first epoch, streamed batches as they come") {
        val m = mlp()
        val streamed = streamedWithNaN()
        m.rejects("fit: validation y (shape (8,))", "received 7 at index 3") { fit(x, y, quiet().validationData(Dataset.fromTensors(x.slice(0, 8), withValue(y, 3, 7f).slice(0, 8), null, 4, false, 0))) }
        shouldThrow<IllegalArgumentException> { m.fit(x, y, quiet().validationData(streamed)) }.message!! shouldContain "fit: validation batch 1: x contains NaN at index [2, 0]"
    }

    test("null data names the call and the argument") {
        val m = mlp()
        val quietEval = EvaluateOptions.defaults().verbose(0)
        m.rejects("train_on_batch: expected x (data for the model's inputs [", "received null") { trainOnBatch(null as Tensor?, y.slice(0, 8)) }
        m.rejects("train_on_batch: expected y (the target for output '", "received null") { trainOnBatch(x.slice(0, 8), null as Tensor?) }
        m.rejects("test_on_batch: expected x", "received null") { testOnBatch(null as Tensor?, y.slice(0, 8)) }
        m.rejects("test_on_batch: expected y", "received null") { testOnBatch(x.slice(0, 8), null as Tensor?) }
        m.rejects("predict_on_batch: expected x", "received null") { predictOnBatch(null as Tensor?) }
        m.rejects("evaluate: expected x", "received null") { evaluate(null as Tensor?, y, quietEval) }
        m.rejects("evaluate: expected y", "received null") { evaluate(x, null as Tensor?, quietEval) }
        m.rejects("predict: expected x", "received null") { predict(null as Tensor?) }
        m.rejects("fit: expected y", "received null") { fit(x, null as Tensor?, quiet()) }
        m.rejects("predict_on_batch: expected at least one sample") { predictOnBatch(x.slice(0, 0)) }
    }

    test("zero samples raise in fit, evaluate and predict; null x and non-tensor data name the argument") {
        val m = mlp()
        m.rejects("fit: expected at least one sample", "x with 0 samples") { fit(x.slice(0, 0), y.slice(0, 0), quiet()) }
        m.rejects("evaluate: expected at least one sample") { evaluate(x.slice(0, 0), y.slice(0, 0), EvaluateOptions.defaults().verbose(0)) }
        m.rejects("predict: expected at least one sample", "x") { predict(x.slice(0, 0)) }
        m.rejects("validation x with 0 samples") { fit(x, y, quiet().validationData(x.slice(0, 0), y.slice(0, 0))) }
        m.rejects("fit: expected x", "received null") { fit(null as Tensor?, y, quiet()) }
        m.rejects("evaluate: Model expects 1 inputs", "but x has 2") { evaluate(Data.of(x, x), Data.of(y), EvaluateOptions.defaults().verbose(0)) }
    }
})
