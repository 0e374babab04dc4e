package dev.lamina.metrics

import dev.lamina.losses.Loss
import dev.lamina.tensor.Rng
import dev.lamina.tensor.Shape
import dev.lamina.tensor.ShapeMismatchException
import dev.lamina.tensor.Tensor
import dev.lamina.tensor.Variable
import dev.lamina.tensor.io.Json
import dev.lamina.testing.Fixtures
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf

/** The "accuracy" rule, identifiers and names, directions, configs, errors, and AUC/Mean details the fixture does not reach. */
@Suppress("UNCHECKED_CAST")
class MetricApiSpec : FunSpec({
    fun none(vararg d: Int) = Shape.of(-1, *d)

    test("'accuracy' resolves by the shapes of y_true and y_pred and keeps the user's string as its name") {
        fun resolve(id: String, t: Shape?, p: Shape?, loss: Loss? = null) = Metrics.resolve(id, t, p, loss)
        resolve("accuracy", none(1), none(1)).shouldBeInstanceOf<BinaryAccuracy>()
        resolve("accuracy", Shape.of(-1), none(1)).shouldBeInstanceOf<BinaryAccuracy>()
        resolve("accuracy", Shape.of(-1), none(10)).shouldBeInstanceOf<SparseCategoricalAccuracy>()
        resolve("accuracy", none(1), none(10)).shouldBeInstanceOf<SparseCategoricalAccuracy>()
        resolve("accuracy", none(10), none(10)).shouldBeInstanceOf<CategoricalAccuracy>()
        resolve("accuracy", none(4, 1), none(4, 10)).shouldBeInstanceOf<SparseCategoricalAccuracy>()
        resolve("accuracy", none(10), none(10)).name() shouldBe "accuracy"
        val acc = resolve("acc", Shape.of(-1), none(10))
        acc.shouldBeInstanceOf<SparseCategoricalAccuracy>()
        acc.name() shouldBe "acc"
        acc.direction() shouldBe Direction.UP
        // Without shapes the loss decides.
        resolve("accuracy", null, null, dev.lamina.losses.SparseCategoricalCrossentropy()).shouldBeInstanceOf<SparseCategoricalAccuracy>()
        resolve("accuracy", null, null, dev.lamina.losses.BinaryCrossentropy()).shouldBeInstanceOf<BinaryAccuracy>()
        resolve("accuracy", null, null, dev.lamina.losses.CategoricalCrossentropy()).shouldBeInstanceOf<CategoricalAccuracy>()
        shouldThrow<IllegalArgumentException> { resolve("accuracy", null, null, dev.lamina.losses.MeanSquaredError()) }
            .message shouldContain "'accuracy'"
    }

    test("'crossentropy'/'ce' resolve the same way; other ids go through get") {
        Metrics.resolve("crossentropy", none(1), none(1), null).shouldBeInstanceOf<BinaryCrossentropy>()
        Metrics.resolve("ce", Shape.of(-1), none(5), null).also {
            it.shouldBeInstanceOf<SparseCategoricalCrossentropy>()
            it.name() shouldBe "ce"
        }
        Metrics.resolve("crossentropy", none(5), none(5), null).shouldBeInstanceOf<CategoricalCrossentropy>()
        Metrics.resolve("mae", none(1), none(1), null).shouldBeInstanceOf<MeanAbsoluteError>()
        Metrics.resolve("AUC", none(1), none(1), null).name() shouldBe "auc"
    }

    test("identifiers: function-style ids name the metric, class names keep the default name") {
        val cases = mapOf(
            "binary_accuracy" to BinaryAccuracy::class, "categorical_accuracy" to CategoricalAccuracy::class,
            "sparse_categorical_accuracy" to SparseCategoricalAccuracy::class, "top_k_categorical_accuracy" to TopKCategoricalAccuracy::class,
            "sparse_top_k_categorical_accuracy" to SparseTopKCategoricalAccuracy::class, "auc" to AUC::class,
            "precision" to Precision::class, "recall" to Recall::class, "mae" to MeanAbsoluteError::class,
            "mse" to MeanSquaredError::class, "rmse" to RootMeanSquaredError::class, "root_mean_squared_error" to RootMeanSquaredError::class,
            "mape" to MeanAbsolutePercentageError::class, "cosine_similarity" to CosineSimilarity::class,
            "kl_divergence" to KLDivergence::class, "accuracy" to Accuracy::class, "poisson" to Poisson::class,
        )
        for ((id, cls) in cases) {
            val m = Metrics.get(id)
            m::class shouldBe cls
            m.name() shouldBe id
        }
        Metrics.get("AUC").name() shouldBe "auc"
        Metrics.get("MeanAbsoluteError").name() shouldBe "mean_absolute_error"
        Metrics.get("SparseCategoricalAccuracy").name() shouldBe "sparse_categorical_accuracy"
        val e = shouldThrow<IllegalArgumentException> { Metrics.get("f1_scor") }
        e.message shouldContain "'f1_scor'"
        e.message shouldContain "sparse_categorical_accuracy"
        e.message shouldContain "auc"
    }

    test("every metric declares Keras' direction") {
        val up = listOf(Accuracy(), BinaryAccuracy(), CategoricalAccuracy(), SparseCategoricalAccuracy(), TopKCategoricalAccuracy(),
            SparseTopKCategoricalAccuracy(), AUC(), Precision(), Recall(), TruePositives(), TrueNegatives(), CosineSimilarity())
        val down = listOf(MeanAbsoluteError(), MeanSquaredError(), RootMeanSquaredError(), MeanAbsolutePercentageError(),
            MeanSquaredLogarithmicError(), LogCoshError(), FalsePositives(), FalseNegatives(), Hinge(), SquaredHinge(),
            CategoricalHinge(), BinaryCrossentropy(), CategoricalCrossentropy(), SparseCategoricalCrossentropy())
        val neither = listOf(KLDivergence(), Poisson(), Mean(), Sum())
        up.forEach { it.direction() shouldBe Direction.UP }
        down.forEach { it.direction() shouldBe Direction.DOWN }
        neither.forEach { it.direction() shouldBe Direction.NONE }
    }

    test("default names are Keras'") {
        mapOf(
            AUC() to "auc", Precision() to "precision", Recall() to "recall", MeanAbsoluteError() to "mean_absolute_error",
            RootMeanSquaredError() to "root_mean_squared_error", SparseTopKCategoricalAccuracy() to "sparse_top_k_categorical_accuracy",
            TruePositives() to "true_positives", LogCoshError() to "logcosh", Mean() to "mean", KLDivergence() to "kl_divergence",
        ).forEach { (m, n) -> m.name() shouldBe n }
    }

    test("config round-trip through JSON for every metric, with non-default options") {
        val metrics: List<Metric> = listOf(
            Mean().name("loss"), Sum(), Accuracy(), BinaryAccuracy(0.3), CategoricalAccuracy(), SparseCategoricalAccuracy(),
            TopKCategoricalAccuracy(3), SparseTopKCategoricalAccuracy(2), Precision().thresholds(0.3, 0.7),
            Precision().topK(1).classId(2), Recall().thresholds(0.4), TruePositives(0.2, 0.6), FalsePositives(), TrueNegatives(0.4),
            FalseNegatives(), AUC().numThresholds(50).curve("PR").summationMethod("majoring").fromLogits(true),
            AUC().thresholds(0.1, 0.5, 0.8).multiLabel(true).numLabels(3).labelWeights(1.0, 2.0, 0.5),
            MeanAbsoluteError(), MeanSquaredError(), RootMeanSquaredError(), MeanAbsolutePercentageError(), MeanSquaredLogarithmicError(),
            LogCoshError(), CosineSimilarity(0), KLDivergence(), Poisson(), Hinge(), SquaredHinge(), CategoricalHinge(),
            BinaryCrossentropy(true, 0.1), CategoricalCrossentropy(true, 0.2), SparseCategoricalCrossentropy(true),
        )
        for (m in metrics) {
            val text = Json.write(Metrics.serialize(m))
            val back = Metrics.deserialize(Json.parse(text) as Map<String, Any?>)
            back.javaClass shouldBe m.javaClass
            Json.write(Metrics.serialize(back)) shouldBe text
            back.name() shouldBe m.name()
        }
        val p = Metrics.serialize(Precision().thresholds(0.3, 0.7))
        p["module"] shouldBe "keras.metrics"
        (p["config"] as Map<String, Any?>) shouldBe mapOf("name" to "precision", "dtype" to "float32",
            "thresholds" to listOf(0.3, 0.7), "top_k" to null, "class_id" to null)
        val auc = Metrics.deserialize(Json.parse(Json.write(Metrics.serialize(AUC().thresholds(0.8, 0.1, 0.5)))) as Map<String, Any?>) as AUC
        auc.thresholds().toList() shouldBe listOf(-1e-7, 0.1, 0.5, 0.8, 1 + 1e-7)
        (Metrics.deserialize(mapOf("class_name" to "Recall", "config" to mapOf("thresholds" to 0.4))) as Recall).results().size shouldBe 1
    }

    test("bad input is rejected with the class, the argument and the value") {
        shouldThrow<ShapeMismatchException> { Accuracy().updateState(Tensor.zeros(4, 2), Tensor.zeros(4, 3)) }.message shouldContain "Accuracy"
        shouldThrow<ShapeMismatchException> { SparseCategoricalAccuracy().updateState(Tensor.zeros(4, 3), Tensor.zeros(4, 3)) }
            .message shouldContain "SparseCategoricalAccuracy"
        shouldThrow<IllegalArgumentException> { Precision().thresholds(0.2, 1.5) }.message shouldContain "[0.2, 1.5]"
        shouldThrow<IllegalArgumentException> { AUC().numThresholds(1) }.message shouldContain "num_thresholds=1"
        shouldThrow<IllegalArgumentException> { AUC().curve("DET") }.message shouldContain "DET"
        shouldThrow<IllegalArgumentException> { TopKCategoricalAccuracy(0) }.message shouldContain "k=0"
        shouldThrow<IllegalArgumentException> { Precision().classId(5).updateState(Tensor.zeros(2, 3), Tensor.zeros(2, 3)) }
            .message shouldContain "class_id=5"
        shouldThrow<ShapeMismatchException> { Mean().updateValues(Tensor.zeros(4), Tensor.zeros(3)) }.message shouldContain "sample_weight"
    }

    test("Mean as the loss tracker: the batch-size-weighted running loss of training.json") {
        val case = Fixtures.load("training.json")["epoch_loss_running_mean"] as Map<String, Any?>
        val sizes = (case["batch_sizes"] as List<Number>).map { it.toDouble() }
        for (suffix in listOf("", "_weighted")) {
            val losses = (case["batch_losses$suffix"] as List<Number>).map { it.toDouble() }
            val running = (case["running_loss_after_each_batch$suffix"] as List<Number>).map { it.toDouble() }
            val tracker = Mean("loss")
            losses.forEachIndexed { b, l ->
                tracker.update(l, sizes[b])
                tracker.result() shouldBe (running[b] plusOrMinus 1e-12)
            }
        }
        Mean().result() shouldBe 0.0
    }

    test("Mean averages multi-dimensional values per sample before weighting; Sum adds weighted values") {
        val m = Mean()
        m.updateValues(Tensor.of(floatArrayOf(1f, 3f, 5f, 7f), 2, 2), Tensor.vector(1f, 3f))
        m.result() shouldBe (5.0 plusOrMinus 1e-12)
        m.count() shouldBe 4.0
        val s = Sum()
        s.updateValues(Tensor.of(floatArrayOf(1f, 3f, 5f, 7f), 2, 2), Tensor.vector(1f, 3f))
        s.result() shouldBe 40.0
    }

    test("metrics run outside autodiff: y_pred that requires a gradient is fine") {
        val p = Variable("p", Tensor.of(floatArrayOf(0.1f, 0.9f, 0.8f, 0.2f), 2, 2))
        val m = MeanSquaredError()
        m.updateState(Tensor.of(floatArrayOf(0f, 1f, 1f, 0f), 2, 2), p.value())
        m.result() shouldBe (0.025 plusOrMinus 1e-7)
    }

    test("top-k accuracy counts a class tied with the k-th largest as in (TF's in_top_k)") {
        val m = SparseTopKCategoricalAccuracy(1)
        m.updateState(Tensor.vector(1f, 2f), Tensor.of(floatArrayOf(0.4f, 0.4f, 0.2f, 0.5f, 0.3f, 0.2f), 2, 3))
        m.result() shouldBe 0.5
    }

    test("AUC with uneven thresholds compares directly and agrees with the confusion metrics") {
        val rng = Rng(5)
        val yTrue = rng.randint(Shape.of(40, 1), 2)
        val yPred = rng.uniform(Shape.of(40, 1), 0f, 1f)
        val w = rng.uniform(Shape.of(40), 0f, 2f)
        val auc = AUC().thresholds(0.2, 0.5, 0.85)
        auc.updateState(yTrue, yPred, w)
        val tp = TruePositives(0.2, 0.5, 0.85).also { it.updateState(yTrue, yPred, w) }.results()
        val fp = FalsePositives(0.2, 0.5, 0.85).also { it.updateState(yTrue, yPred, w) }.results()
        val tn = TrueNegatives(0.2, 0.5, 0.85).also { it.updateState(yTrue, yPred, w) }.results()
        val fn = FalseNegatives(0.2, 0.5, 0.85).also { it.updateState(yTrue, yPred, w) }.results()
        for (i in 0 until 3) {
            auc.truePositives()[i + 1] shouldBe (tp[i] plusOrMinus 1e-9)
            auc.falsePositives()[i + 1] shouldBe (fp[i] plusOrMinus 1e-9)
            auc.trueNegatives()[i + 1] shouldBe (tn[i] plusOrMinus 1e-9)
            auc.falseNegatives()[i + 1] shouldBe (fn[i] plusOrMinus 1e-9)
        }
    }

    test("AUC's bucketed even-threshold path matches direct comparisons") {
        val rng = Rng(6)
        val yTrue = rng.randint(Shape.of(60, 1), 2)
        val yPred = rng.uniform(Shape.of(60, 1), 0f, 1f)
        val auc = AUC().numThresholds(7).also { it.updateState(yTrue, yPred) }
        val inner = DoubleArray(5) { (it + 1) / 6.0 }
        val tp = TruePositives(*inner).also { it.updateState(yTrue, yPred) }.results()
        val tn = TrueNegatives(*inner).also { it.updateState(yTrue, yPred) }.results()
        for (i in 0 until 5) {
            auc.truePositives()[i + 1] shouldBe tp[i]
            auc.trueNegatives()[i + 1] shouldBe tn[i]
        }
        auc.truePositives()[0] shouldBe auc.truePositives()[0] + auc.falseNegatives()[0]
        auc.truePositives()[6] shouldBe 0.0
    }

    test("AUC summation methods and curves on a hand-computed example") {
        val t = Tensor.vector(1f, 0f, 1f, 0f)
        val p = Tensor.vector(0.9f, 0.8f, 0.3f, 0.1f)
        fun auc(curve: String, method: String) = AUC().thresholds(0.5).curve(curve).summationMethod(method).also { it.updateState(t, p) }.result()
        auc("ROC", "interpolation") shouldBe (0.5 plusOrMinus 1e-12)
        auc("ROC", "minoring") shouldBe (0.25 plusOrMinus 1e-12)
        auc("ROC", "majoring") shouldBe (0.75 plusOrMinus 1e-12)
        auc("PR", "minoring") shouldBe (0.25 plusOrMinus 1e-12)
        auc("PR", "majoring") shouldBe (0.5 plusOrMinus 1e-12)
    }

    test("multi-label AUC averages per-label areas (label_weights-weighted); from_logits applies a sigmoid") {
        val rng = Rng(7)
        val yTrue = rng.randint(Shape.of(30, 2), 2)
        val yPred = rng.uniform(Shape.of(30, 2), 0f, 1f)
        fun column(x: Tensor, c: Int) = Tensor.of(FloatArray(30) { x.get(it * 2 + c) }, 30, 1)
        val per = (0..1).map { c -> AUC().also { it.updateState(column(yTrue, c), column(yPred, c)) }.result() }
        AUC().multiLabel(true).also { it.updateState(yTrue, yPred) }.result() shouldBe ((per[0] + per[1]) / 2 plusOrMinus 1e-12)
        AUC().multiLabel(true).labelWeights(1.0, 3.0).also { it.updateState(yTrue, yPred) }.result() shouldBe
            ((per[0] + 3 * per[1]) / 4 plusOrMinus 1e-12)
        AUC().labelWeights(1.0, 0.0).also { it.updateState(yTrue, yPred) }.result() shouldBe (per[0] plusOrMinus 1e-12)
        val logits = Tensor.of(FloatArray(60) { Math.log(yPred.get(it) / (1.0 - yPred.get(it))).toFloat() }, 30, 2)
        AUC().fromLogits(true).also { it.updateState(yTrue, logits) }.result() shouldBe
            (AUC().also { it.updateState(yTrue, yPred) }.result() plusOrMinus 1e-3)
        val multi = AUC().multiLabel(true)
        multi.updateState(yTrue, yPred)
        multi.resetState()
        multi.truePositives().size shouldBe 400
        shouldThrow<IllegalArgumentException> { multi.updateState(Tensor.zeros(3, 3), Tensor.zeros(3, 3)) }.message shouldContain "2 labels"
    }

    test("Precision and Recall are 0 when their denominator is 0, and top_k defaults the threshold to -1e10") {
        val p = Precision()
        p.updateState(Tensor.vector(1f, 1f), Tensor.vector(0.1f, 0.5f))
        p.result() shouldBe 0.0
        val r = Recall()
        r.updateState(Tensor.vector(0f, 0f), Tensor.vector(0.9f, 0.5f))
        r.result() shouldBe 0.0
        Precision().topK(2).thresholds().toList() shouldBe listOf(-1e10)
        Precision().topK(2).thresholds(0.4).thresholds().toList() shouldBe listOf(0.4)
    }
})
