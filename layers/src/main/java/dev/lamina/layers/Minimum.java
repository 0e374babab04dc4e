package dev.lamina.layers;

import dev.lamina.tensor.Ops;
import dev.lamina.tensor.Tensor;

import java.util.List;
import java.util.Map;

/** Keras' {@code Minimum}: the elementwise minimum of its inputs. */
public final class Minimum extends Merge<Minimum> {
    public Minimum() {
        super("minimum");
    }

    /** Keras' {@code layers.minimum(inputs)}: a new Minimum applied to {@code inputs}. */
    public static SymbolicTensor minimum(SymbolicTensor... inputs) {
        return new Minimum().apply(inputs);
    }

    @Override
    protected Tensor merge(List<Tensor> xs) {
        Tensor y = xs.get(0);
        for (int i = 1; i < xs.size(); i++) y = Ops.minimum(y, xs.get(i));
        return y;
    }

    /** Rebuilds a Minimum from {@link #getConfig()}. */
    public static Minimum fromConfig(Map<String, Object> config) {
        return new Minimum().configure(config);
    }
}
