package dev.lamina.tensor.io

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/** The one config reader: typed, range-checked, and every error names the owner, the key, the value and its type. */
class ConfigReaderSpec : FunSpec({
    fun message(block: () -> Unit): String = shouldThrow<IllegalArgumentException> { block() }.message!!
    val parsed = Json.parse("""{"units": 4294967360, "three": 3.0, "half": 0.5, "s": "x", "none": null}""") as Map<String, Any?>

    test("ints are range-checked instead of truncated") {
        message { ConfigReader("Dense.fromConfig", parsed).requireInt("units") } shouldBe
            "Dense.fromConfig: expected units to be an int, received units=4294967360 (Long)"
        ConfigReader("Dense.fromConfig", parsed).requireLong("units") shouldBe 4294967360L
        ConfigReader("Dense.fromConfig", parsed).getInt("three", 0) shouldBe 3          // Python would accept 3.0
        message { ConfigReader("Dense.fromConfig", parsed).getInt("half", 0) } shouldBe
            "Dense.fromConfig: expected half to be an int, received half=0.5 (Double)"
        message { ConfigReader("X", mapOf("n" to -2147483649L)).getNullableInt("n") } shouldBe
            "X: expected n to be an int or null, received n=-2147483649 (Long)"
    }

    test("a wrong type names the key, the value and its type, never a ClassCastException") {
        message { ConfigReader("Dense.fromConfig", parsed).getBoolean("s", true) } shouldBe
            "Dense.fromConfig: expected s to be a boolean, received s=\"x\" (String)"
        message { ConfigReader("Dense.fromConfig", parsed).getDouble("s", 0.0) } shouldBe
            "Dense.fromConfig: expected s to be a number, received s=\"x\" (String)"
        message { ConfigReader("Dense.fromConfig", parsed).getString("units", "") } shouldBe
            "Dense.fromConfig: expected units to be a string, received units=4294967360 (Long)"
        message { ConfigReader("Dense.fromConfig", parsed).asMap(listOf(1), "kernel_initializer") } shouldBe
            "Dense.fromConfig: expected kernel_initializer to be an object, received kernel_initializer=[1] (list)"
    }

    test("absent keys and JSON null give the default; required keys say what there is") {
        val r = ConfigReader("Conv2D.fromConfig", parsed)
        r.getInt("missing", 7) shouldBe 7
        r.getInt("none", 7) shouldBe 7
        r.getNullableInt("none") shouldBe null
        message { ConfigReader("Conv2D.fromConfig", mapOf("kernel_size" to 3L)).requireInt("filters") } shouldBe
            "Conv2D.fromConfig: expected config key 'filters', received keys [kernel_size]"
    }

    test("Keras' int-or-tuple reads as n ints, None as -1, and the length is checked") {
        val r = ConfigReader("Conv2D.fromConfig", mapOf("k" to 3L, "s" to listOf(2L, 1L), "b" to listOf(null, 5L), "bad" to listOf(1L)))
        r.getInts("k", 2)!!.toList() shouldBe listOf(3, 3)
        r.getInts("s", 2)!!.toList() shouldBe listOf(2, 1)
        r.getInts("b", -1)!!.toList() shouldBe listOf(-1, 5)
        message { r.getInts("bad", 2) } shouldBe "Conv2D.fromConfig: expected bad to be an int or a list of 2 ints, received bad=[1] (list)"
        message { ConfigReader("R", mapOf("t" to listOf(1L, 4294967296L))).getInts("t", -1) } shouldBe
            "R: expected t[1] to be an int or null, received t[1]=4294967296 (Long)"
    }

    test("finish rejects keys nobody read") {
        val r = ConfigReader("Adam", mapOf("beta_1" to 0.9, "beta1" to 0.9))
        r.getDouble("beta_1", 0.0) shouldBe 0.9
        message { r.finish() } shouldBe "Adam: expected only known config keys, received unrecognized key(s) [beta1]"
    }
})
