package dev.lamina.layers

import dev.lamina.Lamina
import dev.lamina.tensor.Shape
import dev.lamina.tensor.Tensor
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class ReshapeFlattenSpec : FunSpec({
    beforeTest { Lamina.clearSession(); Lamina.setRandomSeed(0) }

    val x = Tensor.of(FloatArray(24) { it.toFloat() }, 2, 12)

    test("Reshape infers its -1 from each sample's size, keeping the batch axis and the order") {
        val y = Reshape(-1, 4).call(x)
        y.shape() shouldBe Shape.of(2, 3, 4)
        y.toFloatArray().toList() shouldBe x.toFloatArray().toList()
        Reshape(2, -1, 3).call(x).shape() shouldBe Shape.of(2, 2, 2, 3)
        Reshape(3, 4).apply(Input.of(12)).shape() shouldBe Shape.of(-1, 3, 4)
        Reshape(-1, 6).apply(Input.of(4, 3)).shape() shouldBe Shape.of(-1, 2, 6)
        Reshape(-1, 3).apply(Input.of(-1, 3)).shape() shouldBe Shape.of(-1, -1, 3)
    }

    test("Reshape rejects a second -1 and an incompatible size") {
        shouldThrow<IllegalArgumentException> { Reshape(-1, -1) }.message shouldBe
            "Reshape: expected target_shape of positive dimensions with at most one -1, received target_shape=(-1, -1)"
        shouldThrow<IllegalArgumentException> { Reshape(0, 3) }
        shouldThrow<IllegalArgumentException> { Reshape(5, -1).name("r").apply(Input.of(12)) }.message shouldBe
            "Reshape 'r': expected the total size of each sample to be unchanged, received input shape (None, 12) (12 per sample) for target_shape (5, -1)"
        shouldThrow<IllegalArgumentException> { Reshape(5).name("r5").call(x) }
    }

    test("Flatten keeps channels_last order, handles rank 2 and rank 1, and None dimensions") {
        val img = Tensor.of(FloatArray(24) { it.toFloat() }, 2, 2, 3, 2)
        val y = Flatten().call(img)
        y.shape() shouldBe Shape.of(2, 12)
        y.toFloatArray().toList() shouldBe img.toFloatArray().toList()
        Flatten().call(x).shape() shouldBe Shape.of(2, 12)
        Flatten().call(Tensor.vector(1f, 2f, 3f)).shape() shouldBe Shape.of(3, 1)
        Flatten().apply(Input.of(-1, 4)).shape() shouldBe Shape.of(-1, -1)
        Flatten().apply(Input.of(5, 4, 3)).shape() shouldBe Shape.of(-1, 60)
    }
})
