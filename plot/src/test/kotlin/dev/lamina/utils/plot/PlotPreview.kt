package dev.lamina.utils.plot

import java.nio.file.Path

/**
 * Writes preview images of the fixtures for a person to look at (not a test):
 * java -cp <plot classes + test classes + kotlin-stdlib> dev.lamina.utils.plot.PlotPreviewKt /tmp
 */
fun main(args: Array<String>) {
    val dir = Path.of(args.firstOrNull() ?: "/tmp")
    val dpi = args.getOrNull(1)?.toInt() ?: 96
    GraphRenderer.writePng(PlotFixtures.experiment6(), dir.resolve("plot-exp6.png"), "TB", dpi)
    GraphRenderer.writePng(PlotFixtures.mlp(), dir.resolve("plot-mlp.png"), "TB", dpi)
    GraphRenderer.writePng(PlotFixtures.experiment6(), dir.resolve("plot-exp6-lr.png"), "LR", dpi)
    GraphRenderer.writePng(PlotFixtures.residual(), dir.resolve("plot-residual.png"), "TB", dpi)
    GraphRenderer.writePng(PlotFixtures.inception(), dir.resolve("plot-inception.png"), "TB", dpi)
    GraphRenderer.writePng(PlotFixtures.residual(), dir.resolve("plot-residual-lr.png"), "LR", dpi)
    GraphRenderer.writePng(PlotFixtures.randomDag(7, 14, 0.2), dir.resolve("plot-random.png"), "TB", dpi)
    GraphRenderer.writeSvg(PlotFixtures.experiment6(), dir.resolve("plot-exp6.svg"), "TB")
}
