package dev.lamina.training;

import java.util.Iterator;

/** Batches resolved against a model, by epoch: what the loops iterate after the data were prepared once. */
interface EpochData extends Dataset {
    /** The batches of epoch {@code epoch} (0-based; evaluation and predict pass 0). */
    Iterator<Batch> iterator(int epoch);
}
