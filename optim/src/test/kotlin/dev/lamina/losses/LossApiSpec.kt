package dev.lamina.losses

import dev.lamina.tensor.ReduceOps
import dev.lamina.tensor.Shape
import dev.lamina.tensor.ShapeMismatchException
import dev.lamina.tensor.Tensor
import dev.lamina.tensor.io.Json
import dev.lamina.testing.Fixtures
import dev.lamina.testing.TensorAsserts
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf

/** String ids, names, configs, error messages and the weighting/reduction rules of the loss API. */
@Suppress("UNCHECKED_CAST")
class LossApiSpec : FunSpec({
    val yTrue = Tensor.of(floatArrayOf(0f, 1f, 0f, 1f, 1f, 0f), 2, 3)
    val yPred = Tensor.of(floatArrayOf(0.2f, 0.7f, 0.1f, 0.6f, 0.9f, 0.3f), 2, 3)

    test("string identifiers give default-configured losses with Keras' default names") {
        val expected = mapOf(
            "mse" to "mean_squared_error", "mean_squared_error" to "mean_squared_error", "mae" to "mean_absolute_error",
            "mape" to "mean_absolute_percentage_error", "msle" to "mean_squared_logarithmic_error", "huber" to "huber_loss",
            "log_cosh" to "log_cosh", "binary_crossentropy" to "binary_crossentropy",
            "categorical_crossentropy" to "categorical_crossentropy", "sparse_categorical_crossentropy" to "sparse_categorical_crossentropy",
            "kl_divergence" to "kl_divergence", "kld" to "kl_divergence", "cosine_similarity" to "cosine_similarity",
            "hinge" to "hinge", "squared_hinge" to "squared_hinge", "categorical_hinge" to "categorical_hinge", "poisson" to "poisson",
            "MeanSquaredError" to "mean_squared_error", "SparseCategoricalCrossentropy" to "sparse_categorical_crossentropy",
        )
        for ((id, name) in expected) {
            val loss = Losses.get(id)
            loss.name() shouldBe name
            loss.reduction() shouldBe Reduction.SUM_OVER_BATCH_SIZE
        }
        Losses.get("mse").shouldBeInstanceOf<MeanSquaredError>()
        Losses.get("kld").shouldBeInstanceOf<KLDivergence>()
        (Losses.get("binary_crossentropy") as BinaryCrossentropy).fromLogits() shouldBe false
    }

    test("an unknown identifier is rejected with the list of known ones") {
        val e = shouldThrow<IllegalArgumentException> { Losses.get("mean_squared_eror") }
        e.message shouldContain "'mean_squared_eror'"
        e.message shouldContain "mse"
        e.message shouldContain "sparse_categorical_crossentropy"
        e.message shouldContain "poisson"
    }

    test("sparse labels outside [0, classes) name the argument, the range and the value") {
        val logits = Tensor.zeros(3, 4)
        for ((bad, shown) in listOf(4f to "4", -1f to "-1", 1.5f to "1.5")) {
            val e = shouldThrow<IllegalArgumentException> {
                SparseCategoricalCrossentropy().fromLogits(true).call(Tensor.vector(0f, bad, 2f), logits)
            }
            e.message shouldContain "SparseCategoricalCrossentropy"
            e.message shouldContain "y_true"
            e.message shouldContain "[0, 4)"
            e.message shouldContain "received $shown at index 1"
        }
    }

    test("mismatched y_true / y_pred shapes throw a ShapeMismatchException naming the loss and both shapes") {
        val e = shouldThrow<ShapeMismatchException> { MeanSquaredError().call(Tensor.zeros(4, 3), Tensor.zeros(4, 2)) }
        e.message shouldContain "MeanSquaredError"
        e.message shouldContain "(4, 3)"
        e.message shouldContain "(4, 2)"
        shouldThrow<ShapeMismatchException> { CategoricalCrossentropy().call(Tensor.zeros(4, 3), Tensor.zeros(4, 5)) }
            .message shouldContain "CategoricalCrossentropy"
        shouldThrow<ShapeMismatchException> { SparseCategoricalCrossentropy().call(Tensor.zeros(4, 3), Tensor.zeros(4, 3)) }
            .message shouldContain "SparseCategoricalCrossentropy"
        shouldThrow<ShapeMismatchException> { MeanSquaredError().call(yTrue, yPred, Tensor.vector(1f, 2f, 3f)) }
            .message shouldContain "sample_weight"
    }

    test("checkTargets checks a whole target array against the output shape, before any step") {
        val out = Shape.of(Shape.UNKNOWN, 4)
        val labels = Tensor.vector(0f, 3f, 1f, 2f, 3f, 0f, 1f)
        SparseCategoricalCrossentropy().checkTargets(labels, out)
        SparseCategoricalCrossentropy().checkTargets(labels.reshape(7, 1), out)
        shouldThrow<IllegalArgumentException> { SparseCategoricalCrossentropy().checkTargets(Tensor.vector(0f, 1f, 2f, 3f, 4f, 0f), out) }
            .message shouldBe "SparseCategoricalCrossentropy: expected y_true class indices in [0, 4), received 4 at index 4"
        SparseCategoricalCrossentropy().ignoreClass(-1).checkTargets(Tensor.vector(0f, -1f, 3f), out)
        shouldThrow<ShapeMismatchException> { SparseCategoricalCrossentropy().checkTargets(Tensor.zeros(5, 4), out) }
        shouldThrow<ShapeMismatchException> { MeanSquaredError().checkTargets(Tensor.zeros(5, 3), out) }.message shouldContain "(1, 3)"
        CategoricalCrossentropy().checkTargets(Tensor.zeros(5, 4), out)
        MeanSquaredError().checkTargets(Tensor.zeros(5, 4), Shape.of(Shape.UNKNOWN, Shape.UNKNOWN))   // unknown output size: left to the batch
    }

    test("bad options are rejected with the argument and value") {
        shouldThrow<IllegalArgumentException> { Huber(-1.0) }.message shouldContain "delta=-1.0"
        shouldThrow<IllegalArgumentException> { BinaryCrossentropy().labelSmoothing(1.5) }.message shouldContain "label_smoothing=1.5"
        shouldThrow<IllegalArgumentException> { Reduction.of("mean") }.message shouldContain "sum_over_batch_size"
    }

    test("Reduction names are Keras'") {
        Reduction.values().map { it.kerasName() } shouldBe listOf("sum_over_batch_size", "sum", "none")
        Reduction.of("sum") shouldBe Reduction.SUM
        Reduction.of("none") shouldBe Reduction.NONE
        Reduction.of("auto") shouldBe Reduction.SUM_OVER_BATCH_SIZE
    }

    test("fluent setters keep the concrete type") {
        val l: SparseCategoricalCrossentropy = SparseCategoricalCrossentropy().fromLogits(true).ignoreClass(3)
        l.fromLogits() shouldBe true
        l.ignoreClass() shouldBe 3
        val b: BinaryCrossentropy = BinaryCrossentropy().fromLogits(true).labelSmoothing(0.1)
        b.reduction(Reduction.SUM).name("bce").name() shouldBe "bce"
    }

    test("targets (batch,) against predictions (batch, 1) are expanded, giving one value per sample") {
        val t = Tensor.vector(1f, 2f, 3f)
        val p = Tensor.of(floatArrayOf(1.5f, 2f, 2f), 3, 1)
        MeanSquaredError().perSample(t, p).shape() shouldBe Shape.of(3)
        MeanSquaredError().call(t, p).item().toDouble() shouldBe (1.25 / 3 plusOrMinus 1e-6)
        MeanSquaredError().call(p, t).item().toDouble() shouldBe (1.25 / 3 plusOrMinus 1e-6)
    }

    test("rank-1 targets and predictions give one per-batch value that [batch] weights broadcast against (Keras 3)") {
        val t = Tensor.vector(1f, 2f, 3f)
        val p = Tensor.vector(1.5f, 2f, 2f)
        val l = MeanSquaredError().perSample(t, p)
        l.shape() shouldBe Shape.scalar()
        MeanSquaredError().call(t, p, Tensor.vector(1f, 2f, 3f)).item().toDouble() shouldBe (l.item() * 6.0 / 3 plusOrMinus 1e-6)
    }

    test("sum_over_batch_size divides by the number of per-sample values, never by the sum of weights") {
        val one = MeanSquaredError().call(yTrue, yPred, Tensor.vector(1f, 3f)).item().toDouble()
        val two = MeanSquaredError().call(yTrue, yPred, Tensor.vector(2f, 6f)).item().toDouble()
        two shouldBe (2 * one plusOrMinus 1e-7)
        val perSample = MeanSquaredError().perSample(yTrue, yPred)
        one shouldBe ((perSample.get(0) + 3 * perSample.get(1)) / 2.0 plusOrMinus 1e-7)
        // A scalar weight and a (batch, 1) weight broadcast too.
        MeanSquaredError().call(yTrue, yPred, Tensor.scalar(2f)).item().toDouble() shouldBe
            (2 * MeanSquaredError().call(yTrue, yPred).item().toDouble() plusOrMinus 1e-7)
        MeanSquaredError().call(yTrue, yPred, Tensor.of(floatArrayOf(1f, 3f), 2, 1)).item().toDouble() shouldBe (one plusOrMinus 1e-7)
    }

    test("ignore_class zeroes those samples and sum_over_batch_size averages over the valid ones") {
        val logits = Tensor.of(floatArrayOf(2f, 0f, -1f, 0.5f, 0.5f, 1f, -2f, 3f, 0f), 3, 3)
        val plain = SparseCategoricalCrossentropy().fromLogits(true).reduction(Reduction.NONE)
        val all = plain.call(Tensor.vector(0f, 2f, 1f), logits)
        val masked = SparseCategoricalCrossentropy().fromLogits(true).ignoreClass(-1)
        masked.perSample(Tensor.vector(0f, -1f, 1f), logits).get(1) shouldBe 0f
        masked.call(Tensor.vector(0f, -1f, 1f), logits).item().toDouble() shouldBe
            ((all.get(0) + all.get(2)) / 2.0 plusOrMinus 1e-6)
        masked.reduction(Reduction.SUM).call(Tensor.vector(0f, -1f, 1f), logits).item().toDouble() shouldBe
            ((all.get(0) + all.get(2)).toDouble() plusOrMinus 1e-6)
    }

    test("a user loss subclass reduces as Keras: training.json's weighted batch losses and sample weights") {
        val case = Fixtures.load("training.json")["epoch_loss_running_mean"] as Map<String, Any?>
        val perSample = Fixtures.tensor(case["per_sample_loss"])
        val weights = Fixtures.tensor(case["sample_weight"])
        val bounds = (case["batch_bounds"] as List<List<Number>>).map { it[0].toInt() to it[1].toInt() }
        val expected = (case["batch_losses_weighted"] as List<Number>).map { it.toDouble() }
        val unweighted = (case["batch_losses"] as List<Number>).map { it.toDouble() }
        val identity = object : Loss("identity") {
            override fun perSample(yTrue: Tensor, yPred: Tensor): Tensor = ReduceOps.mean(yPred, false, -1)
        }
        bounds.forEachIndexed { b, (lo, hi) ->
            val values = perSample.slice(lo, hi).reshape(hi - lo, 1)
            identity.call(values, values, weights.slice(lo, hi)).item().toDouble() shouldBe (expected[b] plusOrMinus 1e-6)
            identity.call(values, values).item().toDouble() shouldBe (unweighted[b] plusOrMinus 1e-6)
        }
    }

    test("config round-trip through JSON for every loss, with non-default options") {
        val losses = listOf(
            MeanSquaredError().reduction(Reduction.SUM).name("my_mse"), MeanAbsoluteError(), MeanAbsolutePercentageError(),
            MeanSquaredLogarithmicError(), Huber(0.7), LogCosh().reduction(Reduction.NONE),
            BinaryCrossentropy().fromLogits(true).labelSmoothing(0.1), CategoricalCrossentropy().labelSmoothing(0.2),
            SparseCategoricalCrossentropy().fromLogits(true).ignoreClass(255), KLDivergence(), CosineSimilarity(0),
            Hinge(), SquaredHinge(), CategoricalHinge(), Poisson(),
        )
        losses.size shouldBe 15
        for (loss in losses) {
            val text = Json.write(Losses.serialize(loss))
            val back = Losses.deserialize(Json.parse(text) as Map<String, Any?>)
            back.javaClass shouldBe loss.javaClass
            Json.write(Losses.serialize(back)) shouldBe text
            back.name() shouldBe loss.name()
            back.reduction() shouldBe loss.reduction()
        }
        val s = Losses.serialize(BinaryCrossentropy().fromLogits(true).labelSmoothing(0.1))
        s["class_name"] shouldBe "BinaryCrossentropy"
        s["module"] shouldBe "keras.losses"
        (s["config"] as Map<String, Any?>) shouldBe mapOf(
            "name" to "binary_crossentropy", "reduction" to "sum_over_batch_size", "from_logits" to true,
            "label_smoothing" to 0.1, "axis" to -1L,
        )
        val huber = Losses.deserialize(mapOf("class_name" to "Huber", "config" to mapOf("delta" to 2.5))) as Huber
        huber.delta() shouldBe 2.5
        val sparse = Losses.deserialize(mapOf("class_name" to "SparseCategoricalCrossentropy",
            "config" to mapOf("from_logits" to true, "ignore_class" to 255L, "reduction" to "sum"))) as SparseCategoricalCrossentropy
        sparse.fromLogits() shouldBe true
        sparse.ignoreClass() shouldBe 255
        sparse.reduction() shouldBe Reduction.SUM
        shouldThrow<IllegalArgumentException> { Losses.deserialize(mapOf("class_name" to "Nope", "config" to null)) }
            .message shouldContain "MeanSquaredError"
    }

    test("registered user losses deserialize") {
        class Scaled(val k: Double) : Loss("scaled") {
            override fun perSample(yTrue: Tensor, yPred: Tensor): Tensor =
                dev.lamina.tensor.Ops.multiply(MeanSquaredError().perSample(yTrue, yPred), k.toFloat())
            override fun getConfig(): MutableMap<String, Any?> = super.getConfig().also { it["k"] = k }
        }
        Losses.register("tests>Scaled") { c -> Scaled((c["k"] as Number).toDouble()) }
        val m = Losses.serialize(Scaled(3.0))
        m["registered_name"] shouldBe "tests>Scaled"
        val back = Losses.deserialize(Json.parse(Json.write(m)) as Map<String, Any?>)
        TensorAsserts.assertClose(Scaled(3.0).call(yTrue, yPred), back.call(yTrue, yPred), 1e-6, 1e-7)
    }
})
