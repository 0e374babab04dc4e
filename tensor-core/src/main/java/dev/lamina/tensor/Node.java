package dev.lamina.tensor;

/** One recorded op in the autodiff graph: its inputs and its backward closure. */
final class Node {
    final String op;
    Tensor[] inputs;
    BackwardFn backward;

    Node(String op, Tensor[] inputs, BackwardFn backward) {
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
    }

    void release() {
        inputs = null;
        backward = null;
    }
}
