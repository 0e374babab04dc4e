package dev.lamina.tensor.io

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

/** The JSON reader is fed untrusted files: hostile nesting and duplicate keys are clear errors. */
class JsonSpec : FunSpec({
    fun nested(levels: Int, open: String, close: String) = open.repeat(levels) + close.repeat(levels)

    test("nesting 300,000 levels deep is an IllegalArgumentException naming the limit, never a StackOverflowError") {
        for ((open, close) in listOf("[" to "]", "{\"a\":" to "}")) {
            val text = if (open == "[") nested(300_000, open, close) else open.repeat(300_000) + "1" + close.repeat(300_000)
            shouldThrow<IllegalArgumentException> { Json.parse(text) }.message shouldContain "nesting deeper than ${Json.MAX_DEPTH} levels"
        }
    }

    test("nesting up to the limit parses, one more level does not") {
        var v: Any? = Json.parse(nested(Json.MAX_DEPTH, "[", "]"))
        var levels = 0
        while (v is List<*>) { levels++; v = v.firstOrNull() }
        levels shouldBe Json.MAX_DEPTH
        shouldThrow<IllegalArgumentException> { Json.parse(nested(Json.MAX_DEPTH + 1, "[", "]")) }
        // siblings do not add up: depth is nesting, not the number of containers
        Json.parse("[" + List(10_000) { "[]" }.joinToString(",") + "]").let { (it as List<*>).size } shouldBe 10_000
    }

    test("a duplicate key is an error naming the key, at any level") {
        shouldThrow<IllegalArgumentException> { Json.parse("""{"w": 1, "w": 2}""") }.message shouldContain "duplicate key \"w\""
        shouldThrow<IllegalArgumentException> { Json.parse("""{"a": {"b": [1], "b": [2]}}""") }.message shouldContain "duplicate key \"b\""
        Json.parse("""{"a": {"b": 1}, "b": {"a": 2}}""") shouldBe mapOf("a" to mapOf("b" to 1L), "b" to mapOf("a" to 2L))
    }
})
