package dev.lamina.callbacks;

import dev.lamina.training.Callback;
import dev.lamina.training.Logs;
import dev.lamina.training.StatefulCallback;

import java.util.Locale;
import java.util.Map;

/**
 * Sets the learning rate at the start of every epoch from {@code schedule(epoch, currentLr)} (Keras'
 * {@code LearningRateScheduler}; epochs are 0-based). The loop logs the rate used as {@code learning_rate}. Its
 * state is the last epoch it set the rate for, so a fit resumed mid-epoch does not apply that epoch's step twice.
 */
public final class LearningRateScheduler extends Callback implements StatefulCallback {
    /** Keras' {@code schedule(epoch, lr)}. */
    @FunctionalInterface
    public interface Schedule {
        double apply(int epoch, double lr);
    }

    private final Schedule schedule;
    private int verbose;
    private int appliedEpoch = -1;
    private int skipEpoch = -1;       // a resumed epoch whose rate the restored optimizer already has
    private final ResumableState saved = new ResumableState("LearningRateScheduler")
            .integer("applied_epoch", () -> appliedEpoch, v -> skipEpoch = v);

    public LearningRateScheduler(Schedule schedule) {
        if (schedule == null) throw new IllegalArgumentException("LearningRateScheduler: expected a schedule, received null");
        this.schedule = schedule;
    }

    public LearningRateScheduler verbose(int v) {
        verbose = v;
        return this;
    }

    @Override
    public void onTrainBegin(Logs logs) {
        skipEpoch = -1;
        saved.applyRestored();
        appliedEpoch = skipEpoch;
    }

    @Override
    public Map<String, Object> state() {
        return saved.state();
    }

    /** Takes effect at the next {@link #onTrainBegin}: the saved epoch's rate is not applied again. */
    @Override
    public void restoreState(Map<String, Object> state) {
        saved.restore(state);
    }

    @Override
    public void onEpochBegin(int epoch, Logs logs) {
        if (epoch == skipEpoch) {
            skipEpoch = -1;
            return;
        }
        skipEpoch = -1;
        appliedEpoch = epoch;
        double lr = schedule.apply(epoch, getModel().getOptimizer().getLearningRate());
        if (Double.isNaN(lr) || Double.isInfinite(lr) || lr < 0) {
            throw new IllegalArgumentException("LearningRateScheduler: the schedule returned " + lr + " for epoch " + epoch + "; expected a finite rate >= 0");
        }
        getModel().getOptimizer().setLearningRate(lr);
        if (verbose > 0) {
            System.out.println(String.format(Locale.ROOT, "Epoch %05d: LearningRateScheduler setting learning rate to %s.", epoch + 1,
                    dev.lamina.utils.PyRepr.repr(lr)));
        }
    }
}
