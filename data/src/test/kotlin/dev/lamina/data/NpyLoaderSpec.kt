package dev.lamina.data

import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.ByteArrayInputStream
import java.io.ByteArrayOutputStream
import java.nio.ByteBuffer
import java.nio.ByteOrder
import java.nio.file.Files
import java.nio.file.Path
import java.util.zip.CRC32
import java.util.zip.ZipEntry
import java.util.zip.ZipOutputStream

/**
 * Writes .npy bytes by hand from NumPy's format spec (magic, version, little-endian header length, a Python-dict
 * header padded with spaces and ended by '\n' so the data starts at a multiple of 64, then the raw data).
 */
fun npyBytes(descr: String, shape: String, data: ByteArray, fortran: Boolean = false, major: Int = 1): ByteArray {
    val dict = "{'descr': '$descr', 'fortran_order': ${if (fortran) "True" else "False"}, 'shape': $shape, }"
    val lenBytes = if (major == 1) 2 else 4
    val unpadded = 6 + 2 + lenBytes + dict.length + 1
    val header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n"
    val out = ByteArrayOutputStream()
    out.write(byteArrayOf(0x93.toByte(), 'N'.code.toByte(), 'U'.code.toByte(), 'M'.code.toByte(), 'P'.code.toByte(), 'Y'.code.toByte()))
    out.write(byteArrayOf(major.toByte(), 0))
    val len = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(header.length).array()
    out.write(len, 0, lenBytes)
    out.write(header.toByteArray(if (major == 3) Charsets.UTF_8 else Charsets.ISO_8859_1))
    out.write(data)
    return out.toByteArray()
}

private fun bytes(order: ByteOrder, size: Int, n: Int, put: (ByteBuffer, Int) -> Unit): ByteArray {
    val b = ByteBuffer.allocate(size * n).order(order)
    for (i in 0 until n) put(b, i)
    return b.array()
}

private fun load(b: ByteArray, name: String = "test.npy"): Tensor = NpyLoader.load(ByteArrayInputStream(b), name)

private fun expect(actual: Tensor, shape: Shape, vararg values: Float) {
    actual.shape() shouldBe shape
    actual.toFloatArray() shouldBe values   // exact: every test value is representable in float32
}

