package dev.lamina.callbacks.tensorboard

import java.nio.file.Files
import java.nio.file.Path

/**
 * A reader for event files written independently of the writer under test: a table-free bitwise CRC-32C,
 * TFRecord parsing that checks both CRCs, and a generic protobuf decoder mapped onto the Event schema.
 */
object EventFileReader {
    data class Histo(
        val min: Double, val max: Double, val num: Double, val sum: Double, val sumSquares: Double,
        val bucketLimit: List<Double>, val bucket: List<Double>,
    )

    data class Value(val tag: String, val simpleValue: Float?, val histo: Histo?)

    data class Event(val wallTime: Double, val step: Long, val fileVersion: String?, val values: List<Value>)

    fun read(path: Path): List<Event> = records(Files.readAllBytes(path)).map(::event)

    /** CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), one bit at a time. */
    fun crc32c(bytes: ByteArray, from: Int = 0, to: Int = bytes.size): Int {
        var crc = -1
        for (i in from until to) {
            crc = crc xor (bytes[i].toInt() and 0xFF)
            repeat(8) { crc = if (crc and 1 != 0) (crc ushr 1) xor 0x82F63B78.toInt() else crc ushr 1 }
        }
        return crc.inv()
    }

    fun masked(crc: Int): Int = Integer.rotateRight(crc, 15) + 0xA282EAD8.toInt()

    /** Splits TFRecords, verifying the masked CRC of every length field and every payload. */
    fun records(bytes: ByteArray): List<ByteArray> {
        val out = ArrayList<ByteArray>()
        var pos = 0
        while (pos < bytes.size) {
            check(pos + 12 <= bytes.size) { "truncated record header at offset $pos" }
            val length = le(bytes, pos, 8)
            check(le(bytes, pos + 8, 4).toInt() == masked(crc32c(bytes, pos, pos + 8))) {
                "length CRC mismatch at offset $pos"
            }
            val start = pos + 12
            check(length >= 0 && start + length + 4 <= bytes.size) { "truncated record at offset $pos" }
            val end = start + length.toInt()
            check(le(bytes, end, 4).toInt() == masked(crc32c(bytes, start, end))) { "data CRC mismatch at offset $pos" }
            out += bytes.copyOfRange(start, end)
            pos = end + 4
        }
        return out
    }

    /** Field number -> values: Long for varint and 64-bit, Int for 32-bit, ByteArray for length-delimited. */
    fun decode(bytes: ByteArray): Map<Int, List<Any>> {
        val fields = LinkedHashMap<Int, MutableList<Any>>()
        var pos = 0
        fun varint(): Long {
            var result = 0L
            var shift = 0
            while (true) {
                val b = bytes[pos++].toInt() and 0xFF
                result = result or ((b and 0x7F).toLong() shl shift)
                if (b and 0x80 == 0) return result
                shift += 7
                check(shift < 64) { "varint too long" }
            }
        }
        while (pos < bytes.size) {
            val key = varint()
            val field = (key ushr 3).toInt()
            val value: Any = when ((key and 7).toInt()) {
                0 -> varint()
                1 -> le(bytes, pos, 8).also { pos += 8 }
                2 -> {
                    val n = varint().toInt()
                    bytes.copyOfRange(pos, pos + n).also { pos += n }
                }
                5 -> le(bytes, pos, 4).toInt().also { pos += 4 }
                else -> error("unsupported wire type in key $key")
            }
            fields.getOrPut(field) { ArrayList() } += value
        }
        return fields
    }

    fun event(bytes: ByteArray): Event {
        val f = decode(bytes)
        val values = f[5]?.let { summary ->
            decode(summary.single() as ByteArray)[1].orEmpty().map { value(it as ByteArray) }
        }
        return Event(
            wallTime = double(f, 1),
            step = (f[2]?.single() as Long?) ?: 0L,
            fileVersion = (f[3]?.single() as ByteArray?)?.toString(Charsets.UTF_8),
            values = values.orEmpty(),
        )
    }

    private fun value(bytes: ByteArray): Value {
        val f = decode(bytes)
        return Value(
            tag = (f.getValue(1).single() as ByteArray).toString(Charsets.UTF_8),
            simpleValue = (f[2]?.single() as Int?)?.let { java.lang.Float.intBitsToFloat(it) },
            histo = (f[5]?.single() as ByteArray?)?.let(::histo),
        )
    }

    private fun histo(bytes: ByteArray): Histo {
        val f = decode(bytes)
        return Histo(double(f, 1), double(f, 2), double(f, 3), double(f, 4), double(f, 5), doubles(f, 6), doubles(f, 7))
    }

    private fun double(f: Map<Int, List<Any>>, field: Int): Double =
        (f[field]?.single() as Long?)?.let { java.lang.Double.longBitsToDouble(it) } ?: 0.0

    /** A repeated double, packed (one byte string) or not (one 64-bit value per element). */
    private fun doubles(f: Map<Int, List<Any>>, field: Int): List<Double> = f[field].orEmpty().flatMap { v ->
        when (v) {
            is ByteArray -> (0 until v.size / 8).map { java.lang.Double.longBitsToDouble(le(v, it * 8, 8)) }
            else -> listOf(java.lang.Double.longBitsToDouble(v as Long))
        }
    }

    private fun le(b: ByteArray, at: Int, n: Int): Long {
        var v = 0L
        for (i in n - 1 downTo 0) v = (v shl 8) or (b[at + i].toLong() and 0xFF)
        return v
    }
}
