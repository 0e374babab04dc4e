package dev.lamina.layers;

import java.util.List;

/** One call of a layer in a functional graph: the symbolic tensors it consumed and produced. */
public final class LayerNode {
    private final Layer layer;
    private final List<SymbolicTensor> inputs;
    private List<SymbolicTensor> outputs;

    LayerNode(Layer layer, List<SymbolicTensor> inputs) {
        this.layer = layer;
        this.inputs = List.copyOf(inputs);
    }

    void setOutputs(List<SymbolicTensor> outputs) {
        this.outputs = List.copyOf(outputs);
    }

    public Layer layer() {
        return layer;
    }

    public List<SymbolicTensor> inputs() {
        return inputs;
    }

    public List<SymbolicTensor> outputs() {
        return outputs;
    }
}
