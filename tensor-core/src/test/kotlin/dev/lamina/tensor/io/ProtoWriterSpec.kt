package dev.lamina.tensor.io

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/** The protobuf encodings against hand-encoded bytes (protobuf's encoding guide's examples). */
class ProtoWriterSpec : FunSpec({
    fun hex(b: ByteArray) = b.joinToString(" ") { "%02x".format(it) }

    test("varint, negative int64, string and nested message") {
        hex(ProtoWriter().int64(1, 150).toByteArray()) shouldBe "08 96 01"
        hex(ProtoWriter().int64(2, -1).toByteArray()) shouldBe "10 ff ff ff ff ff ff ff ff ff 01"
        hex(ProtoWriter().string(2, "testing").toByteArray()) shouldBe "12 07 74 65 73 74 69 6e 67"
        hex(ProtoWriter().message(3, ProtoWriter().int64(1, 150)).toByteArray()) shouldBe "1a 03 08 96 01"
    }

    test("packed int64s and little-endian floats") {
        hex(ProtoWriter().packedInt64s(4, longArrayOf(3, 270, 86942)).toByteArray()) shouldBe "22 06 03 8e 02 9e a7 05"
        hex(ProtoWriter.littleEndian(floatArrayOf(0f, 1f, -2.5f), 1, 2)) shouldBe "00 00 80 3f 00 00 20 c0"
        hex(ProtoWriter().floatField(1, 1f).toByteArray()) shouldBe "0d 00 00 80 3f"
    }
})
