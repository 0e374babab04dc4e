package dev.lamina.training;

import dev.lamina.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The keyword arguments of Keras' {@code evaluate} and {@code predict}, with Keras' defaults. */
public final class EvaluateOptions {
    private int batchSize = 32;
    private Tensor sampleWeight;
    private int verbose = 1;
    private Integer steps;
    private final List<Callback> callbacks = new ArrayList<>();

    public static EvaluateOptions defaults() {
        return new EvaluateOptions();
    }

    public EvaluateOptions batchSize(int v) {
        if (v <= 0) throw new IllegalArgumentException("evaluate: expected batch_size > 0, received batch_size=" + v);
        batchSize = v;
        return this;
    }

    public EvaluateOptions sampleWeight(Tensor v) {
        sampleWeight = v;
        return this;
    }

    public EvaluateOptions verbose(int v) {
        if (v < 0 || v > 2) throw new IllegalArgumentException("evaluate: expected verbose in {0, 1, 2}, received verbose=" + v);
        verbose = v;
        return this;
    }

    public EvaluateOptions steps(int v) {
        if (v <= 0) throw new IllegalArgumentException("evaluate: expected steps > 0, received steps=" + v);
        steps = v;
        return this;
    }

    public EvaluateOptions callbacks(Callback... cbs) {
        callbacks.addAll(List.of(cbs));
        return this;
    }

    public int batchSize() {
        return batchSize;
    }

    public Tensor sampleWeight() {
        return sampleWeight;
    }

    public int verbose() {
        return verbose;
    }

    public Integer steps() {
        return steps;
    }

    public List<Callback> callbacks() {
        return Collections.unmodifiableList(callbacks);
    }
}
