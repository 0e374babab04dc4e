package dev.lamina.callbacks;

import dev.lamina.tensor.Tensor;
import dev.lamina.training.Callback;
import dev.lamina.training.Logs;
import dev.lamina.training.StatefulCallback;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Stops training when a monitored value stops improving (Keras' {@code EarlyStopping}). With
 * {@code restoreBestWeights}, the best epoch's weights are restored at the end of training whether or not the
 * stop fired (modern tf.keras), falling back to the first monitored epoch. Its counters and best weights are
 * {@link StatefulCallback state}, so {@code BackupAndRestore} resumes them.
 */
public final class EarlyStopping extends Callback implements StatefulCallback {
    private String monitorKey = "val_loss";
    private double minDelta;
    private int patience;
    private int verbose;
    private String mode = "auto";
    private Double baseline;
    private boolean restoreBestWeights;
    private int startFromEpoch;
    private Monitor monitor;
    private int wait;
    private int stoppedEpoch;
    private double best;
    private int bestEpoch;
    private List<Tensor> bestWeights;
    private final ResumableState saved = new ResumableState("EarlyStopping")
            .integer("wait", () -> wait, v -> wait = v)
            .integer("stopped_epoch", () -> stoppedEpoch, v -> stoppedEpoch = v)
            .number("best", () -> best, v -> best = v)
            .integer("best_epoch", () -> bestEpoch, v -> bestEpoch = v)
            .tensors("best_weights", () -> bestWeights, v -> bestWeights = v);

    public EarlyStopping() {
        monitor = new Monitor("EarlyStopping", monitorKey, mode);
    }

    public EarlyStopping monitor(String key) {
        monitorKey = key;
        monitor = new Monitor("EarlyStopping", key, mode);
        return this;
    }

    public EarlyStopping minDelta(double v) {
        minDelta = Math.abs(v);
        return this;
    }

    public EarlyStopping patience(int v) {
        if (v < 0) throw new IllegalArgumentException("EarlyStopping: expected patience >= 0, received patience=" + v);
        patience = v;
        return this;
    }

    public EarlyStopping verbose(int v) {
        verbose = v;
        return this;
    }

    /** {@code "auto"}, {@code "min"} or {@code "max"}. */
    public EarlyStopping mode(String m) {
        monitor = new Monitor("EarlyStopping", monitorKey, m);
        mode = m;
        return this;
    }

    public EarlyStopping baseline(Double v) {
        baseline = v;
        return this;
    }

    public EarlyStopping restoreBestWeights(boolean v) {
        restoreBestWeights = v;
        return this;
    }

    public EarlyStopping startFromEpoch(int v) {
        if (v < 0) throw new IllegalArgumentException("EarlyStopping: expected start_from_epoch >= 0, received start_from_epoch=" + v);
        startFromEpoch = v;
        return this;
    }

    @Override
    public void onTrainBegin(Logs logs) {
        monitor.reset();
        wait = 0;
        stoppedEpoch = 0;
        best = Double.NaN;
        bestEpoch = 0;
        bestWeights = null;
        saved.applyRestored();
    }

    @Override
    public Map<String, Object> state() {
        return saved.state();
    }

    /** Takes effect at the next {@link #onTrainBegin}, which keeps it instead of resetting. */
    @Override
    public void restoreState(Map<String, Object> state) {
        saved.restore(state);
    }

    @Override
    public void onEpochEnd(int epoch, Logs logs) {
        Double current = monitor.read(logs);
        if (current == null || epoch < startFromEpoch) return;
        if (Double.isNaN(best)) best = monitor.worst(getModel());
        if (restoreBestWeights && bestWeights == null) bestWeights = getModel().getWeights();
        wait++;
        if (monitor.improved(getModel(), current, best, minDelta)) {
            best = current;
            bestEpoch = epoch;
            if (restoreBestWeights) bestWeights = getModel().getWeights();
            if (baseline == null || monitor.improved(getModel(), current, baseline, minDelta)) wait = 0;
            return;
        }
        if (wait >= patience && epoch > 0) {
            stoppedEpoch = epoch;
            getModel().setStopTraining(true);
        }
    }

    @Override
    public void onTrainEnd(Logs logs) {
        if (stoppedEpoch > 0 && verbose > 0) {
            System.out.println(String.format(Locale.ROOT, "Epoch %05d: early stopping", stoppedEpoch + 1));
        }
        if (restoreBestWeights && bestWeights != null) getModel().setWeights(bestWeights);
    }

    /** The 0-based epoch at which the stop fired, or 0 when it did not. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    public double best() {
        return best;
    }

    public int bestEpoch() {
        return bestEpoch;
    }

    public int waitCount() {
        return wait;
    }
}
