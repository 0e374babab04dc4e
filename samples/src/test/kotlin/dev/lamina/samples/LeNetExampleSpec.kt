package dev.lamina.samples

import dev.lamina.tensor.io.Json
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import java.util.zip.ZipFile

/** The half of the LeNet sample that needs no Keras reader: train on the digits, save as a Keras 3 .keras file. */
class LeNetExampleSpec : FunSpec({
    test("Lamina's LeNet learns the digits in 4 epochs and is saved as a .keras archive of a Keras Sequential") {
        val out = Files.createTempDirectory("lamina-lenet")
        var acc = 0.0
        val s = captured { acc = LeNetExample.trainAndSave(SampleArgs.defaults().withOutputDir(out), DigitsData.load(0)) }
        acc shouldBeGreaterThanOrEqual 0.85      // seeded: 0.886 after 4 epochs (chance is 0.1)
        s shouldContain "Saved "
        val f = out.resolve("lenet/lenet_lamina.keras")
        ZipFile(f.toFile()).use { z ->
            z.entries().toList().map { it.name } shouldBe listOf("metadata.json", "config.json", "model.weights.h5")
            val config = Json.parse(String(z.getInputStream(z.getEntry("config.json")).readAllBytes())) as Map<*, *>
            config["class_name"] shouldBe "Sequential"
            ((config["config"] as Map<*, *>)["layers"] as List<*>).map { (it as Map<*, *>)["class_name"] } shouldBe
                listOf("InputLayer", "Conv2D", "AveragePooling2D", "Conv2D", "AveragePooling2D", "Flatten", "Dense", "Dense", "Dense")
        }
        out.toFile().deleteRecursively()
    }

    test("the bundled Python LeNet is the generated Keras 3 file") {
        LeNetExample::class.java.getResourceAsStream(LeNetExample.PYTHON_LENET)!!.use { it.readAllBytes().size } shouldBe 279948
    }
})
