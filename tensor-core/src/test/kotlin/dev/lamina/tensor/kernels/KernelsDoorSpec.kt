package dev.lamina.tensor.kernels

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.lang.reflect.Modifier
import java.nio.file.Files
import java.nio.file.Path

/**
 * The package's one door: only [Kernels], [Gemm] (with their nested types) and the diagnostics hook are public, the
 * kernel set is loaded once, and the door rejects bad input naming it.
 */
class KernelsDoorSpec : FunSpec({
    test("the only public classes of the package are Kernels, Gemm, KernelDiagnostics and their nested types") {
        val dir = Path.of(Kernels::class.java.protectionDomain.codeSource.location.toURI()).resolve("dev/lamina/tensor/kernels")
        val names = Files.list(dir).use { s -> s.map { it.fileName.toString() }.filter { it.endsWith(".class") }.toList() }
        (names.size > 20) shouldBe true          // the directory holds the package's classes
        val public = names.map { Class.forName("dev.lamina.tensor.kernels." + it.removeSuffix(".class"), false, Kernels::class.java.classLoader) }
            .filter { Modifier.isPublic(it.modifiers) && !it.isAnonymousClass }
            .map { it.name.removePrefix("dev.lamina.tensor.kernels.") }
        public shouldContainExactlyInAnyOrder listOf("Kernels", "Kernels\$Window", "Kernels\$Range", "Gemm", "Gemm\$Call", "KernelDiagnostics")
    }

    test("the door's GEMM and loops are the loaded kernel set's") {
        KernelSet.LOADED.gemm().name() shouldBe "vector"
        Kernels.kernelSet() shouldBe KernelSet.LOADED.name()
        (Kernels.gemm() === KernelSet.LOADED.gemm()) shouldBe true
    }

    test("useGemm rejects null and keeps the GEMM in use") {
        val before = Kernels.gemm()
        shouldThrow<IllegalArgumentException> { Kernels.useGemm(null) }.message shouldContain "Kernels.useGemm: expected a Gemm, received null"
        (Kernels.gemm() === before) shouldBe true
    }

    test("setMaxThreads rejects n < 1 and keeps the setting") {
        val before = Kernels.maxThreads()
        shouldThrow<IllegalArgumentException> { Kernels.setMaxThreads(0) }.message shouldContain "expected n >= 1, received n=0"
        Kernels.maxThreads() shouldBe before
    }
})
