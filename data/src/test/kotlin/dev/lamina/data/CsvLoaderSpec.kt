package dev.lamina.data

import dev.lamina.tensor.Shape
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.ByteArrayInputStream
import java.io.ByteArrayOutputStream
import java.nio.file.Files
import java.util.zip.GZIPOutputStream

private fun gzip(b: ByteArray): ByteArray = ByteArrayOutputStream().also { o -> GZIPOutputStream(o).use { it.write(b) } }.toByteArray()

private fun csv(text: String, loader: CsvLoader = CsvLoader()): LabeledData =
    loader.load(ByteArrayInputStream(text.toByteArray()), "test.csv")

class CsvLoaderSpec : FunSpec({
    test("the digits CSV (gzip, no header, label last): 1797 rows of 64 pixels, ten classes") {
        val d = CsvLoader().load(CsvLoaderSpec::class.java.getResourceAsStream("/data/digits.csv.gz")!!, "digits.csv.gz")
        d.features().shape() shouldBe Shape.of(1797, 64)
        d.labels()!!.shape() shouldBe Shape.of(1797)
        d.classNames() shouldBe null
        // first row of the file: 0,0,5,13,9,1,0,0,... label 0
        d.features().get(0, 2) shouldBe 5f
        d.features().get(0, 3) shouldBe 13f
        d.labels()!!.get(0) shouldBe 0f
        d.labels()!!.get(1) shouldBe 1f
        d.labels()!!.toFloatArray().toSet() shouldBe (0..9).map { it.toFloat() }.toSet()
        d.features().toFloatArray().max() shouldBe 16f
    }

    test("a header with a label column by name, in the middle, with quotes and a BOM") {
        val d = csv("\uFEFFa,\"label\",b\n1,2,3\n\n4.5,5,\"6\"\n", CsvLoader().header(true).labelColumn("label"))
        d.featureNames() shouldBe listOf("a", "b")
        d.features().shape() shouldBe Shape.of(2, 2)
        d.features().toFloatArray().toList() shouldBe listOf(1f, 3f, 4.5f, 6f)
        d.labels()!!.toFloatArray().toList() shouldBe listOf(2f, 5f)
    }

    test("label column by index (negative from the end), other delimiters, and no labels") {
        val semi = csv("7;1;2\n8;3;4\n", CsvLoader().delimiter(';').labelColumn(0))
        semi.labels()!!.toFloatArray().toList() shouldBe listOf(7f, 8f)
        semi.features().toFloatArray().toList() shouldBe listOf(1f, 2f, 3f, 4f)
        semi.featureNames() shouldBe listOf("column_1", "column_2")
        csv("1\t2\t3\n", CsvLoader().delimiter('\t').labelColumn(-2)).labels()!!.get(0) shouldBe 2f
        val none = csv("1,2\n3,nan\n", CsvLoader().noLabels())
        none.labels() shouldBe null
        none.features().shape() shouldBe Shape.of(2, 2)
        none.features().get(1, 1).isNaN() shouldBe true
    }

    test("text labels become sorted class indices with their names") {
        val d = csv("x,species\n1,virginica\n2,setosa\n3,virginica\n4,versicolor\n", CsvLoader().header(true).labelColumn("species"))
        d.classNames() shouldBe listOf("setosa", "versicolor", "virginica")
        d.labels()!!.toFloatArray().toList() shouldBe listOf(2f, 0f, 2f, 1f)
    }

    test("skipRows ignores leading lines, such as scikit-learn's count line, before the header and the data") {
        // scikit-learn's iris.csv starts "150,4,setosa,versicolor,virginica"; breast_cancer.csv's count line is narrower than its rows.
        val counts = csv("3,2,setosa,versicolor\n5.1,3.5,0\n4.9,3.0,0\n6.2,2.9,1\n", CsvLoader().skipRows(1))
        counts.features().shape() shouldBe Shape.of(3, 2)
        counts.features().toFloatArray().toList() shouldBe listOf(5.1f, 3.5f, 4.9f, 3.0f, 6.2f, 2.9f)
        counts.labels()!!.toFloatArray().toList() shouldBe listOf(0f, 0f, 1f)
        val named = csv("# exported\n\n1,2,3\na,y,b\n1,7,2\n", CsvLoader().skipRows(3).header(true).labelColumn("y"))
        named.featureNames() shouldBe listOf("a", "b")
        named.labels()!!.toFloatArray().toList() shouldBe listOf(7f)
        csv("9,9\n1,2\n", CsvLoader().skipRows(0).noLabels()).features().shape() shouldBe Shape.of(2, 2)
        shouldThrow<IllegalArgumentException> { csv("n\n1,2,0\n1,2\n", CsvLoader().skipRows(1)) }.message shouldBe
            "CsvLoader: expected 3 columns in every row of test.csv, received 2 at line 3"
        shouldThrow<IllegalArgumentException> { csv("4,2\n", CsvLoader().skipRows(1)) }.message shouldContain "expected at least one data row"
        shouldThrow<IllegalArgumentException> { CsvLoader().skipRows(-1) }.message shouldBe "CsvLoader: expected skipRows >= 0, received skipRows=-1"
    }

    test("gzip is recognised by content, whatever the file name; plain files load from disk") {
        val dir = Files.createTempDirectory("csv")
        Files.write(dir.resolve("plain.txt"), gzip("1,2,0\n3,4,1\n".toByteArray()))
        val d = CsvLoader().load(dir.resolve("plain.txt"))
        d.features().toFloatArray().toList() shouldBe listOf(1f, 2f, 3f, 4f)
        Files.write(dir.resolve("a.csv"), "5,6,1\n".toByteArray())
        CsvLoader().load(dir.resolve("a.csv")).labels()!!.get(0) shouldBe 1f
    }

    test("bad rows name the line, the column and what was received") {
        shouldThrow<IllegalArgumentException> { csv("1,2,3\n4,5\n") }.message shouldBe
            "CsvLoader: expected 3 columns in every row of test.csv, received 2 at line 2"
        shouldThrow<IllegalArgumentException> { csv("a,b,y\n1,x,0\n", CsvLoader().header(true)) }.message shouldBe
            "CsvLoader: expected a number in column 'b' (index 1) at line 2 of test.csv, received 'x'"
        shouldThrow<IllegalArgumentException> { csv("1,,0\n") }.message shouldContain "received ''"
        shouldThrow<IllegalArgumentException> { csv("1,\"2,0\n") }.message shouldContain "expected a closing quote at line 1"
        shouldThrow<IllegalArgumentException> { csv("a,b\n", CsvLoader().header(true)) }.message shouldContain "expected at least one data row"
        shouldThrow<IllegalArgumentException> { csv("a,b\n1,2\n", CsvLoader().header(true).labelColumn("y")) }.message shouldContain
            "expected label column 'y' in the header of test.csv, received columns [a, b]"
        shouldThrow<IllegalArgumentException> { csv("1,2\n", CsvLoader().labelColumn("y")) }.message shouldContain "expected header(true)"
        shouldThrow<IllegalArgumentException> { csv("1,2\n", CsvLoader().labelColumn(5)) }.message shouldContain
            "expected a label column index in [-2, 1] for 2 columns in test.csv, received 5"
    }

    test("truncated gzip and foreign binary files fail with a message") {
        val z = gzip(ByteArray(4000) { "0123456789,\n"[it % 12].code.toByte() })
        shouldThrow<IllegalArgumentException> { CsvLoader().load(ByteArrayInputStream(z.copyOf(z.size / 2)), "cut.csv.gz") }.message shouldContain
            "truncated or corrupt gzip data in cut.csv.gz"
        val png = byteArrayOf(0x89.toByte(), 'P'.code.toByte(), 'N'.code.toByte(), 'G'.code.toByte(), 13, 10, 26, 10, 0, 0, 0, 13)
        shouldThrow<IllegalArgumentException> { CsvLoader().load(ByteArrayInputStream(png), "pic.png") }.message shouldContain
            "expected UTF-8 text in pic.png"
        shouldThrow<IllegalArgumentException> { CsvLoader().load(ByteArrayInputStream("1,2\u0000,3\n".toByteArray()), "nul.bin") }.message shouldContain
            "received binary data at line 1 of nul.bin"
        shouldThrow<IllegalArgumentException> { CsvLoader().load(Files.createTempDirectory("csv").resolve("none.csv")) }.message shouldContain
            "expected an existing file"
    }
})
