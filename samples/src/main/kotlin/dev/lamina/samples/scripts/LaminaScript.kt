package dev.lamina.samples.scripts

import dev.lamina.samples.SampleArgs
import java.nio.file.Path
import kotlin.script.experimental.annotations.KotlinScript
import kotlin.script.experimental.api.ScriptAcceptedLocation
import kotlin.script.experimental.api.ScriptCompilationConfiguration
import kotlin.script.experimental.api.acceptedLocations
import kotlin.script.experimental.api.defaultImports
import kotlin.script.experimental.api.ide
import kotlin.script.experimental.jvm.dependenciesFromCurrentContext
import kotlin.script.experimental.jvm.jvm
import kotlin.script.experimental.jvm.jvmTarget

/**
 * The definition of `*.lamina.kts` scripts: Lamina's Kotlin DSL and Java API are imported and on the classpath,
 * and `args` holds the script's command-line arguments. Nothing is resolved or downloaded at run time.
 * Like the samples' `Main`, a script may take `--epochs N` (read through [epochs]) and `--output DIR` (read
 * through [outputDir]); other arguments are the script's own.
 */
@KotlinScript(fileExtension = "lamina.kts", compilationConfiguration = LaminaScriptConfiguration::class)
abstract class LaminaScript(val args: Array<String>) {
    private val sampleArgs: SampleArgs by lazy { parseSampleArgs(args) }

    /** `--epochs N` when given (a quick run), else [seedEpochs], the seed's count. */
    fun epochs(seedEpochs: Int): Int = sampleArgs.epochs(seedEpochs)

    /** `<DIR>/<name>` for `--output DIR` (default `./lamina-output`), created if missing. */
    fun outputDir(name: String): Path = sampleArgs.dir(name)
}

/** The `--epochs N` and `--output DIR` options among a script's arguments; anything else is left to the script. */
internal fun parseSampleArgs(args: Array<String>): SampleArgs {
    var result = SampleArgs.defaults()
    var i = 0
    while (i < args.size) {
        val option = args[i]
        if (option == "--epochs" || option == "--output") {
            val value = args.getOrNull(i + 1) ?: throw IllegalArgumentException("LaminaScript: expected a value after $option, received none")
            result = if (option == "--output") {
                result.withOutputDir(Path.of(value))
            } else {
                result.withEpochs(value.toIntOrNull() ?: throw IllegalArgumentException("LaminaScript: expected an integer after --epochs, received '$value'"))
            }
            i++
        }
        i++
    }
    return result
}

/** Imports and classpath for Lamina scripts. */
object LaminaScriptConfiguration : ScriptCompilationConfiguration({
    defaultImports(
        "dev.lamina.Lamina",
        "dev.lamina.kotlin.*",
        "dev.lamina.tensor.Tensor",
        "dev.lamina.tensor.Shape",
        "dev.lamina.training.Callback",
        "dev.lamina.training.History",
        "kotlinx.coroutines.runBlocking",
    )
    jvm {
        dependenciesFromCurrentContext(wholeClasspath = true)
        // The DSL's inline builders (functional { }, sequential { }) are JVM 17 bytecode; the default 1.8 cannot inline them.
        jvmTarget("17")
    }
    ide {
        acceptedLocations(ScriptAcceptedLocation.Everywhere)
    }
}) {
    private fun readResolve(): Any = LaminaScriptConfiguration
}
