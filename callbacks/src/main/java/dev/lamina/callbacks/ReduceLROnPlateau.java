package dev.lamina.callbacks;

import dev.lamina.optimizers.Optimizer;
import dev.lamina.training.Callback;
import dev.lamina.training.Logs;
import dev.lamina.training.StatefulCallback;
import dev.lamina.utils.PyRepr;

import java.util.Locale;
import java.util.Map;

/**
 * Multiplies the optimizer's learning rate by {@code factor} when a monitored value has not improved for
 * {@code patience} epochs (Keras' {@code ReduceLROnPlateau}), honouring {@code cooldown}, {@code minDelta} and
 * {@code minLr}. The loop logs the rate used during each epoch as {@code learning_rate}. Its counters are
 * {@link StatefulCallback state}; the rate itself lives in the optimizer's state.
 */
public final class ReduceLROnPlateau extends Callback implements StatefulCallback {
    private String monitorKey = "val_loss";
    private String mode = "auto";
    private double factor = 0.1;
    private int patience = 10;
    private int verbose;
    private double minDelta = 1e-4;
    private int cooldown;
    private double minLr;
    private Monitor monitor = new Monitor("ReduceLROnPlateau", monitorKey, mode);
    private int wait;
    private int cooldownCounter;
    private double best;
    private final ResumableState saved = new ResumableState("ReduceLROnPlateau")
            .integer("wait", () -> wait, v -> wait = v)
            .integer("cooldown_counter", () -> cooldownCounter, v -> cooldownCounter = v)
            .number("best", () -> best, v -> best = v);

    public ReduceLROnPlateau monitor(String key) {
        monitorKey = key;
        monitor = new Monitor("ReduceLROnPlateau", key, mode);
        return this;
    }

    public ReduceLROnPlateau mode(String m) {
        monitor = new Monitor("ReduceLROnPlateau", monitorKey, m);
        mode = m;
        return this;
    }

    /** The multiplier, in [0, 1). */
    public ReduceLROnPlateau factor(double v) {
        if (!(v >= 0 && v < 1)) throw new IllegalArgumentException("ReduceLROnPlateau: expected 0 <= factor < 1, received factor=" + v);
        factor = v;
        return this;
    }

    public ReduceLROnPlateau patience(int v) {
        if (v < 0) throw new IllegalArgumentException("ReduceLROnPlateau: expected patience >= 0, received patience=" + v);
        patience = v;
        return this;
    }

    public ReduceLROnPlateau verbose(int v) {
        verbose = v;
        return this;
    }

    public ReduceLROnPlateau minDelta(double v) {
        minDelta = Math.abs(v);
        return this;
    }

    public ReduceLROnPlateau cooldown(int v) {
        if (v < 0) throw new IllegalArgumentException("ReduceLROnPlateau: expected cooldown >= 0, received cooldown=" + v);
        cooldown = v;
        return this;
    }

    public ReduceLROnPlateau minLr(double v) {
        if (v < 0) throw new IllegalArgumentException("ReduceLROnPlateau: expected min_lr >= 0, received min_lr=" + v);
        minLr = v;
        return this;
    }

    @Override
    public void onTrainBegin(Logs logs) {
        monitor.reset();
        wait = 0;
        cooldownCounter = 0;
        best = Double.NaN;
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
        if (current == null) return;
        if (Double.isNaN(best)) best = monitor.worst(getModel());
        if (cooldownCounter > 0) {
            cooldownCounter--;
            wait = 0;
        }
        if (monitor.improved(getModel(), current, best, minDelta)) {
            best = current;
            wait = 0;
        } else if (cooldownCounter == 0) {
            wait++;
            if (wait >= patience) {
                Optimizer opt = getModel().getOptimizer();
                double oldLr = opt.getLearningRate();
                if (oldLr > (float) minLr) {
                    double newLr = Math.max(oldLr * factor, minLr);
                    opt.setLearningRate(newLr);
                    if (verbose > 0) {
                        System.out.println(String.format(Locale.ROOT, "Epoch %05d: ReduceLROnPlateau reducing learning rate to %s.",
                                epoch + 1, PyRepr.repr(newLr)));
                    }
                    cooldownCounter = cooldown;
                    wait = 0;
                }
            }
        }
    }

    public int waitCount() {
        return wait;
    }

    public int cooldownCounter() {
        return cooldownCounter;
    }

    public double best() {
        return best;
    }
}
