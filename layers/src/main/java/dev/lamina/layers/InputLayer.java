package dev.lamina.layers;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The entry point of a functional graph: holds an input's shape (without the batch dimension) and its name. */
public final class InputLayer extends Layer {
    private final Shape shape;          // with None batch
    private final SymbolicTensor output;

    /** @param shape the shape of one sample, without the batch dimension */
    public InputLayer(String name, int... shape) {
        super("input_layer");
        if (name != null) name(name);
        for (int d : shape) {
            if (d <= 0 && d != Shape.UNKNOWN) throw new IllegalArgumentException("Input: expected positive dimensions (or -1 for None), received " + java.util.Arrays.toString(shape));
        }
        this.shape = Shape.of(shape).prepend(Shape.UNKNOWN);
        LayerNode node = new LayerNode(this, List.of());
        output = new SymbolicTensor(this.shape, node, 0);
        node.setOutputs(List.of(output));
    }

    @Override
    public InputLayer name(String n) {
        super.name(n);
        return this;
    }

    /** The symbolic tensor this input provides. */
    public SymbolicTensor output() {
        return output;
    }

    /** The full input shape, batch dimension None. */
    public Shape shape() {
        return shape;
    }

    @Override
    protected List<Tensor> callAll(List<Tensor> inputs, boolean training) {
        return new ArrayList<>(inputs);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("batch_shape", shape.toArray());
        return c;
    }

    /** Rebuilds an InputLayer from {@link #getConfig()}: {@code batch_shape} (an int array or a list) and the name. */
    @SuppressWarnings("unchecked")
    public static InputLayer fromConfig(Map<String, Object> c) {
        ConfigReader r = LayerConfigs.reader("InputLayer", c);
        Object b = c.get("batch_shape");
        int[] batchShape = b instanceof int[] ? ((int[]) b).clone() : r.requireInts("batch_shape", -1);
        if (batchShape.length < 1) throw new IllegalArgumentException("InputLayer.fromConfig: expected a batch_shape with a batch axis, received []");
        int[] sample = java.util.Arrays.copyOfRange(batchShape, 1, batchShape.length);
        return LayerConfigs.restoreBase(new InputLayer(null, sample), r);
    }
}
