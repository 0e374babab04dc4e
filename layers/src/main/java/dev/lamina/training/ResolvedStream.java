package dev.lamina.training;

import java.util.Iterator;

/**
 * A streamed dataset, resolved against the model as its batches come: each batch once (build from its shapes if
 * the model defers its build, positions by name, the checks of {@link DataChecks}), with errors naming the batch.
 */
final class ResolvedStream implements EpochData {
    private final Dataset source;
    private final Trainable model;
    private final Compiled compiled;
    private final String call;
    private final String what;
    private final boolean namesEpoch;

    ResolvedStream(Dataset source, Trainable model, Compiled compiled, String call, String what, boolean namesEpoch) {
        this.source = source;
        this.model = model;
        this.compiled = compiled;
        this.call = call;
        this.what = what;
        this.namesEpoch = namesEpoch;
    }

    @Override
    public long cardinality() {
        return source.cardinality();
    }

    @Override
    public Iterator<Batch> iterator() {
        return iterator(0);
    }

    @Override
    public Iterator<Batch> iterator(int epoch) {
        Iterator<Batch> it = source.iterator();
        return new Iterator<>() {
            private int step;

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Batch next() {
                Batch b = it.next();
                String label = what + "batch " + step + (namesEpoch ? " of epoch " + (epoch + 1) : "") + ": ";
                step++;
                if (b == null) throw new IllegalArgumentException(call + ": " + label + "expected a Batch, received null");
                Batch r = new Batch(Data.of(DataChecks.inputs(call, label, model, b.x())), Data.of(DataChecks.targets(call, label, model, b.y())),
                        b.sampleWeight());
                DataChecks.checkBatch(call, label, model, compiled, r);
                return r;
            }
        };
    }
}
