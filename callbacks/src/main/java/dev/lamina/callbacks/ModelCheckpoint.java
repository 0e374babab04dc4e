package dev.lamina.callbacks;

import dev.lamina.training.Callback;
import dev.lamina.training.Logs;
import dev.lamina.training.StatefulCallback;
import dev.lamina.utils.PyFormat;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Saves the model or its weights during training (Keras' {@code ModelCheckpoint}). The path is formatted like
 * Python's {@code str.format} with {@code epoch} (1-based), {@code batch} when saving on batches, and every log
 * key ({@code "mymodel_{epoch}"}, {@code "w_{epoch:02d}_{val_loss:.2f}"}). Files are written atomically. The best
 * value and the batch counter are {@link StatefulCallback state}.
 */
public final class ModelCheckpoint extends Callback implements StatefulCallback {
    private final String filepath;
    private String monitorKey = "val_loss";
    private String mode = "auto";
    private int verbose;
    private boolean saveBestOnly;
    private boolean saveWeightsOnly;
    private Integer saveFreqBatches;        // null = every epoch
    private Double initialValueThreshold;
    private Monitor monitor = new Monitor("ModelCheckpoint", monitorKey, mode);
    private double best;
    private int currentEpoch;
    private int batchesSinceSave;
    private final ResumableState saved = new ResumableState("ModelCheckpoint")
            .number("best", () -> best, v -> best = v)
            .integer("batches_since_save", () -> batchesSinceSave, v -> batchesSinceSave = v);

    public ModelCheckpoint(String filepath) {
        if (filepath == null || filepath.isEmpty()) throw new IllegalArgumentException("ModelCheckpoint: expected a filepath, received '" + filepath + "'");
        this.filepath = filepath;
    }

    public ModelCheckpoint monitor(String key) {
        monitorKey = key;
        monitor = new Monitor("ModelCheckpoint", key, mode);
        return this;
    }

    public ModelCheckpoint mode(String m) {
        monitor = new Monitor("ModelCheckpoint", monitorKey, m);
        mode = m;
        return this;
    }

    public ModelCheckpoint verbose(int v) {
        verbose = v;
        return this;
    }

    public ModelCheckpoint saveBestOnly(boolean v) {
        saveBestOnly = v;
        return this;
    }

    public ModelCheckpoint saveWeightsOnly(boolean v) {
        saveWeightsOnly = v;
        return this;
    }

    /** {@code "epoch"}, or a number of batches as a string. */
    public ModelCheckpoint saveFreq(String v) {
        if (v.equals("epoch")) {
            saveFreqBatches = null;
            return this;
        }
        try {
            return saveFreq(Integer.parseInt(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ModelCheckpoint: expected save_freq 'epoch' or a positive integer, received save_freq='" + v + "'");
        }
    }

    /** Save every {@code batches} batches (counted across epochs). */
    public ModelCheckpoint saveFreq(int batches) {
        if (batches <= 0) throw new IllegalArgumentException("ModelCheckpoint: expected save_freq > 0, received save_freq=" + batches);
        saveFreqBatches = batches;
        return this;
    }

    public ModelCheckpoint initialValueThreshold(Double v) {
        initialValueThreshold = v;
        return this;
    }

    @Override
    public void onTrainBegin(Logs logs) {
        monitor.reset();
        best = Double.NaN;
        batchesSinceSave = 0;
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
    public void onEpochBegin(int epoch, Logs logs) {
        currentEpoch = epoch;
    }

    @Override
    public void onTrainBatchEnd(int batch, Logs logs) {
        if (saveFreqBatches == null) return;
        if (++batchesSinceSave >= saveFreqBatches) {
            batchesSinceSave = 0;
            save(currentEpoch, batch, logs);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Logs logs) {
        if (saveFreqBatches == null) save(epoch, null, logs);
    }

    private void save(int epoch, Integer batch, Logs logs) {
        String path = formatPath(epoch, batch, logs);
        if (Double.isNaN(best)) best = initialValueThreshold != null ? initialValueThreshold : monitor.worst(getModel());
        if (saveBestOnly) {
            Double current = monitor.read(logs);
            if (current == null) return;
            if (monitor.improved(getModel(), current, best, 0)) {
                if (verbose > 0) {
                    say(String.format(Locale.ROOT, "Epoch %05d: %s improved from %s to %s, saving model to %s", epoch + 1, monitor.key(),
                            PyFormat.formatValue(best, ".5f"), PyFormat.formatValue(current, ".5f"), path));
                }
                best = current;
                write(path);
            } else if (verbose > 0) {
                say(String.format(Locale.ROOT, "Epoch %05d: %s did not improve from %s", epoch + 1, monitor.key(), PyFormat.formatValue(best, ".5f")));
            }
        } else {
            if (verbose > 0) say(String.format(Locale.ROOT, "Epoch %05d: saving model to %s", epoch + 1, path));
            write(path);
        }
    }

    /** The path for this epoch (and batch), formatted Python-style from the logs. */
    String formatPath(int epoch, Integer batch, Logs logs) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("epoch", epoch + 1);
        if (batch != null) values.put("batch", batch + 1);
        values.putAll(logs.asMap());
        try {
            return PyFormat.format(filepath, values);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ModelCheckpoint: failed to format filepath '" + filepath + "': " + e.getMessage(), e);
        }
    }

    private void write(String path) {
        Path p = Paths.get(path);
        if (saveWeightsOnly) getModel().saveWeights(p);
        else getModel().save(p);
    }

    private static void say(String message) {
        System.out.println(message);
    }

    public double best() {
        return best;
    }
}
