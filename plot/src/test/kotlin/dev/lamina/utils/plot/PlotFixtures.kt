package dev.lamina.utils.plot

import kotlin.random.Random

/** Graphs as tf.keras' plot_model(show_shapes=True) would describe them. */
object PlotFixtures {
    /** The seed's Experiment 6: two inputs, two branches, concatenate, two Dense heads. */
    fun experiment6(): PlotGraph = PlotGraph()
        .addNode("img_input", layer("img_input", "InputLayer", "[(None, 32, 32, 3)]", "[(None, 32, 32, 3)]"))
        .addNode("ts_input", layer("ts_input", "InputLayer", "[(None, 20, 10)]", "[(None, 20, 10)]"))
        .addNode("conv2d", layer("conv2d", "Conv2D", "(None, 32, 32, 3)", "(None, 30, 30, 3)"))
        .addNode("conv1d", layer("conv1d", "Conv1D", "(None, 20, 10)", "(None, 18, 3)"))
        .addNode("global_max_pooling2d", layer("global_max_pooling2d", "GlobalMaxPooling2D", "(None, 30, 30, 3)", "(None, 3)"))
        .addNode("global_max_pooling1d", layer("global_max_pooling1d", "GlobalMaxPooling1D", "(None, 18, 3)", "(None, 3)"))
        .addNode("concatenate", layer("concatenate", "Concatenate", "[(None, 3), (None, 3)]", "(None, 6)"))
        .addNode("score_output", layer("score_output", "Dense", "(None, 6)", "(None, 1)"))
        .addNode("class_output", layer("class_output", "Dense", "(None, 6)", "(None, 5)"))
        .addEdge("img_input", "conv2d")
        .addEdge("conv2d", "global_max_pooling2d")
        .addEdge("ts_input", "conv1d")
        .addEdge("conv1d", "global_max_pooling1d")
        .addEdge("global_max_pooling2d", "concatenate")
        .addEdge("global_max_pooling1d", "concatenate")
        .addEdge("concatenate", "score_output")
        .addEdge("concatenate", "class_output")

    /** The seed's Experiment 1 MLP: Input(32) -> Dense(64) -> Dense(64) -> Dense(10). */
    fun mlp(): PlotGraph = PlotGraph()
        .addNode("input_1", layer("input_1", "InputLayer", "[(None, 32)]", "[(None, 32)]"))
        .addNode("dense", layer("dense", "Dense", "(None, 32)", "(None, 64)"))
        .addNode("dense_1", layer("dense_1", "Dense", "(None, 64)", "(None, 64)"))
        .addNode("dense_2", layer("dense_2", "Dense", "(None, 64)", "(None, 10)"))
        .addEdge("input_1", "dense")
        .addEdge("dense", "dense_1")
        .addEdge("dense_1", "dense_2")

    /** A residual block: the skip edge spans two ranks and must route around the boxes it passes. */
    fun residual(): PlotGraph = PlotGraph()
        .addNode("input", listOf("input", "InputLayer"))
        .addNode("conv_a", listOf("conv_a", "Conv2D"))
        .addNode("conv_b", listOf("conv_b", "Conv2D"))
        .addNode("add", listOf("add", "Add"))
        .addNode("relu", listOf("relu", "ReLU"))
        .addEdge("input", "conv_a")
        .addEdge("conv_a", "conv_b")
        .addEdge("conv_b", "add")
        .addEdge("input", "add")
        .addEdge("add", "relu")

    /** An Inception-style block: four branches of different depth meet in one Concatenate. */
    fun inception(): PlotGraph {
        val g = PlotGraph().addNode("input", layer("input", "InputLayer", "[(None, 28, 28, 192)]", "[(None, 28, 28, 192)]"))
        fun conv(name: String, from: String, out: Int) =
            g.addNode(name, layer(name, "Conv2D", "(None, 28, 28, 192)", "(None, 28, 28, $out)")).addEdge(from, name)
        conv("branch1x1", "input", 64)
        conv("branch3x3_reduce", "input", 96)
        conv("branch3x3", "branch3x3_reduce", 128)
        conv("branch5x5_reduce", "input", 16)
        conv("branch5x5", "branch5x5_reduce", 32)
        g.addNode("pool", layer("pool", "MaxPooling2D", "(None, 28, 28, 192)", "(None, 28, 28, 192)")).addEdge("input", "pool")
        conv("pool_proj", "pool", 32)
        g.addNode("mixed", layer("mixed", "Concatenate", "[(None, 28, 28, 64), (None, 28, 28, 128), (None, 28, 28, 32), (None, 28, 28, 32)]", "(None, 28, 28, 256)"))
        for (b in listOf("branch1x1", "branch3x3", "branch5x5", "pool_proj")) g.addEdge(b, "mixed")
        g.addNode("gap", layer("gap", "GlobalAveragePooling2D", "(None, 28, 28, 256)", "(None, 256)")).addEdge("mixed", "gap")
        g.addNode("logits", layer("logits", "Dense", "(None, 256)", "(None, 10)")).addEdge("gap", "logits")
        return g
    }

    /** Insertion order puts c before d, which crosses a->d with b->c; swapping them removes it. */
    fun crossing(): PlotGraph = PlotGraph()
        .addNode("a", listOf("a")).addNode("b", listOf("b")).addNode("c", listOf("c")).addNode("d", listOf("d"))
        .addEdge("a", "c").addEdge("a", "d").addEdge("b", "c")

    /** A seeded random DAG (edges only from lower to higher index), with labels of varied width. */
    fun randomDag(seed: Int, nodes: Int, edgeProbability: Double): PlotGraph {
        val rng = Random(seed)
        val g = PlotGraph()
        for (i in 0 until nodes) {
            val name = "n$i" + "_".repeat(rng.nextInt(0, 12))
            val lines = if (rng.nextBoolean()) listOf(name, "Dense") else listOf(name, "Dense", "input: (None, ${rng.nextInt(1, 999)})", "output: (None, 8)")
            g.addNode("n$i", lines)
        }
        for (j in 1 until nodes) {
            var any = false
            for (i in 0 until j) if (rng.nextDouble() < edgeProbability) { g.addEdge("n$i", "n$j"); any = true }
            if (!any && rng.nextBoolean()) g.addEdge("n${rng.nextInt(0, j)}", "n$j")
        }
        return g
    }

    private fun layer(name: String, cls: String, input: String, output: String) =
        listOf(name, cls, "input: $input", "output: $output")
}
