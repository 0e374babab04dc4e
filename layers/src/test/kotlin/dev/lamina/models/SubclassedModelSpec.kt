package dev.lamina.models

import dev.lamina.Lamina
import dev.lamina.layers.Dense
import dev.lamina.layers.Input
import dev.lamina.layers.Layer
import dev.lamina.losses.SparseCategoricalCrossentropy
import dev.lamina.optimizers.Adam
import dev.lamina.regularizers.Regularizer
import dev.lamina.tensor.GradientTape
import dev.lamina.tensor.NoGrad
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import dev.lamina.training.Batch
import dev.lamina.training.Callback
import dev.lamina.training.CompileOptions
import dev.lamina.training.Data
import dev.lamina.training.FitOptions
import dev.lamina.training.Logs
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.engine.spec.tempdir
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

/** The seed's Experiment 1 MLP (32 -> 64 relu -> 64 relu -> 10 logits) as a subclassed model. */
class Mlp : Model("mlp") {
    val dense1: Dense = Dense(64).activation("relu")
    val dense2: Dense = Dense(64).activation("relu")
    val logits: Dense = Dense(10)

    override fun call(input: Tensor, training: Boolean): Tensor = logits.apply(dense2.apply(dense1.apply(input, training), training), training)
}

/** A composite layer: its parts in a field, a list, a map and an array, one of them twice. */
class Composite : Layer("composite") {
    val first: Dense = Dense(3).kernelRegularizer(Regularizer.l2(0.01))
    val stack: List<Layer> = listOf(Dense(3), Dense(3))
    val byName: Map<String, Layer> = mapOf("again" to first, "last" to Dense(2))
    val array: Array<Dense> = arrayOf(Dense(2))

    override fun call(input: Tensor, training: Boolean): Tensor {
        var x = first.apply(input, training)
        for (l in stack) x = l.apply(x, training)
        return array[0].apply(byName.getValue("last").apply(x, training), training)
    }
}

/** A subclassed model holding a composite layer, a functional model and another subclassed model. */
class Nested(private val inner: Model) : Model("nested") {
    val composite = Composite()
    val mlp = Mlp()

    override fun call(input: Tensor, training: Boolean): Tensor = mlp.apply(composite.apply(inner.apply(input, training), training), training)
}

/** Two outputs, through callAll. */
class TwoHeads : Model("two_heads") {
    val trunk = Dense(8).activation("relu")
    val score = Dense(1)
    val classes = Dense(3)

    override fun callAll(inputs: List<Tensor>, training: Boolean): List<Tensor> {
        val h = trunk.apply(inputs[0], training)
        return listOf(score.apply(h, training), classes.apply(h, training))
    }
}

/** Holds its parent: not a tree. */
class Loop : Layer("loop") {
    var parent: Layer? = null
    val child = Dense(2)
}

