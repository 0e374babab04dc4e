package dev.lamina.samples.kotlin

import dev.lamina.samples.Experiment1
import dev.lamina.samples.Experiment6
import dev.lamina.samples.SampleArgs
import dev.lamina.samples.captured
import dev.lamina.training.History
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Path

/** One sample run: its histories, what it printed (normalized, see [run]) and its output directory. */
private class Run(val histories: List<History>, val printed: String, val out: Path)

/**
 * Runs [sample] with the seed's epoch counts in a fresh output directory. The printed text drops what may differ
 * between twins: the banner, the timings of the progress lines and the output directory.
 */
private fun run(sample: (SampleArgs) -> List<History>): Run {
    val out = Files.createTempDirectory("lamina-twin")
    lateinit var histories: List<History>
    val printed = captured { histories = sample(SampleArgs.defaults().withOutputDir(out)) }
    val normalized = printed
        .replace(Regex("^\\s*=+\\n[^\\n]*\\n=+\\n"), "")
        .replace(Regex(" - \\d+s \\d+(us|ms|s)/sample"), " - Ts T/sample")
        .replace(out.toString(), "OUT")
        .replace("experiment6-kt", "experiment6")
    return Run(histories, normalized, out)
}

/**
 * The Kotlin DSL samples are the Java samples' twins: with the same seed and data they train to the same
 * History values, bit for bit, and print the same lines.
 */
class JavaKotlinTwinsSpec : FunSpec({
    test("Experiment 1: Experiment1Kt and Experiment1 give identical histories and output") {
        val java = run(Experiment1::run)
        val kotlin = run(Experiment1Kt::run)
        java.histories shouldHaveSize 2
        java.histories[0].get("loss") shouldHaveSize 5
        kotlin.histories.map { it.history() } shouldBe java.histories.map { it.history() }
        kotlin.printed shouldBe java.printed
    }

    test("Experiment 6: Experiment6Kt and Experiment6 give identical histories, output and model plot") {
        val java = run(Experiment6::run)
        val kotlin = run(Experiment6Kt::run)
        java.histories shouldHaveSize 4
        java.histories[1].get("loss") shouldHaveSize 3
        kotlin.histories.map { it.history() } shouldBe java.histories.map { it.history() }
        kotlin.printed shouldBe java.printed
        val plot = Files.readAllBytes(java.out.resolve("experiment6/multi_input_and_output_model.png"))
        (plot.size > 1000) shouldBe true
        Files.readAllBytes(kotlin.out.resolve("experiment6-kt/multi_input_and_output_model.png")).toList() shouldBe plot.toList()
    }
})
