package dev.lamina.utils

import dev.lamina.testing.Fixtures
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import java.math.BigDecimal
import java.math.MathContext
import java.math.RoundingMode
import kotlin.random.Random

/** Python's repr(float), checked against outputs of CPython 3.11 and against the callbacks fixture. */
class PyReprSpec : FunSpec({
    // (Python's repr, the double's bits). The first rows are hand-picked edge cases; then float32 values widened
    // (what Keras logs hold), then seeded random doubles and float32 bit patterns.
    val rows = listOf(
        r("0.0", 0x0000000000000000UL),
        r("-0.0", 0x8000000000000000UL),
        r("1.0", 0x3ff0000000000000UL),
        r("-1.0", 0xbff0000000000000UL),
        r("0.1", 0x3fb999999999999aUL),
        r("0.2", 0x3fc999999999999aUL),
        r("0.3", 0x3fd3333333333333UL),
        r("0.30000000000000004", 0x3fd3333333333334UL),
        r("0.3333333333333333", 0x3fd5555555555555UL),
        r("0.6666666666666666", 0x3fe5555555555555UL),
        r("0.5", 0x3fe0000000000000UL),
        r("1.5", 0x3ff8000000000000UL),
        r("100.0", 0x4059000000000000UL),
        r("0.0001", 0x3f1a36e2eb1c432dUL),
        r("1e-05", 0x3ee4f8b588e368f1UL),
        r("0.002", 0x3f60624dd2f1a9fcUL),
        r("0.001", 0x3f50624dd2f1a9fcUL),
        r("1e+16", 0x4341c37937e08000UL),
        r("1000000000000000.0", 0x430c6bf526340000UL),
        r("9999999999999998.0", 0x4341c37937e07fffUL),
        r("2.000000000000001e+16", 0x4351c37937e08002UL),
        r("1e+22", 0x4480f0cf064dd592UL),
        r("1e+23", 0x44b52d02c7e14af6UL),
        r("1.7976931348623157e+308", 0x7fefffffffffffffUL),
        r("5e-324", 0x0000000000000001UL),
        r("2.2250738585072014e-308", 0x0010000000000000UL),
        r("123456789.0", 0x419d6f3454000000UL),
        r("123456792.0", 0x419d6f3460000000UL),
        r("1.2345678901234568e+18", 0x43b12210f47de981UL),
        r("0.0001", 0x3f1a36e2eb1c432dUL),
        r("0.00012345", 0x3f202e4b6ce5dc68UL),
        r("1.2345e-05", 0x3ee9e3abe16fc70dUL),
        r("3.14159", 0x400921f9f01b866eUL),
        r("2.718281828459045", 0x4005bf0a8b145769UL),
        r("1e+100", 0x54b249ad2594c37dUL),
        r("1e-100", 0x2b2bff2ee48e0530UL),
        r("-1e-07", 0xbe7ad7f29abcaf48UL),
        r("4.35", 0x4011666666666666UL),
        r("0.07", 0x3fb1eb851eb851ecUL),
        r("100.5", 0x4059200000000000UL),
        r("1e-323", 0x0000000000000002UL),
        r("9007199254740992.0", 0x4340000000000000UL),
        r("9007199254740994.0", 0x4340000000000001UL),
        r("9.223372036854776e+18", 0x43e0000000000000UL),
        r("0.6931471824645996", 0x3fe62e4300000000UL),
        r("0.0010000000474974513", 0x3f50624de0000000UL),
        r("9.999999747378752e-06", 0x3ee4f8b580000000UL),
        r("0.6449999809265137", 0x3fe4a3d700000000UL),
        r("0.10000000149011612", 0x3fb99999a0000000UL),
        r("0.5", 0x3fe0000000000000UL),
        r("0.6931471824645996", 0x3fe62e4300000000UL),
        r("123456792.0", 0x419d6f3460000000UL),
        r("3.3999999521443642e+38", 0x47eff933c0000000UL),
        r("1.401298464324817e-45", 0x36a0000000000000UL),
        r("0.0005000000237487257", 0x3f40624de0000000UL),
        r("0.6150000095367432", 0x3fe3ae1480000000UL),
        r("1.100000023841858", 0x3ff19999a0000000UL),
        r("2.674999952316284", 0x4005666660000000UL),
        r("0.00033333332976326346", 0x3f35d867c0000000UL),
        r("-1.989032661366619e+244", 0xf2a74de452e6b438UL),
        r("7.761117632285041e+178", 0x6513270e269e0d37UL),
        r("3.980498358697587e-249", 0x0c5c7fd0a6a3a450UL),
        r("-1.5432835417340557e+88", 0xd23f0824128b2f33UL),
        r("1.3647584518757569e-192", 0x1818e811892f902bUL),
        r("-1.3701135617873088e-206", 0x9531985d5d9dc9f8UL),
        r("-1.7160537630466207e+197", 0xe8e25d940ed90475UL),
        r("6.294675241195386e-44", 0x36f675cc81e74ef5UL),
        r("1.0613447212142254e-202", 0x1600a35a099950d8UL),
        r("4.708325160387546e+207", 0x6b0d549b6f03675aUL),
        r("6.387016158513563e-12", 0x3d9c172411e20b8fUL),
        r("-9.973130378568733e-246", 0x8d116ece1738f7d9UL),
        r("8.779753225680271e-236", 0x0f21ddb66cad4a26UL),
        r("-5.795503248498993e-228", 0x90c192cfd3ac94afUL),
        r("-5.988180159386011e+243", 0xf28c105d1fb17c23UL),
        r("-1.306052388527796e-147", 0xa170b33839263059UL),
        r("-2.436117699484841e-206", 0x953f48f1a09f76b5UL),
        r("2.233386999150174e-232", 0x0fd630f1f29d0da9UL),
        r("-3.51527970626667e-203", 0x95e60af593bd04cfUL),
        r("1.5987381841032883e-247", 0x0cb1e29c658cda14UL),
        r("4.6678633181812096e-36", 0x3898d190f9ebdaccUL),
        r("-8.441872792105456e-239", 0x8e81973e0becd7b0UL),
        r("1.9015657400796622e-144", 0x2217beaddbc496cbUL),
        r("7.370437700706684e+208", 0x6b4cb2424a23d596UL),
        r("-1.7163996725272777e-258", 0x8a6a63ec24ede6a4UL),
        r("-3.2367190832119987e-221", 0x922766581e27a1c0UL),
        r("-2.2818334634712625e-234", 0x8f6d05584ef8aa38UL),
        r("-3.0536383926309363e-84", 0xae97ba94d0eda82fUL),
        r("1.3449551894627777e-181", 0x1a61dbe22e44158bUL),
        r("-7.317495976062606e-221", 0x923a736994e3bf91UL),
        r("-1.559441753507228e-17", 0xbc71faa8e0000000UL),
        r("5.541205827519491e-10", 0x3e030a18a0000000UL),
        r("1.5380358975958548e+19", 0x43eaae4060000000UL),
        r("6.235138451066057e-24", 0x3b1e26ba40000000UL),
        r("-1.4250425150964876e-31", 0xb9871f6520000000UL),
        r("-3.0531159609381575e-06", 0xbec99c8440000000UL),
        r("2.89784778248327e-29", 0x3a025e06e0000000UL),
        r("-4.9390675044601716e-29", 0xba0f4e1860000000UL),
        r("9.566036857726176e-30", 0x39e840b680000000UL),
        r("-1.3097927593779128e-20", 0xbbceed3620000000UL),
        r("3.4591263897709723e-07", 0x3e9736bbe0000000UL),
        r("1.9808166302299087e+38", 0x47e2a0a480000000UL),
        r("-3.9720518540953265e-11", 0xbdc5d62a80000000UL),
        r("-4.779252381531292e-34", 0xb903da2c40000000UL),
        r("4.771667398654994e+27", 0x45aed60fc0000000UL),
        r("-31803.546875", 0xc0df0ee300000000UL),
        r("15834266624.0", 0x420d7e5de0000000UL),
        r("3.603856380046499e+33", 0x46e635e200000000UL),
        r("-9.345448405985919e-26", 0xbabcec3a20000000UL),
        r("-1.1153762560978156e+27", 0xc58cd4f0e0000000UL),
        r("4.179803960018895e+31", 0x46807c8600000000UL),
        r("3.2574873654840525e+17", 0x4392152b00000000UL),
        r("99368296.0", 0x4197b0f5a0000000UL),
        r("1.1944111585617065", 0x3ff31c4ee0000000UL),
        r("-14447655.0", 0xc16b8e84e0000000UL),
        r("3.028475387134577e-11", 0x3dc0a63340000000UL),
        r("-2.8090916259770893e-08", 0xbe5e299280000000UL),
        r("-83412.25", 0xc0f45d4400000000UL),
        r("0.24717704951763153", 0x3fcfa37f60000000UL),
        r("2.4683160360782046e-26", 0x3a9e8e67e0000000UL),
        r("0.5744237303733826", 0x3fe261ade0000000UL),
        r("0.5251964926719666", 0x3fe0ce68e0000000UL),
        r("0.8751375079154968", 0x3fec012060000000UL),
        r("0.7294452786445618", 0x3fe7579da0000000UL),
        r("0.2879377603530884", 0x3fd26d9280000000UL),
        r("0.9801748394966125", 0x3fef5d97a0000000UL),
        r("0.11806578189134598", 0x3fbe398f20000000UL),
        r("0.4181228280067444", 0x3fdac28640000000UL),
        r("0.7571409344673157", 0x3fe83a7fa0000000UL),
        r("0.15198452770709991", 0x3fc3743aa0000000UL),
        r("0.4889630973339081", 0x3fdf4b2be0000000UL),
        r("0.03920725733041763", 0x3fa412f940000000UL),
        r("0.6682158708572388", 0x3fe5620640000000UL),
        r("0.7645708918571472", 0x3fe8775d60000000UL),
        r("0.5730259418487549", 0x3fe2563a80000000UL),
        r("0.8754777908325195", 0x3fec03ea00000000UL),
        r("0.3137475252151489", 0x3fd4147080000000UL),
        r("0.6952953934669495", 0x3fe63fdc20000000UL),
        r("0.5943698883056641", 0x3fe3051400000000UL),
        r("0.5798951983451843", 0x3fe28e8060000000UL),
        r("0.4562053382396698", 0x3fdd3277e0000000UL),
        r("0.8399677872657776", 0x3feae10420000000UL),
        r("0.9446811079978943", 0x3fee3ad3e0000000UL),
        r("0.4740983247756958", 0x3fde57a080000000UL),
        r("0.664152204990387", 0x3fe540bc20000000UL),
        r("0.0606694258749485", 0x3faf101020000000UL),
        r("0.7014920115470886", 0x3fe6729f60000000UL),
        r("0.6471288800239563", 0x3fe4b547a0000000UL),
        r("0.9930959343910217", 0x3fefc77120000000UL),
        r("0.8219248056411743", 0x3fea4d3540000000UL),
    )

    test("repr matches CPython on ${rows.size} values") {
        for ((expected, bits) in rows) {
            PyRepr.repr(Double.fromBits(bits.toLong())) shouldBe expected
        }
    }

    test("non-finite values") {
        PyRepr.repr(Double.NaN) shouldBe "nan"
        PyRepr.repr(-Double.NaN) shouldBe "nan"
        PyRepr.repr(Double.POSITIVE_INFINITY) shouldBe "inf"
        PyRepr.repr(Double.NEGATIVE_INFINITY) shouldBe "-inf"
    }

    test("where Java's Double.toString differs from Python") {
        // Java 17 lays out 1.0E-5 and is not always shortest (2.0E-3); Python gives 1e-05 and 0.002.
        (1.0e-5).toString() shouldNotBe PyRepr.repr(1.0e-5)
        PyRepr.repr(1.0e-5) shouldBe "1e-05"
        PyRepr.repr(2.0e-3) shouldBe "0.002"
        PyRepr.repr(1.0e16) shouldBe "1e+16"
        PyRepr.repr(1.0e-3f.toDouble()) shouldBe "0.0010000000474974513"
        PyRepr.repr(1.0e-5f.toDouble()) shouldBe "9.999999747378752e-06"
        PyRepr.repr(123456789f.toDouble()) shouldBe "123456792.0"
    }

    test("repr is the shortest decimal that reads back, on seeded random doubles") {
        val rnd = Random(20240607)
        repeat(20000) { i ->
            val x = if (i % 2 == 0) Double.fromBits(rnd.nextLong()) else Float.fromBits(rnd.nextInt()).toDouble()
            if (x.isNaN() || x.isInfinite() || x == 0.0) return@repeat
            val s = PyRepr.repr(x)
            s.toDouble() shouldBe x
            val digits = significantDigits(s)
            digits shouldBeLessThanOrEqual significantDigits(x.toString())
            if (digits > 1 && Math.nextUp(Math.abs(x)).isFinite()) {
                // No decimal with one digit fewer lies inside x's rounding interval (an independent check).
                val a = Math.abs(x)
                val low = BigDecimal(a).add(BigDecimal(Math.nextDown(a))).divide(BigDecimal(2))
                val high = BigDecimal(a).add(BigDecimal(Math.nextUp(a))).divide(BigDecimal(2))
                val candidate = low.round(MathContext(digits - 1, RoundingMode.CEILING))
                if (candidate <= high) candidate.toDouble() shouldNotBe a
            }
        }
    }

    test("str and repr of other Python values") {
        PyRepr.str(null) shouldBe "None"
        PyRepr.str(true) shouldBe "True"
        PyRepr.str(false) shouldBe "False"
        PyRepr.str(42) shouldBe "42"
        PyRepr.str(0.001f) shouldBe "0.0010000000474974513"
        PyRepr.str("it's") shouldBe "it's"
        PyRepr.repr("abc" as Any) shouldBe "'abc'"
        PyRepr.repr("it's" as Any) shouldBe "\"it's\""
        PyRepr.repr("a\nb\\" as Any) shouldBe "'a\\nb\\\\'"
        PyRepr.str(listOf(1.0, 0.5f, "x", null)) shouldBe "[1.0, 0.5, 'x', None]"
        PyRepr.str(floatArrayOf(0.1f, 2f)) shouldBe "[0.10000000149011612, 2.0]"
        PyRepr.str(linkedMapOf("loss" to 0.25, "epoch" to 3)) shouldBe "{'loss': 0.25, 'epoch': 3}"
    }

    test("CSV numbers of the callbacks fixture are Python reprs of the logged values") {
        @Suppress("UNCHECKED_CAST")
        val cases = Fixtures.load("callbacks.json")["csv_logger"] as Map<String, Map<String, Any?>>
        var checked = 0
        for ((name, case) in cases) {
            val sep = (case["config"] as Map<*, *>)["separator"] as String
            val lines = (case["expected_file_text"] as String).split("\r\n").filter { it.isNotEmpty() }
            val header = lines[0].split(sep)
            val logs = case["logs_per_epoch"] as List<Map<String, Any?>>
            val rowsOut = lines.drop(1).takeLast(logs.size)
            for ((epoch, log) in logs.withIndex()) {
                val fields = rowsOut[epoch].split(sep)
                for ((k, column) in header.withIndex()) {
                    val v = log[column] ?: continue
                    val text = if (v is Number) PyRepr.repr(v.toDouble()) else v.toString()
                    withClue("$name epoch $epoch $column") { fields[k] shouldBe text }
                    if (v is Double) PyRepr.repr(v.toFloat()) shouldBe text   // float32 logs widen to the same text
                    checked++
                }
            }
        }
        checked shouldBeGreaterThan 40
    }
})

private fun significantDigits(s: String): Int {
    val mantissa = s.lowercase().substringBefore('e').replace("-", "").replace(".", "")
    return mantissa.trimStart('0').trimEnd('0').length.coerceAtLeast(1)
}

private fun r(expected: String, bits: ULong) = expected to bits
