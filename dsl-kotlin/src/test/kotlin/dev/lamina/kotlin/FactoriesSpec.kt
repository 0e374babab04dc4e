package dev.lamina.kotlin

import dev.lamina.callbacks.CSVLogger
import dev.lamina.callbacks.EarlyStopping
import dev.lamina.callbacks.ModelCheckpoint
import dev.lamina.callbacks.ReduceLROnPlateau
import dev.lamina.initializers.Initializers
import dev.lamina.kotlin.losses.binaryCrossentropy
import dev.lamina.kotlin.losses.categoricalCrossentropy
import dev.lamina.kotlin.losses.categoricalHinge
import dev.lamina.kotlin.losses.cosineSimilarity
import dev.lamina.kotlin.losses.hinge
import dev.lamina.kotlin.losses.huber
import dev.lamina.kotlin.losses.klDivergence
import dev.lamina.kotlin.losses.logCosh
import dev.lamina.kotlin.losses.meanAbsoluteError
import dev.lamina.kotlin.losses.meanAbsolutePercentageError
import dev.lamina.kotlin.losses.meanSquaredError
import dev.lamina.kotlin.losses.meanSquaredLogarithmicError
import dev.lamina.kotlin.losses.poisson
import dev.lamina.kotlin.losses.sparseCategoricalCrossentropy
import dev.lamina.kotlin.losses.squaredHinge
import dev.lamina.losses.Reduction
import dev.lamina.optimizers.Adadelta
import dev.lamina.optimizers.Adagrad
import dev.lamina.optimizers.Adam
import dev.lamina.optimizers.AdamW
import dev.lamina.optimizers.Adamax
import dev.lamina.optimizers.Nadam
import dev.lamina.optimizers.RMSprop
import dev.lamina.optimizers.SGD
import dev.lamina.optimizers.schedules.CosineDecay
import dev.lamina.optimizers.schedules.ExponentialDecay
import dev.lamina.optimizers.schedules.InverseTimeDecay
import dev.lamina.optimizers.schedules.PiecewiseConstantDecay
import dev.lamina.optimizers.schedules.PolynomialDecay
import dev.lamina.optimizers.schedules.Schedules
import dev.lamina.regularizers.Regularizer
import dev.lamina.tensor.Tensor
import dev.lamina.training.Logs
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import dev.lamina.kotlin.metrics.binaryCrossentropy as binaryCrossentropyMetric
import dev.lamina.kotlin.metrics.categoricalCrossentropy as categoricalCrossentropyMetric
import dev.lamina.kotlin.metrics.categoricalHinge as categoricalHingeMetric
import dev.lamina.kotlin.metrics.cosineSimilarity as cosineSimilarityMetric
import dev.lamina.kotlin.metrics.hinge as hingeMetric
import dev.lamina.kotlin.metrics.klDivergence as klDivergenceMetric
import dev.lamina.kotlin.metrics.meanAbsoluteError as meanAbsoluteErrorMetric
import dev.lamina.kotlin.metrics.meanAbsolutePercentageError as meanAbsolutePercentageErrorMetric
import dev.lamina.kotlin.metrics.meanSquaredError as meanSquaredErrorMetric
import dev.lamina.kotlin.metrics.meanSquaredLogarithmicError as meanSquaredLogarithmicErrorMetric
import dev.lamina.kotlin.metrics.poisson as poissonMetric
import dev.lamina.kotlin.metrics.sparseCategoricalCrossentropy as sparseCategoricalCrossentropyMetric
import dev.lamina.kotlin.metrics.squaredHinge as squaredHingeMetric
import dev.lamina.losses.BinaryCrossentropy as BinaryCrossentropyLoss
import dev.lamina.losses.CategoricalCrossentropy as CategoricalCrossentropyLoss
import dev.lamina.losses.CategoricalHinge as CategoricalHingeLoss
import dev.lamina.losses.CosineSimilarity as CosineSimilarityLoss
import dev.lamina.losses.Hinge as HingeLoss
import dev.lamina.losses.Huber as HuberLoss
import dev.lamina.losses.KLDivergence as KLDivergenceLoss
import dev.lamina.losses.LogCosh as LogCoshLoss
import dev.lamina.losses.MeanAbsoluteError as MeanAbsoluteErrorLoss
import dev.lamina.losses.MeanAbsolutePercentageError as MeanAbsolutePercentageErrorLoss
import dev.lamina.losses.MeanSquaredError as MeanSquaredErrorLoss
import dev.lamina.losses.MeanSquaredLogarithmicError as MeanSquaredLogarithmicErrorLoss
import dev.lamina.losses.Poisson as PoissonLoss
import dev.lamina.losses.SparseCategoricalCrossentropy as SparseCategoricalCrossentropyLoss
import dev.lamina.losses.SquaredHinge as SquaredHingeLoss

