package dev.lamina.callbacks;

import dev.lamina.training.Callback;
import dev.lamina.training.Logs;

import java.util.Locale;

/**
 * Sets the learning rate at the start of every epoch from {@code schedule(epoch, currentLr)} (Keras'
 * {@code LearningRateScheduler}; epochs are 0-based). The loop logs the rate used as {@code learning_rate}.
 */
public final class LearningRateScheduler extends Callback {
    /** Keras' {@code schedule(epoch, lr)}. */
    @FunctionalInterface
    public interface Schedule {
        double apply(int epoch, double lr);
    }

    private final Schedule schedule;
    private int verbose;

    public LearningRateScheduler(Schedule schedule) {
        if (schedule == null) throw new IllegalArgumentException("LearningRateScheduler: expected a schedule, received null");
        this.schedule = schedule;
    }

    public LearningRateScheduler verbose(int v) {
        verbose = v;
        return this;
    }

    @Override
    public void onEpochBegin(int epoch, Logs logs) {
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
