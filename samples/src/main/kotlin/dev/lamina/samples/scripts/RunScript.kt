@file:JvmName("RunScript")

package dev.lamina.samples.scripts

import java.io.File
import kotlin.script.experimental.api.ResultValue
import kotlin.script.experimental.api.ResultWithDiagnostics
import kotlin.script.experimental.api.ScriptDiagnostic
import kotlin.script.experimental.api.ScriptEvaluationConfiguration
import kotlin.script.experimental.api.constructorArgs
import kotlin.script.experimental.host.toScriptSource
import kotlin.script.experimental.jvmhost.BasicJvmScriptingHost
import kotlin.script.experimental.jvmhost.createJvmCompilationConfigurationFromTemplate
import kotlin.system.exitProcess

/**
 * Runs a Lamina Kotlin script: `RunScript path/to/experiment1.lamina.kts [args...]`. Compiler errors are printed
 * with their locations and the exit code is 1; an exception thrown by the script prints its stack trace and
 * also exits with 1; a usage error exits with 2.
 */
fun main(args: Array<String>) {
    exitProcess(runScript(splitSingleArgument(args), System.out::println, System.err::println))
}

/**
 * Maven's `-Dlamina.args="samples/scripts/experiment1.lamina.kts --epochs 1"` arrives as one argument: split it
 * on whitespace, unless it names an existing file (a script path with spaces in it).
 */
internal fun splitSingleArgument(args: Array<String>): Array<String> =
    if (args.size == 1 && !File(args[0]).isFile) args[0].trim().split(Regex("\\s+")).filter { it.isNotEmpty() }.toTypedArray() else args

/** Compiles and runs the script named by `args[0]`; returns the process exit code. */
fun runScript(args: Array<String>, out: (String) -> Unit, err: (String) -> Unit): Int {
    if (args.isEmpty()) {
        err("usage: RunScript <script.lamina.kts> [args...]")
        return 2
    }
    val file = File(args[0])
    if (!file.isFile) {
        err("RunScript: no script file at ${file.absolutePath}")
        return 2
    }
    val compilation = createJvmCompilationConfigurationFromTemplate<LaminaScript>()
    val evaluation = ScriptEvaluationConfiguration { constructorArgs(args.drop(1).toTypedArray()) }
    val result = BasicJvmScriptingHost().eval(file.toScriptSource(), compilation, evaluation)
    var failed = false
    for (report in result.reports) {
        if (report.severity >= ScriptDiagnostic.Severity.ERROR) {
            failed = true
            err(report.render(withSeverity = true, withLocation = true, withException = true, withStackTrace = false))
        } else if (report.severity == ScriptDiagnostic.Severity.WARNING) {
            err(report.render(withSeverity = true, withLocation = true))
        }
    }
    val returned = (result as? ResultWithDiagnostics.Success)?.value?.returnValue
    if (returned is ResultValue.Error) {
        err("RunScript: ${file.name} failed: ${returned.error}")
        returned.error.stackTrace.take(12).forEach { err("    at $it") }
        return 1
    }
    return if (failed || result !is ResultWithDiagnostics.Success) 1 else 0
}
