package dev.lamina.training;

import dev.lamina.tensor.Tensor;

/**
 * One element of a {@link Dataset}: inputs, targets and optional per-sample weights, like Keras' {@code (x, y,
 * sample_weight)} tuples. {@code x} and {@code y} may each be a Tensor, a list of tensors by position, or a map by
 * input/output name.
 */
public final class Batch {
    private final Object x;
    private final Object y;
    private final Tensor sampleWeight;

    public Batch(Object x, Object y, Tensor sampleWeight) {
        if (x == null) throw new IllegalArgumentException("Batch: expected inputs, received null");
        this.x = x;
        this.y = y;
        this.sampleWeight = sampleWeight;
    }

    public static Batch of(Object x, Object y) {
        return new Batch(x, y, null);
    }

    public static Batch of(Object x, Object y, Tensor sampleWeight) {
        return new Batch(x, y, sampleWeight);
    }

    public Object x() {
        return x;
    }

    public Object y() {
        return y;
    }

    public Tensor sampleWeight() {
        return sampleWeight;
    }
}
