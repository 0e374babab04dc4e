package dev.lamina.tensor;

/**
 * The backward half of an op: given the gradient of the loss with respect to the op's output, returns the
 * gradients with respect to its inputs (in input order; {@code null} for an input that needs none). A returned
 * gradient may have the output's broadcast shape: the engine sums it back to the input's shape.
 */
@FunctionalInterface
public interface BackwardFn {
    Tensor[] apply(Tensor gradOutput);
}
