package dev.lamina.utils

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import java.math.BigInteger

/** Python's format(value, spec); every expected string was printed by CPython 3.11. */
class PyFormatSpec : FunSpec({
    // Floats, given as Python's repr of the double.
    val floats = listOf(
        f("0.125", ".2f", "0.12"),
        f("0.625", ".2f", "0.62"),
        f("0.375", ".2f", "0.38"),
        f("0.6449999809265137", ".2f", "0.64"),
        f("2.675", ".2f", "2.67"),
        f("1.005", ".2f", "1.00"),
        f("0.5", ".0f", "0"),
        f("1.5", ".0f", "2"),
        f("2.5", ".0f", "2"),
        f("-0.5", ".0f", "-0"),
        f("0.6150000095367432", ".2f", "0.62"),
        f("0.125", ".1e", "1.2e-01"),
        f("1.25", ".1e", "1.2e+00"),
        f("125.0", ".2g", "1.2e+02"),
        f("0.001", "%", "0.100000%"),
        f("0.125", ".1%", "12.5%"),
        f("0.145", ".1%", "14.5%"),
        f("1234567.891", ",.2f", "1,234,567.89"),
        f("1234567.891", "_.1f", "1_234_567.9"),
        f("-1234.5", "020,.2f", "-0,000,000,001,234.50"),
        f("3.14159", "015.3f", "00000000003.142"),
        f("-3.14159", "015.3f", "-0000000003.142"),
        f("3.14159", "+.2f", "+3.14"),
        f("3.14159", " .2f", " 3.14"),
        f("-3.14159", " .2f", "-3.14"),
        f("2.5", "<10", "2.5       "),
        f("2.5", "^10", "   2.5    "),
        f("2.5", "*^11.2f", "***2.50****"),
        f("-2.5", "=+10.1f", "-      2.5"),
        f("-0.0", ".2f", "-0.00"),
        f("-0.0", "z.2f", "0.00"),
        f("-0.001", ".2f", "-0.00"),
        f("-0.001", "z.2f", "0.00"),
        f("-0.0", "", "-0.0"),
        f("0.0", "e", "0.000000e+00"),
        f("0.0", "g", "0"),
        f("0.0", ".3", "0.0"),
        f("1.0", "#g", "1.00000"),
        f("1.0", "#.0f", "1."),
        f("1.0", "#.0e", "1.e+00"),
        f("123.0", ".3", "1.23e+02"),
        f("12.0", ".3", "12.0"),
        f("123456.0", "g", "123456"),
        f("1234567.0", "g", "1.23457e+06"),
        f("0.0001", "g", "0.0001"),
        f("1e-05", "g", "1e-05"),
        f("1e-05", "", "1e-05"),
        f("1e+16", "", "1e+16"),
        f("1e+16", ".17g", "10000000000000000"),
        f("1e+300", "e", "1.000000e+300"),
        f("5e-324", "e", "4.940656e-324"),
        f("5e-324", ".3g", "4.94e-324"),
        f("1e-07", "f", "0.000000"),
        f("1e-07", ".10f", "0.0000001000"),
        f("1.5e-07", "E", "1.500000E-07"),
        f("1.5e+300", "G", "1.5E+300"),
        f("nan", "", "nan"),
        f("nan", "F", "NAN"),
        f("nan", "+", "+nan"),
        f("inf", "", "inf"),
        f("-inf", ".2f", "-inf"),
        f("inf", "E", "INF"),
        f("inf", "010", "0000000inf"),
        f("-inf", "^9", "  -inf   "),
        f("inf", "%", "inf%"),
        f("0.6931471824645996", "", "0.6931471824645996"),
        f("0.6931471824645996", ".4f", "0.6931"),
        f("0.6931471824645996", ".5f", "0.69315"),
        f("0.6931471824645996", "12.3e", "   6.931e-01"),
        f("9.999999747378752e-06", "", "9.999999747378752e-06"),
        f("9.999999747378752e-06", ".4g", "1e-05"),
        f("123456792.0", ",", "123,456,792.0"),
        f("123456792.0", "012,", "123,456,792.0"),
        f("1e-05", "n", "1e-05"),
        f("1234.5", "n", "1234.5"),
        f("0.5", ".25e", "5.0000000000000000000000000e-01"),
        f("0.1", ".20f", "0.10000000000000000555"),
        f("0.1", ".17g", "0.10000000000000001"),
        f("0.6666666666666666", ".0%", "67%"),
        f("99.99", ".1f", "100.0"),
        f("9.995", ".2f", "9.99"),
        f("9.9951", ".2f", "10.00"),
        f("999999.5", ".0f", "1000000"),
        f("999999.5", "g", "1e+06"),
        f("9.9999995", ".6g", "10"),
        f("0.000123456", ".3", "0.000123"),
        f("0.0001", ".3", "0.0001"),
        f("100.0", ".2", "1e+02"),
        f("100.0", ".3", "1e+02"),
        f("2.0", "x<8.3f", "2.000xxx"),
        f("2.0", "é>8.3f", "ééé2.000"),
    )
    // Ints (Long/BigInteger), bools and strings.
    val others = listOf(
        i(0L, "d", "0"),
        i(7L, "02d", "07"),
        i(42L, "02d", "42"),
        i(123L, "02d", "123"),
        i(-7L, "03d", "-07"),
        i(-7L, "+d", "-7"),
        i(7L, "+d", "+7"),
        i(7L, " d", " 7"),
        i(-7L, " d", "-7"),
        i(1234567L, ",", "1,234,567"),
        i(1234567L, "_", "1_234_567"),
        i(-1234567L, "012,d", "-001,234,567"),
        i(1234L, "09,d", "0,001,234"),
        i(1234L, "010,", "00,001,234"),
        i(255L, "x", "ff"),
        i(255L, "X", "FF"),
        i(255L, "#x", "0xff"),
        i(255L, "#X", "0XFF"),
        i(8L, "#o", "0o10"),
        i(5L, "b", "101"),
        i(5L, "#010b", "0b00000101"),
        i(65535L, "_x", "ffff"),
        i(65535L, "#012_x", "0x0_0000_ffff"),
        i(255L, "_b", "1111_1111"),
        i(42L, "^9", "   42    "),
        i(42L, "<7", "42     "),
        i(-42L, "=+8", "-     42"),
        i(-42L, "*>10,", "*******-42"),
        i(1234L, "e", "1.234000e+03"),
        i(3L, ".2f", "3.00"),
        i(1L, "%", "100.000000%"),
        i(7L, "g", "7"),
        i(65L, "c", "A"),
        i(233L, ">3c", "  é"),
        i(9223372036854775807L, ",", "9,223,372,036,854,775,807"),
        i(Long.MIN_VALUE, "d", "-9223372036854775808"),
        i(BigInteger("1267650600228229401496703205376"), ",", "1,267,650,600,228,229,401,496,703,205,376"),
        i(BigInteger("1267650600228229401496703205376"), "x", "10000000000000000000000000"),
        i(3L, "n", "3"),
        b(true, "", "True"),
        b(false, "", "False"),
        b(true, "d", "1"),
        b(true, ">5", "    1"),
        b(false, ".2f", "0.00"),
        b(true, "x", "1"),
        s("abc", "", "abc"),
        s("abc", "s", "abc"),
        s("abc", "10", "abc       "),
        s("abc", ">10", "       abc"),
        s("abc", "^10", "   abc    "),
        s("abc", "^8", "  abc   "),
        s("abc", "*^9", "***abc***"),
        s("hello world", ".5", "hello"),
        s("hello world", "10.2", "he        "),
        s("ab", "05", "ab000"),
        s("ab", "0>5", "000ab"),
        s("mymodel", "<10s", "mymodel   "),
        s("", "3", "   "),
    )
    // Specs that CPython rejects, with its ValueError message.
    val errors = listOf(
        e(1.5, "d", "Unknown format code 'd' for object of type 'float'"),
        e(1.5, "s", "Unknown format code 's' for object of type 'float'"),
        e(1.5, ".f", "Format specifier missing precision"),
        e(1.5, "10.2ff", "Invalid format specifier '10.2ff' for object of type 'float'"),
        e(1.5, ",_f", "Cannot specify both ',' and '_'."),
        e(7L, ".2d", "Precision not allowed in integer format specifier"),
        e(7L, "z", "Negative zero coercion (z) not allowed in integer format specifier"),
        e(7L, "+c", "Sign not allowed with integer format specifier 'c'"),
        e(7L, "#c", "Alternate form (#) not allowed with integer format specifier 'c'"),
        e(7L, "s", "Unknown format code 's' for object of type 'int'"),
        e(7L, ",x", "Cannot specify ',' with 'x'."),
        e(7L, ",b", "Cannot specify ',' with 'b'."),
        e("abc", "d", "Unknown format code 'd' for object of type 'str'"),
        e("abc", "+", "Sign not allowed in string format specifier"),
        e("abc", "=", "'=' alignment not allowed in string format specifier"),
        e("abc", "=10", "'=' alignment not allowed in string format specifier"),
        e("abc", "#", "Alternate form (#) not allowed in string format specifier"),
        e("abc", ",", "Cannot specify ',' with 's'."),
        e("abc", "z", "Negative zero coercion (z) not allowed in string format specifier"),
        e(1114112L, "c", "%c arg not in range(0x110000)"),
    )

    test("floats: ${floats.size} specs match CPython") {
        for ((value, spec, expected) in floats) {
            withClue("format($value, '$spec')") { PyFormat.formatValue(value, spec) shouldBe expected }
        }
    }

    test("ints, bools and strings: ${others.size} specs match CPython") {
        for ((value, spec, expected) in others) {
            withClue("format(${PyRepr.repr(value)}, '$spec')") { PyFormat.formatValue(value, spec) shouldBe expected }
        }
    }

    test("rejected specs throw IllegalArgumentException with CPython's message") {
        for ((value, spec, message) in errors) {
            val e = shouldThrow<IllegalArgumentException> { PyFormat.formatValue(value, spec) }
            e.message!! shouldContain message
            e.message!! shouldContain spec
        }
    }

    test("ties round half-even on the exact binary value, unlike Java's String.format") {
        PyFormat.formatValue(0.125, ".2f") shouldBe "0.12"
        PyFormat.formatValue(0.625, ".2f") shouldBe "0.62"
        PyFormat.formatValue(2.675, ".2f") shouldBe "2.67"   // 2.67499999999999982236431605997495353221893310546875
        PyFormat.formatValue(0.645f, ".2f") shouldBe "0.64"  // float32 0.645 widened is 0.64499998092651367...
        String.format("%.2f", 0.125) shouldNotBe PyFormat.formatValue(0.125, ".2f")
    }

    test("Java types map to Python types") {
        PyFormat.formatValue(7, "02d") shouldBe "07"
        PyFormat.formatValue(7.toShort(), "02d") shouldBe "07"
        PyFormat.formatValue(7.toByte(), "02d") shouldBe "07"
        PyFormat.formatValue(0.1f, "") shouldBe "0.10000000149011612"   // a Float is widened like a Keras log value
        PyFormat.formatValue(0.1f, ".3f") shouldBe "0.100"
        PyFormat.formatValue(java.math.BigDecimal("0.125"), ".2f") shouldBe "0.12"
        PyFormat.formatValue('x', ">3") shouldBe "  x"
        PyFormat.formatValue(StringBuilder("ab"), "^4") shouldBe " ab "
        PyFormat.formatValue(null, "") shouldBe "None"
        PyFormat.formatValue(listOf(1, 2), "") shouldBe "[1, 2]"
        shouldThrow<IllegalArgumentException> { PyFormat.formatValue(null, ">5") }.message!! shouldContain "NoneType"
        shouldThrow<IllegalArgumentException> { PyFormat.formatValue(listOf(1), "d") }.message!! shouldContain "'d'"
    }
})

private fun f(value: String, spec: String, expected: String) = Triple<Any?, String, String>(
    when (value) {
        "nan" -> Double.NaN
        "inf" -> Double.POSITIVE_INFINITY
        "-inf" -> Double.NEGATIVE_INFINITY
        else -> value.toDouble()
    },
    spec, expected,
)

private fun i(value: Long, spec: String, expected: String) = Triple<Any?, String, String>(value, spec, expected)

private fun i(value: BigInteger, spec: String, expected: String) = Triple<Any?, String, String>(value, spec, expected)

private fun b(value: Boolean, spec: String, expected: String) = Triple<Any?, String, String>(value, spec, expected)

private fun s(value: String, spec: String, expected: String) = Triple<Any?, String, String>(value, spec, expected)

private fun e(value: Any, spec: String, message: String) = Triple(value, spec, message)
