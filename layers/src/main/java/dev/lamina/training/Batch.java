package dev.lamina.training;

import dev.lamina.tensor.Tensor;

import java.util.List;

/**
 * One batch: inputs, targets and optional per-sample weights, Keras' {@code (x, y, sample_weight)}. A dataset may
 * yield its batches by name; the loop resolves each batch once, so the steps ({@code trainStep}, {@code testStep},
 * {@code predictStep}) receive batches whose {@link #inputs()} and {@link #targets()} follow the model's input and
 * output positions.
 */
public final class Batch {
    private final Data x;
    private final Data y;
    private final Tensor sampleWeight;

    public Batch(Data x, Data y, Tensor sampleWeight) {
        if (x == null) throw new IllegalArgumentException("Batch: expected inputs x, received null");
        this.x = x;
        this.y = y;
        this.sampleWeight = sampleWeight;
    }

    public static Batch of(Tensor x, Tensor y) {
        return new Batch(Data.of(x), y == null ? null : Data.of(y), null);
    }

    public static Batch of(Tensor x, Tensor y, Tensor sampleWeight) {
        return new Batch(Data.of(x), y == null ? null : Data.of(y), sampleWeight);
    }

    public static Batch of(Data x, Data y, Tensor sampleWeight) {
        return new Batch(x, y, sampleWeight);
    }

    public Data x() {
        return x;
    }

    /** The targets, or null (predict). */
    public Data y() {
        return y;
    }

    public Tensor sampleWeight() {
        return sampleWeight;
    }

    /** The inputs by the model's input position. */
    public List<Tensor> inputs() {
        return x.list();
    }

    /** The targets by the model's output position (null where an output has none); empty without targets. */
    public List<Tensor> targets() {
        return y == null ? List.of() : y.list();
    }

    /** The number of samples (the first dimension of the first input). */
    public int size() {
        return inputs().get(0).shape().dim(0);
    }
}
