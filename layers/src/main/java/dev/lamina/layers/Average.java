package dev.lamina.layers;

import dev.lamina.tensor.Ops;
import dev.lamina.tensor.Tensor;

import java.util.List;
import java.util.Map;

/** Keras' {@code Average}: the elementwise mean of its inputs. */
public final class Average extends Merge<Average> {
    public Average() {
        super("average");
    }

    /** Keras' {@code layers.average(inputs)}: a new Average applied to {@code inputs}. */
    public static SymbolicTensor average(SymbolicTensor... inputs) {
        return new Average().apply(inputs);
    }

    @Override
    protected Tensor merge(List<Tensor> xs) {
        Tensor y = xs.get(0);
        for (int i = 1; i < xs.size(); i++) y = Ops.add(y, xs.get(i));
        return Ops.divide(y, (float) xs.size());
    }

    /** Rebuilds a Average from {@link #getConfig()}. */
    public static Average fromConfig(Map<String, Object> config) {
        return new Average().configure(config);
    }
}