/**
 * Optimizer, schedule, loss, metric, initializer, regularizer and callback factories: with no arguments each equals
 * the Java class built with its (Keras) defaults, config for config; named arguments reach the right option.
 */
class FactoriesSpec : FunSpec({
    @Suppress("UNCHECKED_CAST")
    fun Any.field(name: String): Any? {
        var c: Class<*>? = javaClass
        while (c != null) {
            c.declaredFields.firstOrNull { it.name == name }?.let { it.isAccessible = true; return it.get(this) }
            c = c.superclass
        }
        error("no field $name in $javaClass")
    }

    test("optimizers: Keras defaults, every option, and a schedule as the learning rate") {
        val defaults = listOf(
            sgd().config to SGD().config, rmsprop().config to RMSprop().config, adam().config to Adam().config,
            adamW().config to AdamW().config, adagrad().config to Adagrad().config, adadelta().config to Adadelta().config,
            adamax().config to Adamax().config, nadam().config to Nadam().config,
        )
        defaults.forEachIndexed { i, (dsl, java) -> withClue(java["name"]) { dsl shouldBe java; i } }
        sgd().config["learning_rate"] shouldBe 0.01f.toDouble()
        val s = sgd(learningRate = 0.1, momentum = 0.9, nesterov = true, weightDecay = 0.01, clipnorm = 1.0, name = "my_sgd")
        s.momentum() shouldBe 0.9
        s.nesterov() shouldBe true
        s.weightDecay() shouldBe 0.01
        s.clipnorm() shouldBe 1.0
        s.name() shouldBe "my_sgd"
        rmsprop(rho = 0.8, momentum = 0.5, epsilon = 1e-6, centered = true, clipvalue = 0.5).let {
            it.rho() shouldBe 0.8; it.momentum() shouldBe 0.5; it.epsilon() shouldBe 1e-6; it.centered() shouldBe true; it.clipvalue() shouldBe 0.5
        }
        adam(beta1 = 0.8, beta2 = 0.99, amsgrad = true, globalClipnorm = 2.0).let {
            it.beta1() shouldBe 0.8; it.beta2() shouldBe 0.99; it.amsgrad() shouldBe true; it.globalClipnorm() shouldBe 2.0
        }
        adamW(weightDecay = 0.1).weightDecay() shouldBe 0.1
        adagrad(initialAccumulatorValue = 0.2).initialAccumulatorValue() shouldBe 0.2
        adadelta(rho = 0.5).rho() shouldBe 0.5
        adamax(beta2 = 0.9).beta2() shouldBe 0.9
        nadam(epsilon = 1e-3).epsilon() shouldBe 1e-3
        val decay = exponentialDecay(initialLearningRate = 0.1, decaySteps = 10, decayRate = 0.5)
        val scheduled = adam(learningRate = decay)
        scheduled.schedule shouldBe decay
        scheduled.getLearningRate() shouldBe 0.1f.toDouble()
        for (o in listOf(sgd(decay), rmsprop(decay), adamW(decay), adagrad(decay), adadelta(decay), adamax(decay), nadam(decay))) o.schedule shouldBe decay
    }

    test("learning-rate schedules: Keras defaults and arguments") {
        Schedules.serialize(exponentialDecay(0.1, 10, 0.5)) shouldBe Schedules.serialize(ExponentialDecay(0.1, 10, 0.5))
        Schedules.serialize(exponentialDecay(0.1, 10, 0.5, staircase = true)) shouldBe Schedules.serialize(ExponentialDecay(0.1, 10, 0.5, true))
        Schedules.serialize(inverseTimeDecay(0.1, 10, 0.5)) shouldBe Schedules.serialize(InverseTimeDecay(0.1, 10, 0.5))
        Schedules.serialize(polynomialDecay(0.1, 10)) shouldBe Schedules.serialize(PolynomialDecay(0.1, 10))
        Schedules.serialize(cosineDecay(0.1, 10)) shouldBe Schedules.serialize(CosineDecay(0.1, 10))
        Schedules.serialize(cosineDecay(0.1, 10, alpha = 0.1, warmupTarget = 0.2, warmupSteps = 5)) shouldBe
            Schedules.serialize(CosineDecay(0.1, 10, 0.1, 0.2, 5))
        piecewiseConstantDecay(listOf(10L, 20L), listOf(0.1, 0.01, 0.001)).at(15) shouldBe 0.01
        Schedules.serialize(piecewiseConstantDecay(listOf(10L), listOf(0.1, 0.01))) shouldBe
            Schedules.serialize(PiecewiseConstantDecay(longArrayOf(10), doubleArrayOf(0.1, 0.01)))
    }

    test("losses: Keras defaults (names, reduction), and their options") {
        val defaults = listOf(
            binaryCrossentropy() to BinaryCrossentropyLoss(), categoricalCrossentropy() to CategoricalCrossentropyLoss(),
            sparseCategoricalCrossentropy() to SparseCategoricalCrossentropyLoss(), meanSquaredError() to MeanSquaredErrorLoss(),
            meanAbsoluteError() to MeanAbsoluteErrorLoss(), meanAbsolutePercentageError() to MeanAbsolutePercentageErrorLoss(),
            meanSquaredLogarithmicError() to MeanSquaredLogarithmicErrorLoss(), cosineSimilarity() to CosineSimilarityLoss(),
            huber() to HuberLoss(), logCosh() to LogCoshLoss(), hinge() to HingeLoss(), squaredHinge() to SquaredHingeLoss(),
            categoricalHinge() to CategoricalHingeLoss(), poisson() to PoissonLoss(), klDivergence() to KLDivergenceLoss(),
        )
        for ((dsl, java) in defaults) {
            dsl.javaClass shouldBe java.javaClass
            dsl.config shouldBe java.config
        }
        meanSquaredError().name() shouldBe "mean_squared_error"
        meanSquaredError(reduction = "sum", name = "mse").let { it.reduction() shouldBe Reduction.SUM; it.name() shouldBe "mse" }
        binaryCrossentropy(fromLogits = true, labelSmoothing = 0.1, axis = 1).let {
            it.fromLogits() shouldBe true; it.labelSmoothing() shouldBe 0.1; it.axis() shouldBe 1
        }
        categoricalCrossentropy(fromLogits = true, labelSmoothing = 0.2).labelSmoothing() shouldBe 0.2
        sparseCategoricalCrossentropy(fromLogits = true, ignoreClass = 0, reduction = "none").let {
            it.fromLogits() shouldBe true; it.ignoreClass() shouldBe 0; it.reduction() shouldBe Reduction.NONE
        }
        huber(delta = 2.0).delta() shouldBe 2.0
        cosineSimilarity(axis = 0).axis() shouldBe 0
        shouldThrow<IllegalArgumentException> { meanSquaredError(reduction = "mean-ish") }.message shouldContain "Reduction"
    }

    test("metrics: Keras defaults (names are the log keys), and their options") {
        val defaults: List<Pair<dev.lamina.metrics.Metric, dev.lamina.metrics.Metric>> = listOf(
            dev.lamina.kotlin.metrics.accuracy() to dev.lamina.metrics.Accuracy(), dev.lamina.kotlin.metrics.binaryAccuracy() to dev.lamina.metrics.BinaryAccuracy(),
            dev.lamina.kotlin.metrics.categoricalAccuracy() to dev.lamina.metrics.CategoricalAccuracy(),
            dev.lamina.kotlin.metrics.sparseCategoricalAccuracy() to dev.lamina.metrics.SparseCategoricalAccuracy(),
            dev.lamina.kotlin.metrics.topKCategoricalAccuracy() to dev.lamina.metrics.TopKCategoricalAccuracy(),
            dev.lamina.kotlin.metrics.sparseTopKCategoricalAccuracy() to dev.lamina.metrics.SparseTopKCategoricalAccuracy(),
            dev.lamina.kotlin.metrics.auc() to dev.lamina.metrics.AUC(), dev.lamina.kotlin.metrics.precision() to dev.lamina.metrics.Precision(),
            dev.lamina.kotlin.metrics.recall() to dev.lamina.metrics.Recall(), dev.lamina.kotlin.metrics.truePositives() to dev.lamina.metrics.TruePositives(),
            dev.lamina.kotlin.metrics.falsePositives() to dev.lamina.metrics.FalsePositives(), dev.lamina.kotlin.metrics.trueNegatives() to dev.lamina.metrics.TrueNegatives(),
            dev.lamina.kotlin.metrics.falseNegatives() to dev.lamina.metrics.FalseNegatives(), dev.lamina.kotlin.metrics.mean() to dev.lamina.metrics.Mean(),
            dev.lamina.kotlin.metrics.sum() to dev.lamina.metrics.Sum(), meanSquaredErrorMetric() to dev.lamina.metrics.MeanSquaredError(),
            meanAbsoluteErrorMetric() to dev.lamina.metrics.MeanAbsoluteError(), meanAbsolutePercentageErrorMetric() to dev.lamina.metrics.MeanAbsolutePercentageError(),
            meanSquaredLogarithmicErrorMetric() to dev.lamina.metrics.MeanSquaredLogarithmicError(),
            dev.lamina.kotlin.metrics.rootMeanSquaredError() to dev.lamina.metrics.RootMeanSquaredError(),
            dev.lamina.kotlin.metrics.logCoshError() to dev.lamina.metrics.LogCoshError(), cosineSimilarityMetric() to dev.lamina.metrics.CosineSimilarity(),
            hingeMetric() to dev.lamina.metrics.Hinge(), squaredHingeMetric() to dev.lamina.metrics.SquaredHinge(), categoricalHingeMetric() to dev.lamina.metrics.CategoricalHinge(),
            poissonMetric() to dev.lamina.metrics.Poisson(), klDivergenceMetric() to dev.lamina.metrics.KLDivergence(), binaryCrossentropyMetric() to dev.lamina.metrics.BinaryCrossentropy(),
            categoricalCrossentropyMetric() to dev.lamina.metrics.CategoricalCrossentropy(),
            sparseCategoricalCrossentropyMetric() to dev.lamina.metrics.SparseCategoricalCrossentropy(),
        )
        for ((dsl, java) in defaults) {
            dsl.javaClass shouldBe java.javaClass
            dsl.name() shouldBe java.name()
            dsl.config shouldBe java.config
        }
        dev.lamina.kotlin.metrics.accuracy(name = "acc").name() shouldBe "acc"
        dev.lamina.kotlin.metrics.binaryAccuracy(threshold = 0.7).threshold() shouldBe 0.7
        dev.lamina.kotlin.metrics.topKCategoricalAccuracy(k = 2).k() shouldBe 2
        dev.lamina.kotlin.metrics.auc(numThresholds = 50, curve = "PR", multiLabel = true, fromLogits = true).config.let {
            it["num_thresholds"] shouldBe 50L; it["curve"] shouldBe "PR"; it["multi_label"] shouldBe true; it["from_logits"] shouldBe true
        }
        dev.lamina.kotlin.metrics.auc(thresholds = listOf(0.3, 0.6)).thresholds().size shouldBe 4
        // One threshold gives one result, a list gives one result per threshold (Keras returns a list then).
        dev.lamina.kotlin.metrics.precision(thresholds = 0.3).config shouldBe dev.lamina.metrics.Precision().thresholds(0.3).config
        dev.lamina.kotlin.metrics.precision(thresholds = listOf(0.3)).config shouldBe dev.lamina.metrics.Precision().thresholds(*doubleArrayOf(0.3)).config
        dev.lamina.kotlin.metrics.recall(topK = 2, classId = 1).let { it.topK() shouldBe 2; it.classId() shouldBe 1 }
        dev.lamina.kotlin.metrics.falseNegatives(thresholds = listOf(0.2, 0.8)).thresholds().toList() shouldBe listOf(0.2, 0.8)
        dev.lamina.kotlin.metrics.truePositives(thresholds = 0.4).config shouldBe dev.lamina.metrics.TruePositives(0.4).config
        binaryCrossentropyMetric(fromLogits = true, labelSmoothing = 0.1).config shouldBe dev.lamina.metrics.BinaryCrossentropy(true, 0.1).config
        sparseCategoricalCrossentropyMetric(fromLogits = true).config shouldBe dev.lamina.metrics.SparseCategoricalCrossentropy(true).config
        val half = dev.lamina.kotlin.metrics.meanMetricWrapper({ t, p -> dev.lamina.tensor.Ops.multiply(dev.lamina.tensor.Ops.add(t, p), 0.5f) }, name = "half_sum")
        half.updateState(Tensor.vector(1f, 3f), Tensor.vector(1f, 1f))
        half.result() shouldBe 1.5
        half.name() shouldBe "half_sum"
        shouldThrow<IllegalArgumentException> { dev.lamina.kotlin.metrics.precision(thresholds = "high") }.message shouldContain
            "Precision: expected thresholds to be a number"
    }

    test("initializers and regularizers") {
        val pairs = listOf(
            glorotUniform() to Initializers.glorotUniform(), glorotNormal() to Initializers.glorotNormal(), heNormal() to Initializers.heNormal(),
            heUniform() to Initializers.heUniform(), lecunNormal() to Initializers.lecunNormal(), lecunUniform() to Initializers.lecunUniform(),
            randomNormal() to Initializers.get("random_normal"), randomUniform() to Initializers.get("random_uniform"),
            truncatedNormal() to Initializers.get("truncated_normal"), orthogonal() to Initializers.get("orthogonal"),
            constant() to Initializers.get("constant"), zeros() to Initializers.zeros(), ones() to Initializers.ones(),
        )
        for ((dsl, java) in pairs) {
            dsl.className() shouldBe java.className()
            dsl.config shouldBe java.config
        }
        randomNormal(mean = 1.0, stddev = 2.0).config shouldBe mapOf("mean" to 1.0, "stddev" to 2.0)
        constant(value = 3.0).config shouldBe mapOf("value" to 3.0)
        l1().config shouldBe Regularizer.l1(0.01).config
        l2().config shouldBe Regularizer.l2(0.01).config
        l1L2(l1 = 0.1, l2 = 0.2).config shouldBe mapOf("l1" to 0.1, "l2" to 0.2)
        l1L2(l2 = 0.3).className() shouldBe "L2"
    }

    test("callbacks: Keras defaults and every argument") {
        val es = earlyStopping()
        val esJava = EarlyStopping()
        for (f in listOf("monitorKey", "minDelta", "patience", "verbose", "mode", "baseline", "restoreBestWeights", "startFromEpoch")) {
            withClue(f) { es.field(f) shouldBe esJava.field(f) }
        }
        es.field("monitorKey") shouldBe "val_loss"
        val es2 = earlyStopping(monitor = "loss", minDelta = -0.1, patience = 3, verbose = 1, mode = "min", baseline = 2.0, restoreBestWeights = true, startFromEpoch = 1)
        listOf("monitorKey", "minDelta", "patience", "verbose", "mode", "baseline", "restoreBestWeights", "startFromEpoch").map { es2.field(it) } shouldBe
            listOf("loss", 0.1, 3, 1, "min", 2.0, true, 1)

        val cp = modelCheckpoint("m_{epoch}")
        val cpJava = ModelCheckpoint("m_{epoch}")
        val cpFields = listOf("filepath", "monitorKey", "mode", "verbose", "saveBestOnly", "saveWeightsOnly", "saveFreqBatches", "initialValueThreshold")
        cpFields.map { cp.field(it) } shouldBe cpFields.map { cpJava.field(it) }
        modelCheckpoint("w", monitor = "acc", verbose = 1, saveBestOnly = true, saveWeightsOnly = true, mode = "max", saveFreq = 5, initialValueThreshold = 0.5)
            .let { c -> cpFields.map { c.field(it) } } shouldBe listOf("w", "acc", "max", 1, true, true, 5, 0.5)
        shouldThrow<IllegalArgumentException> { modelCheckpoint("w", saveFreq = 2.5) }.message shouldContain "ModelCheckpoint: expected saveFreq"

        val rl = reduceLROnPlateau()
        val rlJava = ReduceLROnPlateau()
        val rlFields = listOf("monitorKey", "mode", "factor", "patience", "verbose", "minDelta", "cooldown", "minLr")
        rlFields.map { rl.field(it) } shouldBe rlFields.map { rlJava.field(it) }
        reduceLROnPlateau(monitor = "loss", factor = 0.5, patience = 3, verbose = 1, mode = "min", minDelta = 0.01, cooldown = 2, minLr = 1e-5)
            .let { c -> rlFields.map { c.field(it) } } shouldBe listOf("loss", "min", 0.5, 3, 1, 0.01, 2, 1e-5)

        val csv = csvLogger("log.csv")
        val csvJava = CSVLogger("log.csv")
        listOf("file", "separator", "append").map { csv.field(it) } shouldBe listOf("file", "separator", "append").map { csvJava.field(it) }
        csvLogger("log.tsv", separator = "\t", append = true).let { listOf(it.field("separator"), it.field("append")) } shouldBe listOf("\t", true)
        terminateOnNaN().javaClass.simpleName shouldBe "TerminateOnNaN"
        tensorBoard("tb").logDir().toString() shouldBe "tb"
        shouldThrow<IllegalArgumentException> { tensorBoard(updateFreq = 1.5) }.message shouldContain "TensorBoard: expected updateFreq"
        backupAndRestore("bk", saveFreq = 10).backupDir().toString() shouldBe "bk"
        shouldThrow<IllegalArgumentException> { backupAndRestore("bk", saveFreq = 0) }
        remoteMonitor().url() shouldBe "http://localhost:9000/publish/epoch/end/"
    }

    test("learningRateScheduler and lambdaCallback run the Kotlin lambdas given") {
        val model = sequential { input(2); dense(1) }
        model.compile(optimizer = sgd(learningRate = 0.5), loss = "mse")
        val scheduler = learningRateScheduler(schedule = { epoch, lr -> lr / (epoch + 2) })
        scheduler.setModel(model)
        scheduler.onEpochBegin(0, Logs.empty())
        model.optimizer.learningRate shouldBe 0.25
        val seen = mutableListOf<String>()
        val cb = lambdaCallback(
            onEpochBegin = { e, _ -> seen += "epochBegin $e" },
            onEpochEnd = { e, logs -> seen += "epochEnd $e ${logs["loss"]}" },
            onTrainBegin = { seen += "trainBegin" },
            onTrainEnd = { seen += "trainEnd" },
            onTrainBatchBegin = { b, _ -> seen += "batchBegin $b" },
            onTrainBatchEnd = { b, _ -> seen += "batchEnd $b" },
        )
        cb.onTrainBegin(Logs.empty())
        cb.onEpochBegin(0, Logs.empty())
        cb.onTrainBatchBegin(0, Logs.empty())
        cb.onTrainBatchEnd(0, Logs.empty())
        cb.onEpochEnd(0, Logs.of("loss", 1.5))
        cb.onTrainEnd(Logs.empty())
        seen shouldBe listOf("trainBegin", "epochBegin 0", "batchBegin 0", "batchEnd 0", "epochEnd 0 1.5", "trainEnd")
        lambdaCallback().onEpochEnd(0, Logs.empty())      // unset hooks do nothing
    }
})
