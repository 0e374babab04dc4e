package dev.lamina.layers;

import dev.lamina.tensor.Ops;
import dev.lamina.tensor.Tensor;

import java.util.List;
import java.util.Map;

/** Keras' {@code Subtract}: {@code inputs[0] - inputs[1]}, for exactly two inputs. */
public final class Subtract extends Merge<Subtract> {
    public Subtract() {
        super("subtract");
    }

    /** Keras' {@code layers.subtract(inputs)}: a new Subtract applied to {@code inputs}. */
    public static SymbolicTensor subtract(SymbolicTensor... inputs) {
        return new Subtract().apply(inputs);
    }

    @Override
    protected void checkCount(int n) {
        if (n != 2) throw new IllegalArgumentException(ConvArgs.who(this) + ": expected exactly 2 inputs, received " + n);
    }

    @Override
    protected Tensor merge(List<Tensor> xs) {
        return Ops.subtract(xs.get(0), xs.get(1));
    }

    /** Rebuilds a Subtract from {@link #getConfig()}. */
    public static Subtract fromConfig(Map<String, Object> config) {
        return new Subtract().configure(config);
    }
}
