package dev.lamina.samples.scripts

import io.kotest.assertions.throwables.shouldThrow
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

    test("--epochs and --output among a script's arguments; other arguments are ignored; bad values are errors") {
        val a = parseSampleArgs(arrayOf("x", "--epochs", "2", "--output", "/tmp/o", "y"))
        a.epochs(5) shouldBe 2
        a.outputDir().toString() shouldBe "/tmp/o"
        parseSampleArgs(arrayOf("a")).epochs(5) shouldBe 5
        shouldThrow<IllegalArgumentException> { parseSampleArgs(arrayOf("--epochs", "many")) }.message shouldBe
            "LaminaScript: expected an integer after --epochs, received 'many'"
        shouldThrow<IllegalArgumentException> { parseSampleArgs(arrayOf("--output")) }.message shouldBe
            "LaminaScript: expected a value after --output, received none"
    }

    test("one space-separated argument (Maven's -Dlamina.args) is split, unless it names a file") {
        splitSingleArgument(arrayOf("a.lamina.kts --epochs 1")).toList() shouldBe listOf("a.lamina.kts", "--epochs", "1")
        val file = Files.createTempFile("with space", ".lamina.kts")
        splitSingleArgument(arrayOf(file.toString())).toList() shouldBe listOf(file.toString())
        splitSingleArgument(arrayOf("a", "b c")).toList() shouldBe listOf("a", "b c")
    }

    test("a missing file is a usage error") {
        runScript(arrayOf("/nonexistent/x.lamina.kts"), {}, {}) shouldBe 2
        runScript(arrayOf(), {}, {}) shouldBe 2
    }
})
