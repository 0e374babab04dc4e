package dev.lamina.activations;

import dev.lamina.tensor.Tensor;

/** An elementwise (or last-axis) activation with its Keras name, e.g. {@code relu}. */
public interface ActivationFunction {
    Tensor apply(Tensor x);

    /** The Keras identifier written to configs. */
    String name();
}
