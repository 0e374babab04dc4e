package dev.lamina.training;

import dev.lamina.metrics.Metric;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a fit stands, for a {@link FitCheckpointer}: the epoch and the batches done in it, the learning rate the
 * epoch logs, the shuffle seed of in-memory data, the streamed loss and metric accumulators of a partial epoch,
 * and the callbacks of the fit. A checkpointer that restores a snapshot calls {@link #resumeAt}; the loop then
 * starts at that epoch, regenerates its batch order, skips the batches already done and carries on with the
 * restored accumulators, so the resumed fit logs what an uninterrupted one would.
 */
public final class FitState {
    private static final System.Logger LOG = System.getLogger("dev.lamina.training");
    private final Trainable model;
    private final Compiled compiled;
    private final List<Callback> callbacks;
    private final ArrayDataset arrays;          // null unless the training data are in-memory arrays
    private final FitCheckpointer checkpointer;
    private int epoch;
    private int batchesDone;
    private double learningRate;
    private Resume resume;

    private static final class Resume {
        int epoch;
        int batchesDone;
        double learningRate;
        boolean stop;
        Map<String, Map<String, double[]>> metrics;
    }

    private FitState(Trainable model, Compiled compiled, List<Callback> callbacks, Dataset train, int initialEpoch) {
        this.model = model;
        this.compiled = compiled;
        this.callbacks = Collections.unmodifiableList(new ArrayList<>(callbacks));
        this.arrays = train instanceof ArrayDataset ? (ArrayDataset) train : null;
        FitCheckpointer found = null;
        for (Callback cb : callbacks) {
            if (!(cb instanceof FitCheckpointer)) continue;
            if (found != null) {
                throw new IllegalArgumentException("fit: expected at most one checkpointing callback (FitCheckpointer), received "
                        + found.getClass().getSimpleName() + " and " + cb.getClass().getSimpleName());
            }
            found = (FitCheckpointer) cb;
        }
        this.checkpointer = found;
        this.epoch = initialEpoch;
    }

    /** The loop's state for a new fit; a checkpointer among the callbacks may restore a snapshot now. */
    static FitState begin(Trainable model, Compiled compiled, List<Callback> callbacks, Dataset train, int initialEpoch) {
        FitState s = new FitState(model, compiled, callbacks, train, initialEpoch);
        if (s.checkpointer != null) s.checkpointer.restore(s);
        return s;
    }

    // ---------------------------------------------------------------- for checkpointers

    public Trainable model() {
        return model;
    }

    /** Every callback of the fit, in call order (the user's, then History and the progress bar). */
    public List<Callback> callbacks() {
        return callbacks;
    }

    /** The epoch in progress, or the next one at an epoch boundary (0-based). */
    public int epoch() {
        return epoch;
    }

    /** Training batches finished in {@link #epoch()}. */
    public int batchesDone() {
        return batchesDone;
    }

    /** The learning rate {@link #epoch()} logs as {@code learning_rate} (read at its start). */
    public double epochLearningRate() {
        return learningRate;
    }

    /** True when a callback asked to stop after the current batch. */
    public boolean stopRequested() {
        return model.isStopTraining();
    }

    /** The seed behind the batch order of shuffled in-memory data, or null for other data. */
    public Long shuffleSeed() {
        return arrays != null && arrays.shuffles() ? arrays.seed() : null;
    }

    /**
     * The accumulators of the loss trackers and metrics streamed over the batches done in this epoch, keyed
     * {@code loss}, {@code output_loss/<i>}, {@code metrics/<output>/<j>} and {@code weighted_metrics/<output>/<j>}
     * (copies; metrics that cannot export their state are left out). Empty at an epoch boundary.
     */
    public Map<String, Map<String, double[]>> metricState() {
        Map<String, Map<String, double[]>> out = new LinkedHashMap<>();
        if (batchesDone == 0) return out;
        trackers().forEach((k, m) -> {
            Map<String, double[]> v = m.stateVariables();
            if (v != null) out.put(k, v);
        });
        return out;
    }

    /**
     * Resume at {@code epoch} after its first {@code batchesDone} batches, with the learning rate, stop request,
     * shuffle seed and accumulators a snapshot recorded (null seed or metrics: keep the current ones).
     */
    public void resumeAt(int epoch, int batchesDone, double epochLearningRate, boolean stopRequested, Long shuffleSeed,
                         Map<String, Map<String, double[]>> metricState) {
        if (epoch < 0 || batchesDone < 0) {
            throw new IllegalArgumentException("FitState.resumeAt: expected epoch >= 0 and batchesDone >= 0, received epoch=" + epoch
                    + ", batchesDone=" + batchesDone);
        }
        Resume r = new Resume();
        r.epoch = epoch;
        r.batchesDone = batchesDone;
        r.learningRate = epochLearningRate;
        r.stop = stopRequested;
        r.metrics = metricState == null ? Map.of() : metricState;
        resume = r;
        this.epoch = epoch;
        this.batchesDone = 0;
        if (shuffleSeed != null && arrays != null && arrays.shuffles()) arrays.seed(shuffleSeed);
    }

    // ---------------------------------------------------------------- for the loop

    /**
     * Starts {@code e}: notes its learning rate and returns its batches. For the resumed epoch, the batches already
     * done are skipped (in the regenerated order) and the accumulators restored.
     */
    Iterator<Batch> beginEpoch(int e, EpochData train) {
        epoch = e;
        batchesDone = 0;
        learningRate = compiled.optimizer().getLearningRate();
        Iterator<Batch> it = train.iterator(e);
        Resume r = resume;
        resume = null;
        if (r == null || r.epoch != e || r.batchesDone == 0) return it;
        for (int i = 0; i < r.batchesDone && it.hasNext(); i++) {
            Batch b = it.next();
            if (i == 0) resolveMetrics(b);
        }
        restoreTrackers(r.metrics);
        batchesDone = r.batchesDone;
        learningRate = r.learningRate;
        if (r.stop) {
            model.setStopTraining(true);
            return Collections.emptyIterator();
        }
        return it;
    }

    void batchCommitted(int done) {
        batchesDone = done;
        if (checkpointer != null) checkpointer.onBatchCommitted(this);
    }

    void epochCommitted() {
        epoch++;
        batchesDone = 0;
        if (checkpointer != null) checkpointer.onEpochCommitted(this);
    }

    /** A fresh process has not resolved "accuracy"-style metrics yet: resolve them as the first batch would. */
    private void resolveMetrics(Batch b) {
        if (compiled.metricsResolved()) return;
        List<Shape> ys = new ArrayList<>();
        for (Tensor t : b.targets()) ys.add(t == null ? null : t.shape());
        List<Shape> preds = new ArrayList<>(model.outputShapes());
        compiled.resolveMetricShapes(ys, preds);
    }

    private Map<String, Metric> trackers() {
        Map<String, Metric> out = new LinkedHashMap<>();
        out.put("loss", compiled.lossTracker());
        int n = compiled.outputNames().size();
        for (int i = 0; i < n; i++) out.put("output_loss/" + i, compiled.outputLossTracker(i));
        if (compiled.metricsResolved()) {
            for (int i = 0; i < n; i++) {
                List<Metric> ms = compiled.metrics(i), ws = compiled.weightedMetrics(i);
                for (int j = 0; j < ms.size(); j++) out.put("metrics/" + i + "/" + j, ms.get(j));
                for (int j = 0; j < ws.size(); j++) out.put("weighted_metrics/" + i + "/" + j, ws.get(j));
            }
        }
        return out;
    }

    private void restoreTrackers(Map<String, Map<String, double[]>> saved) {
        Map<String, Metric> own = trackers();
        for (Map.Entry<String, Metric> e : own.entrySet()) {
            Map<String, double[]> v = saved.get(e.getKey());
            if (v != null) {
                e.getValue().assignStateVariables(v);
            } else {
                LOG.log(System.Logger.Level.WARNING, "fit: no saved state for metric '" + e.getValue().name() + "' (" + e.getKey()
                        + "); in the resumed epoch " + (epoch + 1) + " it covers only the batches after the resume");
            }
        }
        for (String k : saved.keySet()) {
            if (!own.containsKey(k)) LOG.log(System.Logger.Level.WARNING, "fit: ignoring saved state for '" + k + "', which this model's compile does not have");
        }
    }
}
