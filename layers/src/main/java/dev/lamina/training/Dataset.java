package dev.lamina.training;

import dev.lamina.tensor.Tensor;

import java.util.Iterator;
import java.util.function.Supplier;

/**
 * A source of batches for {@code fit}, {@code evaluate} and {@code predict}, iterated once per epoch. Its size may
 * be unknown ({@link #cardinality()} = -1), in which case an epoch ends when the iterator does, and progress is
 * shown in steps.
 */
public interface Dataset extends Iterable<Batch> {
    /** Number of batches per iteration, or -1 when unknown. */
    default long cardinality() {
        return -1;
    }

    /**
     * In-memory arrays cut into batches, reshuffled every iteration when {@code shuffle} (seeded). In {@code fit},
     * epoch {@code e} uses the {@code e}-th permutation drawn from the seed, so a resumed fit can regenerate it.
     */
    static Dataset fromTensors(Data x, Data y, Tensor sampleWeight, int batchSize, boolean shuffle, long seed) {
        return new ArrayDataset(x, y, sampleWeight, batchSize, shuffle, seed);
    }

    /** {@link #fromTensors(Data, Data, Tensor, int, boolean, long)} for one input and one target tensor ({@code y} may be null). */
    static Dataset fromTensors(Tensor x, Tensor y, Tensor sampleWeight, int batchSize, boolean shuffle, long seed) {
        return new ArrayDataset(Data.of(x), y == null ? null : Data.of(y), sampleWeight, batchSize, shuffle, seed);
    }

    /** Streams batches from a fresh iterator per epoch; length unknown. */
    static Dataset fromIterator(Supplier<Iterator<Batch>> iterators) {
        return iterators::get;
    }
}