class NpyLoaderSpec : FunSpec({
    val le = ByteOrder.LITTLE_ENDIAN
    val be = ByteOrder.BIG_ENDIAN

    test("float32 little-endian, C order, version 1.0") {
        val t = load(npyBytes("<f4", "(2, 3)", bytes(le, 4, 6) { b, i -> b.putFloat(i * 1.5f - 2f) }))
        expect(t, Shape.of(2, 3), -2f, -0.5f, 1f, 2.5f, 4f, 5.5f)
    }

    test("float64 big-endian becomes float32") {
        val t = load(npyBytes(">f8", "(3,)", bytes(be, 8, 3) { b, i -> b.putDouble(0.1 * (i + 1)) }))
        expect(t, Shape.of(3), 0.1f, 0.2f, 0.3f)
    }

    test("Fortran order is reordered to row-major") {
        // np.array([[1, 2, 3], [4, 5, 6]], order='F') stores 1 4 2 5 3 6.
        val t = load(npyBytes("<f4", "(2, 3)", bytes(le, 4, 6) { b, i -> b.putFloat(floatArrayOf(1f, 4f, 2f, 5f, 3f, 6f)[i]) }, fortran = true))
        expect(t, Shape.of(2, 3), 1f, 2f, 3f, 4f, 5f, 6f)
    }

    test("Fortran order in three dimensions matches the C reading of the reversed axes") {
        // a[i, j, k] = 100 i + 10 j + k with shape (2, 3, 4); Fortran bytes list i fastest, then j, then k.
        val f = FloatArray(24)
        var n = 0
        for (k in 0 until 4) for (j in 0 until 3) for (i in 0 until 2) f[n++] = (100 * i + 10 * j + k).toFloat()
        val t = load(npyBytes(">f4", "(2, 3, 4)", bytes(be, 4, 24) { b, i -> b.putFloat(f[i]) }, fortran = true))
        t.shape() shouldBe Shape.of(2, 3, 4)
        for (i in 0 until 2) for (j in 0 until 3) for (k in 0 until 4) t.get(i, j, k) shouldBe (100 * i + 10 * j + k).toFloat()
    }

    test("integer, unsigned and bool dtypes") {
        expect(load(npyBytes("<i4", "(3,)", bytes(le, 4, 3) { b, i -> b.putInt(intArrayOf(-7, 0, 123456)[i]) })), Shape.of(3), -7f, 0f, 123456f)
        expect(load(npyBytes(">i8", "(2,)", bytes(be, 8, 2) { b, i -> b.putLong(longArrayOf(-3L, 1L shl 40)[i]) })), Shape.of(2), -3f, (1L shl 40).toFloat())
        expect(load(npyBytes("|u1", "(2, 2)", byteArrayOf(0, 1, 200.toByte(), 255.toByte()))), Shape.of(2, 2), 0f, 1f, 200f, 255f)
        expect(load(npyBytes("|b1", "(4,)", byteArrayOf(1, 0, 0, 1))), Shape.of(4), 1f, 0f, 0f, 1f)
        expect(load(npyBytes("<u2", "(2,)", bytes(le, 2, 2) { b, i -> b.putShort(intArrayOf(65535, 7)[i].toShort()) })), Shape.of(2), 65535f, 7f)
        expect(load(npyBytes("|i1", "(2,)", byteArrayOf(-128, 127))), Shape.of(2), -128f, 127f)
    }

    test("float16, scalars and empty arrays") {
        // 0x3C00 = 1.0, 0xC000 = -2.0, 0x0001 = 2^-24 (smallest subnormal), 0x7C00 = inf
        val h = load(npyBytes("<f2", "(4,)", bytes(le, 2, 4) { b, i -> b.putShort(intArrayOf(0x3C00, 0xC000, 0x0001, 0x7C00)[i].toShort()) }))
        expect(h, Shape.of(4), 1f, -2f, 5.9604645E-8f, Float.POSITIVE_INFINITY)
        val s = load(npyBytes("<f8", "()", bytes(le, 8, 1) { b, _ -> b.putDouble(42.5) }))
        s.shape() shouldBe Shape.scalar()
        s.item() shouldBe 42.5f
        load(npyBytes("<f4", "(0, 3)", ByteArray(0))).shape() shouldBe Shape.of(0, 3)
    }

    test("version 2.0 and 3.0 headers (4-byte header length; 3.0 is UTF-8)") {
        val data = bytes(le, 4, 2) { b, i -> b.putFloat(i + 0.25f) }
        expect(load(npyBytes("<f4", "(2,)", data, major = 2)), Shape.of(2), 0.25f, 1.25f)
        expect(load(npyBytes("<f4", "(1, 2)", data, major = 3)), Shape.of(1, 2), 0.25f, 1.25f)
    }

    test("Python 2 headers with long integers (3L,) parse") {
        expect(load(npyBytes("<f4", "(2L,)", bytes(le, 4, 2) { b, i -> b.putFloat(i.toFloat()) })), Shape.of(2), 0f, 1f)
    }

    test("reads a file from disk, and an .npz archive both stored and deflated") {
        val dir = Files.createTempDirectory("npy")
        val a = npyBytes("<f4", "(2, 2)", bytes(le, 4, 4) { b, i -> b.putFloat(i.toFloat()) })
        val y = npyBytes("<i8", "(3,)", bytes(le, 8, 3) { b, i -> b.putLong(i + 7L) })
        Files.write(dir.resolve("a.npy"), a)
        expect(NpyLoader.load(dir.resolve("a.npy")), Shape.of(2, 2), 0f, 1f, 2f, 3f)
        for (method in listOf(ZipEntry.STORED, ZipEntry.DEFLATED)) {
            val file = dir.resolve("arch$method.npz")
            writeZip(file, method, linkedMapOf("x.npy" to a, "y.npy" to y))
            val m = NpyLoader.loadNpz(file)
            m.keys.toList() shouldBe listOf("x", "y")
            expect(m.getValue("x"), Shape.of(2, 2), 0f, 1f, 2f, 3f)
            expect(m.getValue("y"), Shape.of(3), 7f, 8f, 9f)
        }
    }

    test("a truncated data section names the expected and received byte counts") {
        val full = npyBytes("<f4", "(3, 4)", ByteArray(48))
        val e = shouldThrow<IllegalArgumentException> { load(full.copyOf(full.size - 28), "cut.npy") }
        e.message shouldContain "truncated file cut.npy"
        e.message shouldContain "expected 48 data bytes for shape (3, 4) <f4, received 20"
    }

    test("a truncated header or magic, and foreign files, fail with a message") {
        val full = npyBytes("<f4", "(3,)", ByteArray(12))
        shouldThrow<IllegalArgumentException> { load(full.copyOf(30)) }.message shouldContain "truncated file test.npy: expected the header"
        shouldThrow<IllegalArgumentException> { load(full.copyOf(4)) }.message shouldContain "expected the magic string"
        shouldThrow<IllegalArgumentException> { load(ByteArray(0)) }.message shouldContain "(empty file)"
        val png = byteArrayOf(0x89.toByte(), 'P'.code.toByte(), 'N'.code.toByte(), 'G'.code.toByte(), 13, 10, 26, 10)
        shouldThrow<IllegalArgumentException> { load(png, "pic.png") }.message shouldContain
            "expected a .npy file starting with \\x93NUMPY in pic.png, received bytes 89 50 4e 47 0d 0a 1a 0a"
        shouldThrow<IllegalArgumentException> { load("PK\u0003\u0004rest".toByteArray()) }.message shouldContain "use NpyLoader.loadNpz"
    }

    test("unsupported versions, dtypes and headers are rejected by name") {
        val v4 = npyBytes("<f4", "(1,)", ByteArray(4)).also { it[6] = 4 }
        shouldThrow<IllegalArgumentException> { load(v4) }.message shouldContain "expected .npy format version 1.0, 2.0 or 3.0 in test.npy, received 4.0"
        shouldThrow<IllegalArgumentException> { load(npyBytes("|O", "(1,)", ByteArray(8))) }.message shouldContain "pickled object arrays are never loaded"
        shouldThrow<IllegalArgumentException> { load(npyBytes("<c8", "(1,)", ByteArray(8))) }.message shouldContain "received '<c8'"
        val structured = npyBytes("<f4", "(1,)", ByteArray(8)).let { String(it, Charsets.ISO_8859_1) }
            .replace("'<f4'", "[('a', '<f4')]").toByteArray(Charsets.ISO_8859_1)
        shouldThrow<IllegalArgumentException> { load(structured) }.message shouldContain "structured arrays are not supported"
        val noShape = npyBytes("<f4", "(1,)", ByteArray(4)).let { String(it, Charsets.ISO_8859_1) }
            .replace("'shape'", "'shope'").toByteArray(Charsets.ISO_8859_1)
        shouldThrow<IllegalArgumentException> { load(noShape) }.message shouldContain "expected key 'shape'"
    }

    test("a truncated or foreign .npz fails with a message, and a missing file is named") {
        val dir = Files.createTempDirectory("npz")
        val file = dir.resolve("a.npz")
        writeZip(file, ZipEntry.DEFLATED, linkedMapOf("x.npy" to npyBytes("<f4", "(64,)", ByteArray(256))))
        val bytes = Files.readAllBytes(file)
        Files.write(file, bytes.copyOf(bytes.size / 2))
        shouldThrow<IllegalArgumentException> { NpyLoader.loadNpz(file) }.message shouldContain "truncated or foreign file"
        Files.write(file, "not a zip at all".toByteArray())
        shouldThrow<IllegalArgumentException> { NpyLoader.loadNpz(file) }.message shouldContain "expected an .npz (zip) archive"
        shouldThrow<IllegalArgumentException> { NpyLoader.loadNpz(dir.resolve("none.npz")) }.message shouldContain "expected an existing file"
        shouldThrow<IllegalArgumentException> { NpyLoader.load(dir.resolve("none.npy")) }.message shouldContain "expected an existing file"
    }
})

private fun writeZip(file: Path, method: Int, entries: Map<String, ByteArray>) {
    ZipOutputStream(Files.newOutputStream(file)).use { z ->
        for ((name, b) in entries) {
            val e = ZipEntry(name)
            e.method = method
            if (method == ZipEntry.STORED) {
                e.size = b.size.toLong()
                e.compressedSize = b.size.toLong()
                e.crc = CRC32().also { it.update(b) }.value
            }
            z.putNextEntry(e)
            z.write(b)
            z.closeEntry()
        }
    }
}
