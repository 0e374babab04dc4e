package dev.lamina.training;

import dev.lamina.tensor.Ops;
import dev.lamina.tensor.Rng;
import dev.lamina.tensor.Tensor;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * In-memory arrays cut into batches; the row order is reshuffled each iteration when asked (seeded). The order of
 * epoch {@code e} is the {@code e}-th permutation drawn from the seed, so a resumed fit can regenerate it.
 */
final class ArrayDataset implements EpochData {
    private final Data x;
    private final Data y;
    private final Tensor sampleWeight;
    private final int batchSize;
    private final boolean shuffle;
    private long seed;
    private Rng cursor;            // has drawn cursorEpoch permutations from seed
    private int cursorEpoch;
    private int iterations;        // for plain iterator() calls
    private final int samples;

    ArrayDataset(Data x, Data y, Tensor sampleWeight, int batchSize, boolean shuffle, long seed) {
        if (x == null) throw new IllegalArgumentException("Dataset: expected inputs x, received null");
        if (batchSize <= 0) throw new IllegalArgumentException("Dataset: expected batch_size > 0, received " + batchSize);
        Map<String, Tensor> all = new LinkedHashMap<>(x.labelled("x"));
        if (y != null) all.putAll(y.labelled("y"));
        if (sampleWeight != null) all.put("sample_weight", sampleWeight);
        this.samples = DataChecks.numSamples("Dataset", all);
        this.x = x;
        this.y = y;
        this.sampleWeight = sampleWeight;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
    }

    /** The arrays as given, for the checks and the resolution fit runs on them once. */
    Data x() {
        return x;
    }

    Data y() {
        return y;
    }

    Tensor sampleWeight() {
        return sampleWeight;
    }

    /** The same arrays by the model's positions (the order and seed kept); errors name {@code call}. */
    ArrayDataset resolve(String call, String what, Trainable model) {
        Data xs = Data.of(DataChecks.inputs(call, what, model, x));
        Data ys = Data.of(DataChecks.targets(call, what, model, y));
        ArrayDataset r = new ArrayDataset(xs, ys, sampleWeight, batchSize, shuffle, seed);
        r.iterations = iterations;
        return r;
    }

    boolean shuffles() {
        return shuffle;
    }

    long seed() {
        return seed;
    }

    /** Replaces the shuffle seed (a resumed fit restores the interrupted one's). */
    void seed(long s) {
        seed = s;
        cursor = null;
    }

    /** The row order of epoch {@code epoch}: the epoch-th permutation of the seed's sequence. */
    private int[] permutation(int epoch) {
        if (cursor == null || epoch < cursorEpoch) {
            cursor = new Rng(seed);
            cursorEpoch = 0;
        }
        for (; cursorEpoch < epoch; cursorEpoch++) cursor.permutation(samples);
        cursorEpoch++;
        return cursor.permutation(samples);
    }

    int samples() {
        return samples;
    }

    @Override
    public long cardinality() {
        return (samples + batchSize - 1) / batchSize;
    }

    @Override
    public Iterator<Batch> iterator() {
        return iterator(iterations++);
    }

    /** The batches of epoch {@code epoch} (0-based): the same order however often it is asked for. */
    @Override
    public Iterator<Batch> iterator(int epoch) {
        int[] order = shuffle ? permutation(epoch) : null;
        return new Iterator<>() {
            private int start;

            @Override
            public boolean hasNext() {
                return start < samples;
            }

            @Override
            public Batch next() {
                if (!hasNext()) throw new NoSuchElementException();
                int end = Math.min(samples, start + batchSize);
                Batch b;
                if (order == null) {
                    int s = start;
                    b = new Batch(x.map(t -> Ops.slice(t, s, end)), y == null ? null : y.map(t -> Ops.slice(t, s, end)),
                            sampleWeight == null ? null : Ops.slice(sampleWeight, s, end));
                } else {
                    int[] idx = java.util.Arrays.copyOfRange(order, start, end);
                    b = new Batch(x.map(t -> Ops.gather(t, idx)), y == null ? null : y.map(t -> Ops.gather(t, idx)),
                            sampleWeight == null ? null : Ops.gather(sampleWeight, idx));
                }
                start = end;
                return b;
            }
        };
    }
}
