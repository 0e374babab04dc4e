package dev.lamina.layers;

import dev.lamina.tensor.Shape;

/**
 * A placeholder for a tensor in a functional graph: its shape (batch dimension {@code None}) and the layer call
 * that produces it. Calling a layer on symbolic tensors records a {@link LayerNode} and returns new ones.
 */
public final class SymbolicTensor {
    private final Shape shape;
    private final LayerNode node;
    private final int index;

    SymbolicTensor(Shape shape, LayerNode node, int index) {
        this.shape = shape;
        this.node = node;
        this.index = index;
    }

    public Shape shape() {
        return shape;
    }

    /** The layer call that produces this tensor. */
    public LayerNode node() {
        return node;
    }

    /** Which of the producing call's outputs this is. */
    public int index() {
        return index;
    }

    /** The producing layer. */
    public Layer layer() {
        return node.layer();
    }

    /** The producing layer's name, which is how multi-output models name their outputs. */
    public String name() {
        return node.layer().name();
    }

    @Override
    public String toString() {
        return "<SymbolicTensor shape=" + shape + ", name=" + name() + ">";
    }
}
