package dev.lamina.layers;

import dev.lamina.tensor.Ops;
import dev.lamina.tensor.Tensor;

import java.util.List;
import java.util.Map;

/** Keras' {@code Add}: the elementwise sum of its inputs. */
public final class Add extends Merge<Add> {
    public Add() {
        super("add");
    }

    /** Keras' {@code layers.add(inputs)}: a new Add applied to {@code inputs}. */
    public static SymbolicTensor add(SymbolicTensor... inputs) {
        return new Add().apply(inputs);
    }

    @Override
    protected Tensor merge(List<Tensor> xs) {
        Tensor y = xs.get(0);
        for (int i = 1; i < xs.size(); i++) y = Ops.add(y, xs.get(i));
        return y;
    }

    /** Rebuilds a Add from {@link #getConfig()}. */
    public static Add fromConfig(Map<String, Object> config) {
        return new Add().configure(config);
    }
}
