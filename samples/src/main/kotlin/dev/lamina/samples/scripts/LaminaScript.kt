package dev.lamina.samples.scripts

import kotlin.script.experimental.annotations.KotlinScript
import kotlin.script.experimental.api.ScriptAcceptedLocation
import kotlin.script.experimental.api.ScriptCompilationConfiguration
import kotlin.script.experimental.api.acceptedLocations
import kotlin.script.experimental.api.compilerOptions
import kotlin.script.experimental.api.defaultImports
import kotlin.script.experimental.api.ide
import kotlin.script.experimental.jvm.dependenciesFromCurrentContext
import kotlin.script.experimental.jvm.jvm

/**
 * The definition of `*.lamina.kts` scripts: Lamina's Kotlin DSL and Java API are imported and on the classpath,
 * and `args` holds the script's command-line arguments. Nothing is resolved or downloaded at run time.
 */
@KotlinScript(fileExtension = "lamina.kts", compilationConfiguration = LaminaScriptConfiguration::class)
abstract class LaminaScript(val args: Array<String>)

/** Imports and classpath for Lamina scripts. */
object LaminaScriptConfiguration : ScriptCompilationConfiguration({
    defaultImports(
        "dev.lamina.Lamina",
        "dev.lamina.kotlin.*",
        "dev.lamina.tensor.Tensor",
        "dev.lamina.tensor.Shape",
        "dev.lamina.training.History",
        "kotlinx.coroutines.runBlocking",
    )
    jvm {
        dependenciesFromCurrentContext(wholeClasspath = true)
    }
    // The DSL's inline builders (functional { }, sequential { }) are compiled for Java 17; scripts must match.
    compilerOptions("-jvm-target", "17")
    ide {
        acceptedLocations(ScriptAcceptedLocation.Everywhere)
    }
}) {
    private fun readResolve(): Any = LaminaScriptConfiguration
}
