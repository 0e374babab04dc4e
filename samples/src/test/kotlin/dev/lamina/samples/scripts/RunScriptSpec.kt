package dev.lamina.samples.scripts

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files

class RunScriptSpec : FunSpec({
    fun run(script: String, vararg args: String): Triple<Int, String, String> {
        val file = Files.createTempFile("test", ".lamina.kts")
        Files.writeString(file, script)
        val out = StringBuilder()
        val err = StringBuilder()
        val code = runScript(arrayOf(file.toString(), *args), { out.appendLine(it) }, { err.appendLine(it) })
        return Triple(code, out.toString(), err.toString())
    }

    test("a script sees Lamina's API and its arguments and exits 0") {
        val (code, _, err) = run("""
            val t = Tensor.uniform(Shape.of(2, 3), 0f, 1f, 0)
            check(t.shape() == Shape.of(2, 3))
            check(args.toList() == listOf("a", "b"))
        """.trimIndent(), "a", "b")
        err shouldBe ""
        code shouldBe 0
    }

    test("a script that fails to compile prints the compiler's message with its location and exits 1") {
        val (code, _, err) = run("val n: Int = \"not a number\"\n")
        code shouldBe 1
        err shouldContain "ERROR"
        err shouldContain "lamina.kts:1:12"
        err shouldContain "type mismatch"
    }

    test("an exception thrown by a script is reported and exits 1") {
        val (code, _, err) = run("error(\"boom\")\n")
        code shouldBe 1
        err shouldContain "boom"
    }

    test("a missing file is a usage error") {
        runScript(arrayOf("/nonexistent/x.lamina.kts"), {}, {}) shouldBe 2
        runScript(arrayOf(), {}, {}) shouldBe 2
    }
})
