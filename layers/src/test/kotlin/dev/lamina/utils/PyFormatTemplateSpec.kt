package dev.lamina.utils

import dev.lamina.testing.Fixtures
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

/** Python's str.format(**values); expected strings were printed by CPython 3.11 with the same values. */
class PyFormatTemplateSpec : FunSpec({
    val values = linkedMapOf<String, Any?>(
        "epoch" to 3, "val_loss" to 0.6449999809265137, "loss" to 0.125f, "name" to "it's",
        "w" to 8, "p" to 3, "flag" to true, "none" to null,
    )

    test("templates render like CPython") {
        val cases = listOf(
            "mymodel_{epoch}" to "mymodel_3",
            "w_{epoch:02d}_{val_loss:.2f}" to "w_03_0.64",
            "{{literal}} {epoch}" to "{literal} 3",
            "{{}}" to "{}",
            "}}" to "}",
            "{loss}" to "0.125",
            "{loss:.2f}" to "0.12",
            "{val_loss:{w}.{p}f}" to "   0.645",
            "{val_loss:{w}}" to "0.6449999809265137",
            "{name!r}" to "\"it's\"",
            "{name!s:>10}" to "      it's",
            "{name!a}" to "\"it's\"",
            "{name:}" to "it's",
            "{flag}" to "True",
            "{flag:d}" to "1",
            "{none}" to "None",
            "{epoch!r:>4}" to "   3",
            "{val_loss!r}" to "0.6449999809265137",
            "a{epoch}b{loss:.3e}c" to "a3b1.250e-01c",
            "no fields" to "no fields",
            "" to "",
        )
        for ((template, expected) in cases) {
            withClue(template) { PyFormat.format(template, values) shouldBe expected }
        }
    }

    test("a missing key names the key and lists the available keys") {
        val e = shouldThrow<IllegalArgumentException> {
            PyFormat.format("w_{epoch:02d}_{val_acc:.2f}", mapOf("epoch" to 1, "val_loss" to 0.5, "loss" to 0.7))
        }
        e.message!! shouldContain "'val_acc'"
        e.message!! shouldContain "[epoch, loss, val_loss]"
    }

    test("malformed templates throw with CPython's message") {
        val cases = listOf(
            "}" to "Single '}' encountered in format string",
            "{" to "Single '{' encountered in format string",
            "{epoch" to "expected '}' before end of string",
            "{epoch:" to "unmatched '{' in format spec",
            "{epoch!" to "end of string while looking for conversion specifier",
            "{epoch!x}" to "Unknown conversion specifier x",
            "{epoch!rx}" to "expected ':' after conversion specifier",
            "{val_loss:{w:{p}}}" to "Max string recursion exceeded",
            "{epoch:{{}}}" to "Invalid format specifier '{}' for object of type 'int'",
            "{ep{och}" to "unexpected '{' in field name",
            "{}" to "positional field",
            "{0}" to "positional field",
            "{epoch.real}" to "not supported",
            "{epoch[0]}" to "not supported",
        )
        for ((template, message) in cases) {
            withClue(template) {
                val e = shouldThrow<IllegalArgumentException> { PyFormat.format(template, values) }
                e.message!! shouldContain message
            }
        }
    }

    test("ModelCheckpoint file names of the callbacks fixture") {
        @Suppress("UNCHECKED_CAST")
        val section = Fixtures.load("callbacks.json")["model_checkpoint"] as Map<String, Any?>
        val logs = section["logs_per_epoch"] as List<Map<String, Any?>>
        val configs = section["configs"] as Map<String, Map<String, Any?>>
        val results = section["results"] as Map<String, Map<String, Any?>>
        var checked = 0
        for ((name, config) in configs) {
            val filepath = config["filepath"] as String
            val epochs = (results.getValue(name)["saved_at_epochs"] as List<*>).map { (it as Number).toInt() }
            val files = results.getValue(name)["saved_files"] as List<*>
            for ((k, epoch) in epochs.withIndex()) {
                // Python: filepath.format(epoch=epoch + 1, **logs), with logs holding widened float32 values.
                val asDoubles = LinkedHashMap<String, Any?>(logs[epoch]).apply { put("epoch", epoch + 1) }
                val asFloats = logs[epoch].mapValues { (_, v) -> (v as Number).toFloat() } + ("epoch" to epoch + 1)
                withClue("$name epoch $epoch") {
                    PyFormat.format(filepath, asDoubles) shouldBe files[k]
                    PyFormat.format(filepath, asFloats) shouldBe files[k]
                }
                checked++
            }
        }
        (checked >= 10) shouldBe true
    }

    test("'{val_loss:.2f}' on every fixture log value agrees with the half-even rule") {
        @Suppress("UNCHECKED_CAST")
        val logs = (Fixtures.load("callbacks.json")["model_checkpoint"] as Map<String, Any?>)["logs_per_epoch"]
            as List<Map<String, Any?>>
        for (log in logs) {
            val v = (log["val_loss"] as Number).toDouble()
            val expected = java.math.BigDecimal(v).setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString()
            PyFormat.format("{val_loss:.2f}", log) shouldBe expected
        }
    }
})
