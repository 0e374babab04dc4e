package dev.lamina.losses;

import dev.lamina.tensor.NnOps;
import dev.lamina.tensor.Ops;
import dev.lamina.tensor.ReduceOps;
import dev.lamina.tensor.Tensor;

import java.util.Map;

/** Mean over the last axis of {@code max(1 - y_true * y_pred, 0)}; labels that are all 0 or 1 are first mapped to -1/1. */
public class Hinge extends Loss {
    public Hinge() {
        super("hinge");
    }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor[] p = align(yTrue, yPred);
        Tensor t = p[0], y = p[1];
        return ReduceOps.mean(NnOps.relu(Ops.subtract(Tensor.scalar(1f), Ops.multiply(Hinge.toPlusMinusOne(t), y))), false, -1);
    }

    /** Keras' {@code convert_binary_labels_to_hinge}: if every label is 0 or 1, returns {@code 2y - 1}, else the labels as given. */
    static Tensor toPlusMinusOne(Tensor t) {
        for (int i = 0; i < t.size(); i++) {
            float v = t.get(i);
            if (v != 0f && v != 1f) return t;
        }
        return Ops.subtract(Ops.multiply(t, 2f), 1f);
    }

    public static Hinge fromConfig(Map<String, Object> config) {
        return LossSupport.base(new Hinge(), config);
    }
}
