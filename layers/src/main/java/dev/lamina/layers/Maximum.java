package dev.lamina.layers;

import dev.lamina.tensor.Ops;
import dev.lamina.tensor.Tensor;

import java.util.List;
import java.util.Map;

/** Keras' {@code Maximum}: the elementwise maximum of its inputs. */
public final class Maximum extends Merge<Maximum> {
    public Maximum() {
        super("maximum");
    }

    /** Keras' {@code layers.maximum(inputs)}: a new Maximum applied to {@code inputs}. */
    public static SymbolicTensor maximum(SymbolicTensor... inputs) {
        return new Maximum().apply(inputs);
    }

    @Override
    protected Tensor merge(List<Tensor> xs) {
        Tensor y = xs.get(0);
        for (int i = 1; i < xs.size(); i++) y = Ops.maximum(y, xs.get(i));
        return y;
    }

    /** Rebuilds a Maximum from {@link #getConfig()}. */
    public static Maximum fromConfig(Map<String, Object> config) {
        return new Maximum().configure(config);
    }
}
