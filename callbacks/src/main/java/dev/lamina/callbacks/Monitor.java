package dev.lamina.callbacks;

import dev.lamina.metrics.Direction;
import dev.lamina.training.Trainable;
import dev.lamina.training.Logs;

import java.util.Locale;

/**
 * The one rule every monitoring callback uses to read a monitored value and decide what "better" means.
 * {@code mode="auto"}: the compiled metric's declared direction when the model knows it (a metric without a
 * direction is an error), else maximise names ending in {@code acc}, {@code accuracy} or {@code auc}, else
 * minimise. Improvement is strict: equal values never improve.
 */
final class Monitor {
    private static final System.Logger LOG = System.getLogger("dev.lamina.callbacks");
    private final String owner;
    private final String monitor;
    private final String mode;
    private Boolean maximize;
    private boolean warned;

    Monitor(String owner, String monitor, String mode) {
        if (monitor == null || monitor.isEmpty()) throw new IllegalArgumentException(owner + ": expected a monitor key, received '" + monitor + "'");
        String m = mode == null ? "auto" : mode.toLowerCase(Locale.ROOT);
        if (!m.equals("auto") && !m.equals("min") && !m.equals("max")) {
            throw new IllegalArgumentException(owner + ": expected mode 'auto', 'min' or 'max', received mode='" + mode + "'");
        }
        this.owner = owner;
        this.monitor = monitor;
        this.mode = m;
        if (!m.equals("auto")) maximize = m.equals("max");
    }

    String key() {
        return monitor;
    }

    String mode() {
        return mode;
    }

    void reset() {
        warned = false;
        if (mode.equals("auto")) maximize = null;
    }

    /** True when larger values are better (resolved on first use in auto mode). */
    boolean maximize(Trainable model) {
        if (maximize == null) maximize = resolveAuto(model);
        return maximize;
    }

    private boolean resolveAuto(Trainable model) {
        if (model != null && model.compiled() != null) {
            Direction d = model.compiled().direction(monitor);
            if (d == Direction.UP) return true;
            if (d == Direction.DOWN) return false;
            if (d == Direction.NONE) {
                throw new IllegalArgumentException(owner + ": mode='auto' cannot tell whether '" + monitor
                        + "' should go up or down; pass mode='min' or mode='max'");
            }
        }
        String k = monitor.startsWith("val_") ? monitor.substring(4) : monitor;
        return k.endsWith("acc") || k.endsWith("accuracy") || k.endsWith("auc");
    }

    /** The monitored value, or null after a one-time warning that lists the available keys. */
    Double read(Logs logs) {
        Double v = logs.get(monitor);
        if (v == null && !warned) {
            warned = true;
            LOG.log(System.Logger.Level.WARNING, owner + " conditioned on metric '" + monitor
                    + "' which is not available. Available metrics are: " + String.join(",", logs.keys()));
        }
        return v;
    }

    /** {@code current} beats {@code reference} by more than {@code minDelta} (absolute) in the right direction. */
    boolean improved(Trainable model, double current, double reference, double minDelta) {
        double d = Math.abs(minDelta);
        return maximize(model) ? current - d > reference : current + d < reference;
    }

    double worst(Trainable model) {
        return maximize(model) ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
}
