package dev.lamina.layers;

import dev.lamina.tensor.Ops;
import dev.lamina.tensor.Tensor;

import java.util.List;
import java.util.Map;

/** Keras' {@code Multiply}: the elementwise product of its inputs. */
public final class Multiply extends Merge<Multiply> {
    public Multiply() {
        super("multiply");
    }

    /** Keras' {@code layers.multiply(inputs)}: a new Multiply applied to {@code inputs}. */
    public static SymbolicTensor multiply(SymbolicTensor... inputs) {
        return new Multiply().apply(inputs);
    }

    @Override
    protected Tensor merge(List<Tensor> xs) {
        Tensor y = xs.get(0);
        for (int i = 1; i < xs.size(); i++) y = Ops.multiply(y, xs.get(i));
        return y;
    }

    /** Rebuilds a Multiply from {@link #getConfig()}. */
    public static Multiply fromConfig(Map<String, Object> config) {
        return new Multiply().configure(config);
    }
}
