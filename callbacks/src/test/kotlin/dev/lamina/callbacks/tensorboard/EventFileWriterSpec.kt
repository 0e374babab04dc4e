package dev.lamina.callbacks.tensorboard

import dev.lamina.tensor.Tensor
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldMatch
import java.nio.file.Files
import java.nio.file.Path
import java.util.function.DoubleSupplier
import kotlin.io.path.name

class EventFileWriterSpec : FunSpec({
    val root = Files.createTempDirectory("lamina-events")
    afterSpec { root.toFile().deleteRecursively() }
    var dirs = 0
    fun newDir(): Path = root.resolve("run${dirs++}")

    /** A clock that starts at 1700000000.5 and advances by 0.25 s per read. */
    fun clock(): DoubleSupplier {
        var t = 1_700_000_000.25
        return DoubleSupplier { t += 0.25; t }
    }

    fun bytes(vararg b: Int) = ByteArray(b.size) { b[it].toByte() }

    test("CRC-32C and its mask agree with the independent bitwise implementation") {
        val check = "123456789".toByteArray()
        EventFileReader.crc32c(check) shouldBe 0xE3069283.toInt()   // the standard CRC-32C check value
        TfRecord.maskedCrc32c(check, 0, check.size) shouldBe EventFileReader.masked(0xE3069283.toInt())
        val data = ByteArray(1000) { (it * 31 + 7).toByte() }
        TfRecord.maskedCrc32c(data, 3, 900) shouldBe EventFileReader.masked(EventFileReader.crc32c(data, 3, 903))
    }

    test("the first event carries file_version and the wall time; the file name follows TensorFlow's") {
        val dir = newDir()
        EventFileWriter(dir, clock()).use { w ->
            w.path().parent shouldBe dir
            w.path().name shouldMatch Regex("""events\.out\.tfevents\.1700000000\.[A-Za-z0-9._-]+\.\d+\.\d+\.v2""")
        }
        val path = Files.list(dir).use { it.toList() }.single()
        val records = EventFileReader.records(Files.readAllBytes(path))
        // Event{wall_time: 1700000000.5 (field 1, fixed64), file_version: "brain.Event:2" (field 3)}
        val wall = java.lang.Double.doubleToLongBits(1_700_000_000.5)
        val expected = bytes(0x09) + ByteArray(8) { (wall ushr (8 * it)).toByte() } +
            bytes(0x1A, 13) + "brain.Event:2".toByteArray()
        records.single() shouldBe expected
        EventFileReader.event(records.single()) shouldBe
            EventFileReader.Event(1_700_000_000.5, 0, "brain.Event:2", emptyList())
    }

    test("a scalar event has the exact protobuf bytes of Event{wall_time, step, summary{value{tag, simple_value}}}") {
        val dir = newDir()
        var t = 1.5
        EventFileWriter(dir) { t.also { t = 2.0 } }.use { it.scalar("loss", 0.5f, 3) }
        val path = Files.list(dir).use { it.toList() }.single()
        val records = EventFileReader.records(Files.readAllBytes(path))
        records.size shouldBe 2
        records[1] shouldBe bytes(
            0x09, 0, 0, 0, 0, 0, 0, 0, 0x40,                  // wall_time 2.0
            0x10, 3,                                         // step 3
            0x2A, 13,                                        // summary, 13 bytes
            0x0A, 11,                                        //   value, 11 bytes
            0x0A, 4, 'l'.code, 'o'.code, 's'.code, 's'.code, //     tag "loss"
            0x15, 0, 0, 0, 0x3F,                             //     simple_value 0.5f
        )
    }

    test("scalars read back with their tags, steps and values") {
        val dir = newDir()
        val written = listOf(
            Triple("epoch_loss", 0.6931472f, 0L), Triple("epoch_accuracy", 0.5f, 0L),
            Triple("epoch_loss", 0.25f, 1L), Triple("epoch_accuracy", 0f, 1L),
            Triple("batch_loss", -3.5e-8f, 1L shl 40), Triple("epoch_loss", Float.NaN, 2L),
        )
        val w = EventFileWriter(dir, clock())
        written.forEach { (tag, v, step) -> w.scalar(tag, v, step) }
        w.close()
        val events = EventFileReader.read(w.path())
        events.size shouldBe 1 + written.size
        events[0].fileVersion shouldBe EventFileWriter.FILE_VERSION
        events.map { it.wallTime } shouldBe (1..events.size).map { 1_700_000_000.25 + 0.25 * it }
        val read = events.drop(1).map { e ->
            val v = e.values.single()
            v.histo shouldBe null
            Triple(v.tag, v.simpleValue!!, e.step)
        }
        read.dropLast(1) shouldContainExactly written.dropLast(1)
        read.last().third shouldBe 2L
        read.last().second.isNaN() shouldBe true
    }

    test("a histogram holds TensorFlow's statistics and buckets") {
        val values = floatArrayOf(0f, 0.5f, 1f, 1f, -2f, 1e-13f, 3.5f, -0.25f, 1e25f, -7e-3f)
        val dir = newDir()
        val w = EventFileWriter(dir, clock())
        w.histogram("dense/kernel", values, 4)
        w.close()
        val event = EventFileReader.read(w.path())[1]
        event.step shouldBe 4L
        val value = event.values.single()
        value.tag shouldBe "dense/kernel"
        value.simpleValue shouldBe null
        val h = value.histo!!
        h.min shouldBe -2.0
        h.max shouldBe 1e25f.toDouble()
        h.num shouldBe values.size.toDouble()
        h.sum shouldBe values.fold(0.0) { s, v -> s + v }
        h.sumSquares shouldBe values.fold(0.0) { s, v -> s + v.toDouble() * v }
        h.bucket.size shouldBe h.bucketLimit.size
        h.bucket.sum() shouldBe values.size.toDouble()
        h.bucketLimit.zipWithNext().all { (a, b) -> a < b } shouldBe true
        h.bucketLimit.last() shouldBe Double.MAX_VALUE

        // Every limit is one of TF's defaults: 0, +-DBL_MAX, +-(1e-12 * 1.1^k) below 1e20.
        val defaults = HashSet<Double>(listOf(0.0, Double.MAX_VALUE, -Double.MAX_VALUE))
        var v = 1.0e-12
        while (v < 1.0e20) { defaults += v; defaults += -v; v *= 1.1 }
        h.bucketLimit.all { it in defaults } shouldBe true

        // Bucket i holds the values in [limit[i-1], limit[i]); the last bucket also takes values beyond 1e20.
        for (i in h.bucket.indices) {
            val lower = if (i == 0) Double.NEGATIVE_INFINITY else h.bucketLimit[i - 1]
            val upper = if (i == h.bucket.lastIndex) Double.POSITIVE_INFINITY else h.bucketLimit[i]
            h.bucket[i] shouldBe values.count { it.toDouble() >= lower && it.toDouble() < upper }.toDouble()
        }
        // 1.0 falls in a bucket about 10% wide; 0 and 1e-13 share [0, 1e-12).
        val one = h.bucketLimit.indexOfFirst { it > 1.0 }
        h.bucket[one] shouldBe 2.0
        (h.bucketLimit[one] / h.bucketLimit[one - 1]) shouldBe (1.1 plusOrMinus 1e-9)
        val zero = h.bucketLimit.indexOf(1.0e-12)
        h.bucketLimit[zero - 1] shouldBe 0.0
        h.bucket[zero] shouldBe 2.0
        // Runs of empty buckets are collapsed: no two empty buckets in a row.
        h.bucket.zipWithNext().none { (a, b) -> a == 0.0 && b == 0.0 } shouldBe true
    }

    test("an empty histogram and a Tensor histogram") {
        val dir = newDir()
        val w = EventFileWriter(dir, clock())
        w.histogram("empty", FloatArray(0), 1)
        w.histogram("tensor", Tensor.of(floatArrayOf(1f, 2f, 3f, 4f), 2, 2), 2)
        w.histogram("array", floatArrayOf(1f, 2f, 3f, 4f), 2)
        w.close()
        val events = EventFileReader.read(w.path())
        val empty = events[1].values.single().histo!!
        empty.num shouldBe 0.0
        empty.min shouldBe Double.MAX_VALUE
        empty.max shouldBe -Double.MAX_VALUE
        empty.bucketLimit shouldBe listOf(Double.MAX_VALUE)
        empty.bucket shouldBe listOf(0.0)
        events[2].values.single().histo shouldBe events[3].values.single().histo
    }

    test("a corrupted byte is detected by either CRC") {
        val dir = newDir()
        val w = EventFileWriter(dir, clock())
        w.scalar("loss", 1f, 1)
        w.close()
        val good = Files.readAllBytes(w.path())
        EventFileReader.records(good).size shouldBe 2
        val firstLength = 12 + 24 + 4   // the file_version record is 24 bytes of payload
        val at = firstLength + 12 + 5
        val inData = good.copyOf().also { it[at] = (it[at].toInt() xor 0x10).toByte() }
        shouldThrow<IllegalStateException> { EventFileReader.records(inData) }.message!! shouldContain "data CRC"
        val inLength = good.copyOf().also { it[firstLength + 1] = (it[firstLength + 1].toInt() xor 1).toByte() }
        shouldThrow<IllegalStateException> { EventFileReader.records(inLength) }.message!! shouldContain "length CRC"
        val inCrc = good.copyOf().also { it[good.size - 1] = (it[good.size - 1].toInt() xor 0x80).toByte() }
        shouldThrow<IllegalStateException> { EventFileReader.records(inCrc) }.message!! shouldContain "data CRC"
        shouldThrow<IllegalStateException> { EventFileReader.records(good.copyOf(good.size - 2)) }
    }

    test("flush makes events visible before close; writers in one directory get distinct files") {
        val dir = newDir()
        val a = EventFileWriter(dir, clock())
        val b = EventFileWriter(dir, clock())
        a.path() shouldNotBe b.path()
        a.scalar("x", 1f, 1)
        a.flush()
        EventFileReader.read(a.path()).size shouldBe 2
        a.close()
        b.close()
        Files.list(dir).use { it.count() } shouldBe 2L
    }

    test("misuse is rejected with clear messages") {
        val dir = newDir()
        val w = EventFileWriter(dir, clock())
        shouldThrow<IllegalArgumentException> { w.scalar("", 1f, 0) }.message!! shouldContain "non-empty tag"
        shouldThrow<IllegalArgumentException> { w.histogram("h", floatArrayOf(1f, Float.NaN), 0) }
            .message!! shouldContain "index 1"
        shouldThrow<IllegalArgumentException> { w.histogram("h", floatArrayOf(Float.POSITIVE_INFINITY), 0) }
        w.close()
        w.close()   // idempotent
        shouldThrow<IllegalStateException> { w.scalar("loss", 1f, 0) }.message!! shouldContain "closed"
        EventFileReader.read(w.path()).size shouldBe 1   // the rejected writes left nothing behind
    }

    test("the public constructor stamps the current time") {
        val before = System.currentTimeMillis() / 1000.0
        val w = EventFileWriter(newDir())
        w.close()
        val t = EventFileReader.read(w.path())[0].wallTime
        (t >= before - 1 && t <= System.currentTimeMillis() / 1000.0 + 1) shouldBe true
        w.path().name.substring("events.out.tfevents.".length, "events.out.tfevents.".length + 10).toLong() shouldBe
            kotlin.math.floor(t).toLong()
    }
})
