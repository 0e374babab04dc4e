package dev.lamina.kotlin

import dev.lamina.kotlin.DslTesting.assertIdentical
import dev.lamina.kotlin.DslTesting.run
import dev.lamina.kotlin.DslTesting.seeded
import dev.lamina.kotlin.losses.categoricalCrossentropy
import dev.lamina.kotlin.losses.meanSquaredError
import dev.lamina.kotlin.metrics.categoricalAccuracy
import dev.lamina.kotlin.metrics.meanAbsoluteError
import dev.lamina.kotlin.metrics.meanAbsolutePercentageError
import dev.lamina.layers.Concatenate
import dev.lamina.layers.Conv1D
import dev.lamina.layers.Conv2D
import dev.lamina.layers.Dense
import dev.lamina.layers.GlobalMaxPooling1D
import dev.lamina.layers.GlobalMaxPooling2D
import dev.lamina.layers.Input
import dev.lamina.losses.CategoricalCrossentropy
import dev.lamina.losses.MeanSquaredError
import dev.lamina.metrics.CategoricalAccuracy
import dev.lamina.metrics.MeanAbsoluteError
import dev.lamina.metrics.MeanAbsolutePercentageError
import dev.lamina.models.Model
import dev.lamina.optimizers.RMSprop
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.training.CompileOptions
import dev.lamina.training.FitOptions
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/**
 * The seed's Experiment 6 (two inputs, two outputs) in the DSL, with every compile form of the seed (lists, maps,
 * metrics, loss weights, a missing loss) and both fit forms (lists and maps), bit-identical to the Java API.
 */
