package dev.lamina.utils.plot

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.ints.shouldBeInRange
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import java.io.ByteArrayInputStream
import java.io.UncheckedIOException
import java.nio.file.Files
import java.nio.file.Path
import javax.imageio.ImageIO
import javax.imageio.metadata.IIOMetadataNode
import javax.xml.parsers.DocumentBuilderFactory
import kotlin.io.path.listDirectoryEntries
import kotlin.io.path.name
import kotlin.io.path.readText
import kotlin.io.path.writeText
import org.w3c.dom.Document
import org.w3c.dom.Element

class GraphRendererSpec : FunSpec({
    fun tempDir(): Path = Files.createTempDirectory("lamina-plot")

    fun parse(svg: String): Document = DocumentBuilderFactory.newInstance()
        .apply { isNamespaceAware = true }
        .newDocumentBuilder().parse(ByteArrayInputStream(svg.toByteArray(Charsets.UTF_8)))

    fun elements(doc: Document, tag: String): List<Element> {
        val nodes = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", tag)
        return (0 until nodes.length).map { nodes.item(it) as Element }
    }

    test("the PNG decodes with ImageIO, has the layout's size at 96 dpi and shows boxes") {
        val dir = tempDir()
        val file = dir.resolve("exp6.png")
        val g = PlotFixtures.experiment6()
        GraphRenderer.writePng(g, file, "TB", 96)
        val image = ImageIO.read(file.toFile())
        val layout = GraphRenderer.layout(g, "TB")
        image.width shouldBe layout.width.toInt()
        image.height shouldBe layout.height.toInt()
        image.width shouldBeInRange 400..1500
        image.height shouldBeInRange 300..1500
        val colours = HashMap<Int, Int>()
        for (y in 0 until image.height) for (x in 0 until image.width) colours.merge(image.getRGB(x, y) and 0xFFFFFF, 1, Int::plus)
        withClue("header and table fills are painted") {
            (colours[Theme.HEADER_FILL] ?: 0) shouldBeInRange 5_000..Int.MAX_VALUE
            (colours[Theme.BOX_FILL] ?: 0) shouldBeInRange 5_000..Int.MAX_VALUE
        }
        val first = layout.boxes[0]
        image.getRGB((first.x() + 3).toInt(), (first.y() + first.h() - 4).toInt()) and 0xFFFFFF shouldBe Theme.BOX_FILL
        image.getRGB(2, 2) and 0xFFFFFF shouldBe Theme.BACKGROUND
    }

    test("dpi scales the PNG and is recorded in it; Keras' dpi=500 works") {
        val dir = tempDir()
        val g = PlotFixtures.experiment6()
        val layout = GraphRenderer.layout(g, "TB")
        GraphRenderer.writePng(g, dir.resolve("x2.png"), "TB", 192)
        val x2 = ImageIO.read(dir.resolve("x2.png").toFile())
        x2.width shouldBe (layout.width * 2).toInt()
        val reader = ImageIO.getImageReadersByFormatName("png").next()
        ImageIO.createImageInputStream(dir.resolve("x2.png").toFile()).use { stream ->
            reader.input = stream
            val tree = reader.getImageMetadata(0).getAsTree("javax_imageio_png_1.0") as IIOMetadataNode
            val phys = tree.getElementsByTagName("pHYs").item(0) as IIOMetadataNode
            phys.getAttribute("unitSpecifier") shouldBe "meter"
            (phys.getAttribute("pixelsPerUnitXAxis").toDouble() * 0.0254) shouldBe (192.0 plusOrMinus 0.5)
        }
        reader.dispose()
        GraphRenderer.writePng(g, dir.resolve("x500.png"), "TB", 500)
        val big = ImageIO.read(dir.resolve("x500.png").toFile())
        big.width shouldBe Math.round(layout.width * 500 / 96.0).toInt()
        big.height shouldBeLessThanOrEqual GraphRenderer.MAX_PNG_SIDE
    }

    test("a very large plot is clamped to MAX_PNG_SIDE pixels") {
        val g = PlotGraph()
        for (i in 0 until 60) {
            g.addNode("d$i", listOf("dense_$i", "Dense", "input: (None, 64)", "output: (None, 64)"))
            if (i > 0) g.addEdge("d${i - 1}", "d$i")
        }
        val image = GraphRenderer.toImage(g, "TB", 500)
        image.height shouldBe GraphRenderer.MAX_PNG_SIDE
        val layout = GraphRenderer.layout(g, "TB")
        image.width shouldBe Math.round(layout.width * GraphRenderer.MAX_PNG_SIDE / layout.height).toInt()
    }

    test("the SVG parses as XML, names every node and draws one path and one arrowhead per edge") {
        for (rankdir in listOf("TB", "LR")) {
            for (g in listOf(PlotFixtures.experiment6(), PlotFixtures.mlp(), PlotFixtures.residual())) {
                val doc = parse(GraphRenderer.toSvg(g, rankdir))
                doc.documentElement.localName shouldBe "svg"
                val layout = GraphRenderer.layout(g, rankdir)
                doc.documentElement.getAttribute("width").toDouble() shouldBe layout.width
                elements(doc, "path").count { it.getAttribute("class") == "edge" } shouldBe g.edgeCount()
                elements(doc, "polygon").count { it.getAttribute("class") == "arrowhead" } shouldBe g.edgeCount()
                elements(doc, "g").count { it.getAttribute("class") == "node" } shouldBe g.nodeCount()
                val texts = elements(doc, "text").map { it.textContent }
                for (id in g.nodeIds()) {
                    val lines = g.lines(id)
                    texts shouldContain "${lines[0]}: ${lines[1]}"
                    for (row in lines.drop(2)) {
                        texts shouldContain row.substringBefore(": ") + ":"
                        texts shouldContain row.substringAfter(": ")
                    }
                }
            }
        }
    }

    test("SVG edge titles follow the edges, and awkward characters are escaped") {
        val g = PlotGraph()
            .addNode("a&b", listOf("a<b>&\"c\"", "Weird\u0001Class"))
            .addNode("z", listOf("z", "Dense", "note without a colon"))
            .addEdge("a&b", "z")
        val doc = parse(GraphRenderer.toSvg(g, "TB"))
        val texts = elements(doc, "text").map { it.textContent }
        texts shouldContain "a<b>&\"c\": Weird\uFFFDClass"
        texts shouldContain "note without a colon"
        elements(doc, "title").map { it.textContent } shouldContain "a&b -> z"
    }

    test("rendering is deterministic") {
        GraphRenderer.toSvg(PlotFixtures.experiment6(), "TB") shouldBe GraphRenderer.toSvg(PlotFixtures.experiment6(), "TB")
        GraphRenderer.toSvg(PlotFixtures.experiment6(), "TB") shouldNotBe GraphRenderer.toSvg(PlotFixtures.experiment6(), "LR")
    }

    test("writes are atomic: only the target remains, an existing file is replaced") {
        val dir = tempDir()
        val svg = dir.resolve("model.svg")
        svg.writeText("old")
        GraphRenderer.writeSvg(PlotFixtures.mlp(), svg, "TB")
        GraphRenderer.writePng(PlotFixtures.mlp(), dir.resolve("model.png"), "LR", 96)
        dir.listDirectoryEntries().map { it.name }.sorted() shouldContainExactly listOf("model.png", "model.svg")
        svg.readText() shouldBe GraphRenderer.toSvg(PlotFixtures.mlp(), "TB")
    }

    test("a failed write leaves nothing behind") {
        val dir = tempDir()
        // The one atomic writer creates missing directories; a regular file in the way of one makes the write fail.
        java.nio.file.Files.writeString(dir.resolve("blocker"), "")
        shouldThrow<UncheckedIOException> {
            GraphRenderer.writeSvg(PlotFixtures.mlp(), dir.resolve("blocker").resolve("model.svg"), "TB")
        }.message!! shouldContain "blocker"
        shouldThrow<IllegalArgumentException> { GraphRenderer.writePng(PlotFixtures.mlp(), dir.resolve("m.png"), "TB", 0) }
        shouldThrow<IllegalArgumentException> { GraphRenderer.writePng(PlotFixtures.mlp(), dir.resolve("m.png"), "XY", 96) }
        dir.listDirectoryEntries().map { it.fileName.toString() } shouldBe listOf("blocker")
    }
})
