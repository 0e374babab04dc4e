package dev.lamina.samples;

import dev.lamina.layers.Dense;
import dev.lamina.models.Model;
import dev.lamina.tensor.Tensor;

/**
 * The seed's Experiment 1 MLP as a subclassed model (Keras' "subclassing the Model class"): the layers are
 * fields, {@code call} says how data flows through them; Lamina finds their weights in the fields.
 */
public final class SubclassedMlp extends Model {
    private final Dense dense1 = new Dense(64).activation("relu");
    private final Dense dense2 = new Dense(64).activation("relu");
    private final Dense logits = new Dense(10);

    public SubclassedMlp() {
        super("subclassed_mlp");
    }

    @Override
    protected Tensor call(Tensor inputs, boolean training) {
        Tensor x = dense1.apply(inputs, training);
        x = dense2.apply(x, training);
        return logits.apply(x, training);
    }
}
