package dev.lamina.layers;

import dev.lamina.tensor.Shape;

import java.util.List;

/**
 * A layer whose output has its input's shape and that accepts any input shape (the activation, rescaling and
 * noise layers). Subclasses implement {@code call} and the config.
 */
public abstract class ElementwiseLayer extends Layer {
    protected ElementwiseLayer(String baseName) {
        super(baseName);
    }

    @Override
    protected void checkInput(Shape expected, Shape received) {
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> in) {
        return List.of(in.get(0));
    }

    /** Keras' supports_masking: the mask of the input passes to the output unchanged. */
    @Override
    public boolean supportsMasking() {
        return true;
    }
}