class MultiIoExperimentDslSpec : FunSpec({
    val n = 64
    val img = Tensor.uniform(Shape.of(n, 32, 32, 3), 0f, 1f, 11)
    val ts = Tensor.uniform(Shape.of(n, 20, 10), 0f, 1f, 12)
    val score = Tensor.uniform(Shape.of(n, 1), 0f, 1f, 13)
    val cls = Tensor.uniform(Shape.of(n, 5), 0f, 1f, 14)

    fun javaModel(): Model {
        val imageInput = Input.of("img_input", 32, 32, 3)
        val timeseriesInput = Input.of("ts_input", 20, 10)
        val x1 = GlobalMaxPooling2D().apply(Conv2D(3, 3).apply(imageInput))
        val x2 = GlobalMaxPooling1D().apply(Conv1D(3, 3).apply(timeseriesInput))
        val x = Concatenate.concatenate(x1, x2)
        val scoreOutput = Dense(1).name("score_output").apply(x)
        val classOutput = Dense(5).name("class_output").apply(x)
        return Model.of(listOf(imageInput, timeseriesInput), listOf(scoreOutput, classOutput))
    }

    fun dslModel(): Model = functional {
        val imageInput = input(32, 32, 3, name = "img_input")
        val timeseriesInput = input(20, 10, name = "ts_input")
        val x1 = globalMaxPooling2D()(conv2D(3, 3)(imageInput))
        val x2 = globalMaxPooling1D()(conv1D(3, 3)(timeseriesInput))
        val x = concatenate(listOf(x1, x2))
        outputs(dense(1, name = "score_output")(x), dense(5, name = "class_output")(x))
    }

    // Each case: how Java compiles, how the DSL compiles (the seed's forms, in order).
    val compiles: List<Pair<(Model) -> Unit, (Model) -> Unit>> = listOf(
        { m: Model -> m.compile(RMSprop(1e-3), listOf(MeanSquaredError(), CategoricalCrossentropy().fromLogits(true))) } to
            { m: Model ->
                m.compile(optimizer = rmsprop(1e-3), loss = listOf(meanSquaredError(), categoricalCrossentropy(fromLogits = true)))
            },
        { m: Model ->
            m.compile(CompileOptions.of(RMSprop(1e-3), listOf(MeanSquaredError(), CategoricalCrossentropy().fromLogits(true)))
                .metrics(listOf(listOf(MeanAbsolutePercentageError(), MeanAbsoluteError()), listOf(CategoricalAccuracy()))))
        } to { m: Model ->
            m.compile(
                optimizer = rmsprop(1e-3),
                loss = listOf(meanSquaredError(), categoricalCrossentropy(fromLogits = true)),
                metrics = listOf(listOf(meanAbsolutePercentageError(), meanAbsoluteError()), listOf(categoricalAccuracy())),
            )
        },
        { m: Model ->
            m.compile(CompileOptions.of(RMSprop(1e-3), mapOf("score_output" to MeanSquaredError(), "class_output" to CategoricalCrossentropy().fromLogits(true)))
                .metrics(mapOf("score_output" to listOf(MeanAbsolutePercentageError(), MeanAbsoluteError()), "class_output" to listOf(CategoricalAccuracy())))
                .lossWeights(mapOf("score_output" to 2.0, "class_output" to 1.0)))
        } to { m: Model ->
            m.compile(
                optimizer = rmsprop(1e-3),
                loss = mapOf("score_output" to meanSquaredError(), "class_output" to categoricalCrossentropy(fromLogits = true)),
                metrics = mapOf(
                    "score_output" to listOf(meanAbsolutePercentageError(), meanAbsoluteError()),
                    "class_output" to listOf(categoricalAccuracy()),
                ),
                lossWeights = mapOf("score_output" to 2.0, "class_output" to 1.0),
            )
        },
        { m: Model -> m.compile(RMSprop(1e-3), listOf(null, CategoricalCrossentropy().fromLogits(true))) } to
            { m: Model -> m.compile(optimizer = rmsprop(1e-3), loss = listOf(null, categoricalCrossentropy(fromLogits = true))) },
        { m: Model -> m.compile(RMSprop(1e-3), mapOf("class_output" to CategoricalCrossentropy().fromLogits(true))) } to
            { m: Model -> m.compile(optimizer = rmsprop(1e-3), loss = mapOf("class_output" to categoricalCrossentropy(fromLogits = true))) },
    )

    compiles.forEachIndexed { i, (javaCompile, dslCompile) ->
        for (form in listOf("lists", "maps")) {
            test("Experiment 6, compile form ${i + 1}, fit on $form") {
                val xs = if (form == "lists") data(img, ts) else data("img_input" to img, "ts_input" to ts)
                val ys = if (form == "lists") data(score, cls) else data("score_output" to score, "class_output" to cls)
                val java = seeded(20L + i) {
                    val m = javaModel()
                    javaCompile(m)
                    val h = m.fit(xs, ys, FitOptions.defaults().batchSize(32).epochs(2).verbose(0))
                    run(m, h, extra = m.predictAll(xs, 32))
                }
                val dsl = seeded(20L + i) {
                    val m = dslModel()
                    dslCompile(m)
                    val h = m.fit(xs, ys, batchSize = 32, epochs = 2, verbose = 0)
                    run(m, h, extra = m.predictAll(xs, batchSize = 32))
                }
                assertIdentical(java, dsl)
                dsl.extra.map { (it as Tensor).shape().toArray().toList() } shouldBe listOf(listOf(n, 1), listOf(n, 5))
            }
        }
    }

    test("Experiment 6: the loss weights and per-output metrics reach the compiled model") {
        val m = dslModel()
        m.compile(
            optimizer = rmsprop(1e-3),
            loss = mapOf("score_output" to meanSquaredError(), "class_output" to categoricalCrossentropy(fromLogits = true)),
            metrics = mapOf("score_output" to listOf(meanAbsoluteError()), "class_output" to listOf(categoricalAccuracy())),
            lossWeights = mapOf("score_output" to 2.0, "class_output" to 1.0),
        )
        m.compiled().lossWeight(0) shouldBe 2.0
        m.compiled().lossWeight(1) shouldBe 1.0
        val h = m.fit(data("img_input" to img, "ts_input" to ts), data("score_output" to score, "class_output" to cls), epochs = 1, verbose = 0)
        h.history().keys.toList() shouldBe listOf(
            "loss", "score_output_loss", "class_output_loss", "score_output_mean_absolute_error", "class_output_categorical_accuracy", "learning_rate",
        )
    }
})
