package dev.lamina.callbacks;

import dev.lamina.callbacks.tensorboard.EventFileWriter;
import dev.lamina.tensor.Variable;
import dev.lamina.training.Callback;
import dev.lamina.training.Logs;
import dev.lamina.training.StatefulCallback;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Writes TensorBoard event files (Keras' {@code TensorBoard}), with no TensorFlow: {@code <logDir>/train} gets
 * {@code epoch_<key>} scalars for every training log key (including {@code epoch_learning_rate}) at step = epoch
 * (0-based); {@code <logDir>/validation} gets the {@code val_} values under the same tags without the prefix, so
 * TensorBoard overlays train and validation, plus {@code evaluation_<key>_vs_iterations} after each validation at
 * step = optimizer iterations. With an integer {@code updateFreq}, {@code batch_<key>} scalars go to the train run
 * every that many batches at the global batch count; with {@code histogramFreq > 0}, every weight's histogram
 * (tag = variable name, e.g. {@code dense_1/kernel}) every that many epochs. Files are flushed at every epoch end
 * and closed at train end; the global batch count is {@link StatefulCallback state}.
 */
public final class TensorBoard extends Callback implements StatefulCallback {
    private static final System.Logger LOG = System.getLogger("dev.lamina.callbacks");
    private final Path logDir;
    private Integer updateFreqBatches;          // null = "epoch"
    private int histogramFreq;
    private EventFileWriter train;
    private EventFileWriter validation;
    private long globalTrainBatch;
    private final ResumableState saved = new ResumableState("TensorBoard")
            .longValue("global_train_batch", () -> globalTrainBatch, v -> globalTrainBatch = v);

    /** Logs under {@code ./logs}, Keras' default. */
    public TensorBoard() {
        this(Path.of("logs"));
    }

    public TensorBoard(String logDir) {
        this(Path.of(checkDir(logDir)));
    }

    public TensorBoard(Path logDir) {
        if (logDir == null) throw new IllegalArgumentException("TensorBoard: expected a log_dir, received null");
        this.logDir = logDir;
    }

    private static String checkDir(String d) {
        if (d == null || d.isEmpty()) throw new IllegalArgumentException("TensorBoard: expected a log_dir, received '" + d + "'");
        return d;
    }

    /** {@code "epoch"}, {@code "batch"} (every batch) or a number of batches as a string. */
    public TensorBoard updateFreq(String v) {
        if ("epoch".equals(v)) {
            updateFreqBatches = null;
            return this;
        }
        if ("batch".equals(v)) return updateFreq(1);
        try {
            return updateFreq(Integer.parseInt(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("TensorBoard: expected update_freq 'epoch', 'batch' or a positive integer, received update_freq='" + v + "'");
        }
    }

    /** Write {@code batch_<key>} scalars every {@code batches} batches. */
    public TensorBoard updateFreq(int batches) {
        if (batches <= 0) throw new IllegalArgumentException("TensorBoard: expected update_freq > 0, received update_freq=" + batches);
        updateFreqBatches = batches;
        return this;
    }

    /** Write weight histograms every {@code epochs} epochs (0 = never). */
    public TensorBoard histogramFreq(int epochs) {
        if (epochs < 0) throw new IllegalArgumentException("TensorBoard: expected histogram_freq >= 0, received histogram_freq=" + epochs);
        histogramFreq = epochs;
        return this;
    }

    public Path logDir() {
        return logDir;
    }

    @Override
    public void onTrainBegin(Logs logs) {
        closeWriters();
        globalTrainBatch = 0;
        saved.applyRestored();
        train = new EventFileWriter(logDir.resolve("train"));
    }

    @Override
    public void onTrainBatchBegin(int batch, Logs logs) {
        globalTrainBatch++;
    }

    @Override
    public void onTrainBatchEnd(int batch, Logs logs) {
        if (updateFreqBatches == null || train == null || globalTrainBatch % updateFreqBatches != 0) return;
        for (Map.Entry<String, Double> e : logs.asMap().entrySet()) {
            if (e.getValue() != null) train.scalar("batch_" + e.getKey(), e.getValue().floatValue(), globalTrainBatch);
        }
    }

    @Override
    public void onTestEnd(Logs logs) {
        if (train == null || getModel() == null || !getModel().isCompiled()) return;   // only validation inside fit
        long step = getModel().getOptimizer().iterations();
        for (Map.Entry<String, Double> e : logs.asMap().entrySet()) {
            if (e.getValue() != null) validation().scalar("evaluation_" + e.getKey() + "_vs_iterations", e.getValue().floatValue(), step);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Logs logs) {
        if (train == null) return;
        for (Map.Entry<String, Double> e : logs.asMap().entrySet()) {
            if (e.getValue() == null) continue;
            String k = e.getKey();
            if (k.startsWith("val_")) validation().scalar("epoch_" + k.substring(4), e.getValue().floatValue(), epoch);
            else train.scalar("epoch_" + k, e.getValue().floatValue(), epoch);
        }
        if (!logs.has("learning_rate") && getModel() != null && getModel().isCompiled()) {
            train.scalar("epoch_learning_rate", (float) getModel().getOptimizer().getLearningRate(), epoch);
        }
        if (histogramFreq > 0 && epoch % histogramFreq == 0) logWeights(epoch);
        train.flush();
        if (validation != null) validation.flush();
    }

    private void logWeights(int epoch) {
        for (Variable v : getModel().weights()) {
            float[] values = v.value().toFloatArray();
            boolean finite = true;
            for (float f : values) finite &= Float.isFinite(f);
            if (finite) {
                train.histogram(v.name(), values, epoch);
            } else {
                LOG.log(System.Logger.Level.WARNING, String.format(Locale.ROOT,
                        "TensorBoard: weight '%s' holds NaN or infinite values at epoch %d; its histogram is skipped", v.name(), epoch + 1));
            }
        }
    }

    @Override
    public void onTrainEnd(Logs logs) {
        closeWriters();
    }

    private EventFileWriter validation() {
        if (validation == null) validation = new EventFileWriter(logDir.resolve("validation"));
        return validation;
    }

    private void closeWriters() {
        try {
            if (train != null) train.close();
            if (validation != null) validation.close();
        } finally {
            train = null;
            validation = null;
        }
    }

    @Override
    public Map<String, Object> state() {
        return saved.state();
    }

    /** Takes effect at the next {@link #onTrainBegin}: batch steps continue from the saved count. */
    @Override
    public void restoreState(Map<String, Object> state) {
        saved.restore(state);
    }
}
