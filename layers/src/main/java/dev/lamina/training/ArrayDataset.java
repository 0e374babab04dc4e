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
final class ArrayDataset implements Dataset {
    private final Object x;
    private final Object y;
    private final Tensor sampleWeight;
    private final int batchSize;
    private final boolean shuffle;
    private long seed;
    private Rng cursor;            // has drawn cursorEpoch permutations from seed
    private int cursorEpoch;
    private int iterations;        // for plain iterator() calls
    private final int samples;

    ArrayDataset(Object x, Object y, Tensor sampleWeight, int batchSize, boolean shuffle, long seed) {
        if (batchSize <= 0) throw new IllegalArgumentException("Dataset: expected batch_size > 0, received " + batchSize);
        Map<String, Tensor> all = new LinkedHashMap<>(Structures.flatten("x", x));
        all.putAll(Structures.flatten("y", y));
        if (sampleWeight != null) all.put("sample_weight", sampleWeight);
        this.samples = Structures.numSamples(all);
        this.x = x;
        this.y = y;
        this.sampleWeight = sampleWeight;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
    }

    /** The arrays as given (a Tensor, a list or a map), for the checks fit runs on them once. */
    Object x() {
        return x;
    }

    Object y() {
        return y;
    }

    Tensor sampleWeight() {
        return sampleWeight;
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
    Iterator<Batch> iterator(int epoch) {
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
                    b = new Batch(Structures.map(x, t -> Ops.slice(t, s, end)), Structures.map(y, t -> Ops.slice(t, s, end)),
                            sampleWeight == null ? null : Ops.slice(sampleWeight, s, end));
                } else {
                    int[] idx = java.util.Arrays.copyOfRange(order, start, end);
                    b = new Batch(Structures.map(x, t -> Ops.gather(t, idx)), Structures.map(y, t -> Ops.gather(t, idx)),
                            sampleWeight == null ? null : Ops.gather(sampleWeight, idx));
                }
                start = end;
                return b;
            }
        };
    }
}