class SubclassedModelSpec : FunSpec({
    val x = Tensor.uniform(Shape.of(200, 32), -1f, 1f, 3)
    val y = Tensor.randint(Shape.of(200), 10, 4)
    fun quiet() = FitOptions.defaults().batchSize(32).verbose(0)

    fun functionalMlp(): Model {
        val inputs = Input.of(32)
        var h = Dense(64).activation("relu").apply(inputs)
        h = Dense(64).activation("relu").apply(h)
        return Model.of(inputs, Dense(10).apply(h))
    }

    fun compile(m: Model) = m.compile(Adam(0.001), SparseCategoricalCrossentropy().fromLogits(true), "accuracy")

    fun bitsEqual(a: List<Tensor>, b: List<Tensor>) = a.size == b.size && a.zip(b).all { (p, q) -> p.valueEquals(q) }

    test("a subclassed Experiment-1 MLP and its functional twin, from the same weights, give bit-identical History and weights") {
        Lamina.clearSession()
        Lamina.setRandomSeed(0)
        val functional = functionalMlp()
        val subclassed = Mlp()
        subclassed.buildFromData(listOf(x.shape()))
        subclassed.setWeights(functional.getWeights())
        compile(functional)
        compile(subclassed)
        Lamina.setRandomSeed(9)
        val hf = functional.fit(x, y, FitOptions.defaults().batchSize(32).epochs(3).validationSplit(0.2).verbose(0))
        val hf2 = functional.fit(x, y, quiet().epochs(1))
        Lamina.setRandomSeed(9)
        val hs = subclassed.fit(x, y, FitOptions.defaults().batchSize(32).epochs(3).validationSplit(0.2).verbose(0))
        val hs2 = subclassed.fit(x, y, quiet().epochs(1))
        hs.history() shouldBe hf.history()
        hs2.history() shouldBe hf2.history()
        hs.history().keys.toList() shouldBe listOf("loss", "accuracy", "val_loss", "val_accuracy", "learning_rate")
        bitsEqual(subclassed.getWeights(), functional.getWeights()) shouldBe true
        subclassed.evaluate(x, y, 50) shouldBe functional.evaluate(x, y, 50)
    }

    test("weights of fields, lists, maps, arrays, nested models and composite layers are found once each, in field order") {
        Lamina.clearSession()
        Lamina.setRandomSeed(1)
        val inner = functionalMlp()
        val m = Nested(inner)
        m.weights() shouldBe inner.weights()                // the parts build at the first call; the functional model is built
        m.buildFromData(listOf(Shape.of(5, 32)))
        m.layers() shouldBe listOf(inner, m.composite, m.mlp)      // field order; `inner` is a private constructor property
        val composite = m.composite
        composite.trackedLayers().size shouldBe 5           // first, two in the list, the map's last (first again is the same), the array's
        composite.weights().size shouldBe 10
        composite.countParams() shouldBe (10 * 3 + 3) + 2 * (3 * 3 + 3) + (3 * 2 + 2) + (2 * 2 + 2)
        val expected = inner.weights() + composite.weights() + m.mlp.weights()
        m.weights() shouldBe expected
        m.countParams() shouldBe inner.countParams() + composite.countParams() + m.mlp.countParams()
        m.regularizationLosses().size shouldBe 1            // the composite's first Dense, found through two levels
        composite.setTrainable(false)
        m.trainableWeights() shouldBe inner.weights() + m.mlp.weights()
        composite.first.isTrainable() shouldBe false
    }

    test("a subclassed model builds at its first fit, names its outputs output_1.., and summary() prints multiple") {
        Lamina.clearSession()
        Lamina.setRandomSeed(0)
        val m = Mlp()
        compile(m)                                          // before the build: resolved when the model builds
        m.isCompiled() shouldBe true
        m.isGraphBuilt() shouldBe false
        shouldThrow<IllegalStateException> { m.outputNames() }.message shouldContain "is not built yet"
        m.fit(x, y, quiet().epochs(1))
        m.isGraphBuilt() shouldBe true
        m.outputNames() shouldBe listOf("output_1")
        m.inputNames() shouldBe listOf("input_1")
        m.outputShapes() shouldBe listOf(Shape.of(-1, 10))
        val summary = m.summaryString()
        summary shouldContain "dense (Dense)                multiple                  2112"
        summary shouldContain "Total params: 6,922"
        Mlp().predict(x).shape() shouldBe Shape.of(200, 10)        // predict builds too
        shouldThrow<IllegalArgumentException> { m.fit(Tensor.zeros(Shape.of(4, 31)), y.slice(0, 4), quiet()) }.message shouldContain "expected last dimension 32"
    }

    test("several outputs: losses by position, per-output logs named output_1, output_2") {
        Lamina.clearSession()
        Lamina.setRandomSeed(0)
        val m = TwoHeads()
        m.compile(CompileOptions.of(Adam(0.01), listOf("mse", SparseCategoricalCrossentropy().fromLogits(true))))
        val score = Tensor.uniform(Shape.of(200, 1), 0f, 1f, 5)
        val classes = Tensor.randint(Shape.of(200), 3, 6)
        val h = m.fit(Data.of(x), Data.of(score, classes), quiet().epochs(1))
        h.history().keys.toList() shouldBe listOf("loss", "output_1_loss", "output_2_loss", "learning_rate")
        m.predictAll(Data.of(x), 64).map { it.shape() } shouldBe listOf(Shape.of(200, 1), Shape.of(200, 3))
    }

    test("saveWeights and loadWeights round-trip into a fresh instance; save needs a registered class") {
        val dir = tempdir()
        Lamina.clearSession()
        Lamina.setRandomSeed(0)
        val m = Mlp()
        compile(m)
        m.fit(x, y, quiet().epochs(1))
        m.saveWeights(dir.toPath().resolve("w.safetensors"))
        val fresh = Mlp()
        fresh.buildFromData(listOf(x.shape()))
        fresh.loadWeights(dir.toPath().resolve("w.safetensors"))
        fresh.predict(x).valueEquals(m.predict(x)) shouldBe true

        shouldThrow<IllegalArgumentException> { m.save(dir.toPath().resolve("m.lamina")) }.message shouldContain
            "Mlp 'mlp' is a subclassed model whose class is not registered"
        LayerRegistry.register("tests>Mlp") { config -> Mlp().name(config["name"] as String) }
        try {
            m.save(dir.toPath().resolve("m.lamina"))
            val loaded = Model.load(dir.toPath().resolve("m.lamina"))
            (loaded is Mlp) shouldBe true
            loaded.predict(x).valueEquals(m.predict(x)) shouldBe true
            loaded.getOptimizer().iterations() shouldBe m.getOptimizer().iterations()
            loaded.fit(x, y, quiet().epochs(1).shuffle(false)).history() shouldBe m.fit(x, y, quiet().epochs(1).shuffle(false)).history()
        } finally {
            LayerRegistry.unregister("tests>Mlp")
        }
    }

    test("an overridden trainStep trains through fit with callbacks, History and validation by the default testStep") {
        Lamina.clearSession()
        Lamina.setRandomSeed(0)
        var steps = 0
        val m = object : Model("halved") {
            val d = Dense(10)
            override fun call(input: Tensor, training: Boolean): Tensor = d.apply(input, training)
            override fun trainStep(batch: Batch): Logs {
                steps++
                val logs = super.trainStep(batch)
                return logs.with("steps", steps.toDouble())
            }
        }
        compile(m)
        val seen = mutableListOf<Logs>()
        val probe = object : Callback() {
            override fun onTrainBatchEnd(batch: Int, logs: Logs) { seen += logs }
        }
        val h = m.fit(x, y, quiet().epochs(2).validationSplit(0.2).callbacks(probe))
        steps shouldBe 10
        seen.map { it.get("steps") } shouldBe (1..10).map { it.toDouble() }
        h.get("steps") shouldBe listOf(5.0, 10.0)
        h.history().keys.toList() shouldBe listOf("loss", "accuracy", "steps", "val_loss", "val_accuracy", "learning_rate")
    }

    test("a GradientTape loop reproduces fit's weights for one epoch of the seed MLP (same order, no shuffle)") {
        Lamina.clearSession()
        Lamina.setRandomSeed(0)
        val a = functionalMlp()
        val b = functionalMlp()
        b.setWeights(a.getWeights())
        a.compile(Adam(0.001), SparseCategoricalCrossentropy().fromLogits(true))
        a.fit(x, y, quiet().epochs(1).shuffle(false))
        val loss = SparseCategoricalCrossentropy().fromLogits(true)
        val optimizer = Adam(0.001)
        for (start in 0 until 200 step 32) {
            val end = minOf(200, start + 32)
            val vars = b.trainableWeights()
            GradientTape().use { tape ->
                val l = loss.call(y.slice(start, end), b.forwardAll(listOf(x.slice(start, end)), true)[0], null)
                optimizer.apply(tape.gradient(l, vars), vars)
            }
        }
        bitsEqual(b.getWeights(), a.getWeights()) shouldBe true
    }

    test("a tape gives one set of gradients, not inside NoGrad; a layer holding its parent is an error") {
        val v = dev.lamina.tensor.Variable("v", Tensor.ones(2, 2))
        val tape = GradientTape()
        val l = dev.lamina.tensor.ReduceOps.sum(dev.lamina.tensor.Ops.multiply(v.value(), v.value()))
        tape.gradient(l, listOf(v))[0].valueEquals(Tensor.full(Shape.of(2, 2), 2f)) shouldBe true
        shouldThrow<IllegalStateException> { tape.gradient(l, listOf(v)) }.message shouldContain "one set of gradients"
        NoGrad.enter().use { shouldThrow<IllegalStateException> { GradientTape() }.message shouldContain "inside a NoGrad scope" }
        val loop = Loop()
        loop.parent = object : Layer("holder") { val held = loop }
        shouldThrow<IllegalStateException> { loop.weights() }.message shouldContain "holds itself through the layers in its fields"
    }
})
