package dev.lamina.training;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The callback that prints training progress in the seed's format. For array inputs it counts samples and
 * announces {@code Train on 800 samples, validate on 200 samples}; for datasets it counts steps. The loop adds
 * one after the user's callbacks unless one is given. The learning rate is logged but not printed, as in the
 * seed's transcripts.
 */
public final class ProgbarLogger extends Callback {
    private final PrintStream out;
    private final Boolean dynamic;
    private Progbar bar;
    private long seen;
    private boolean inFit;

    /** Prints to standard output, redrawing in place only on a terminal. */
    public ProgbarLogger() {
        this(System.out, null);
    }

    /** Prints to {@code out}; {@code dynamic} forces in-place redraws on or off (null = decide by terminal). */
    public ProgbarLogger(PrintStream out, Boolean dynamic) {
        this.out = out;
        this.dynamic = dynamic;
    }

    private int verbose() {
        Object v = getParams().get("verbose");
        return v == null ? 1 : ((Number) v).intValue();
    }

    private boolean samplesMode() {
        return getParams().get("samples") != null;
    }

    private long target() {
        Object v = getParams().get(samplesMode() ? "samples" : "steps");
        return v == null ? -1 : ((Number) v).longValue();
    }

    private boolean isDynamic() {
        return dynamic != null ? dynamic : System.console() != null;
    }

    @Override
    public void onTrainBegin(Logs logs) {
        inFit = true;
        if (verbose() == 0 || !samplesMode()) return;
        Object val = getParams().get("validation_samples");
        out.println("Train on " + getParams().get("samples") + " samples" + (val != null ? ", validate on " + val + " samples" : ""));
    }

    @Override
    public void onTrainEnd(Logs logs) {
        inFit = false;
    }

    @Override
    public void onEpochBegin(int epoch, Logs logs) {
        if (verbose() == 0) return;
        Object epochs = getParams().get("epochs");
        if (epochs != null && ((Number) epochs).intValue() > 1) out.println("Epoch " + (epoch + 1) + "/" + epochs);
        start();
    }

    private void start() {
        bar = new Progbar(target(), verbose(), samplesMode() ? "sample" : "step", out, isDynamic());
        seen = 0;
    }

    @Override
    public void onTrainBatchEnd(int batch, Logs logs) {
        advance(batch, logs);
    }

    @Override
    public void onEpochEnd(int epoch, Logs logs) {
        if (verbose() == 0 || bar == null) return;
        bar.update(seen, shown(logs), true);
    }

    @Override
    public void onTestBegin(Logs logs) {
        if (!inFit && verbose() != 0) start();
    }

    @Override
    public void onTestBatchEnd(int batch, Logs logs) {
        if (!inFit) advance(batch, logs);
    }

    @Override
    public void onTestEnd(Logs logs) {
        if (!inFit && verbose() != 0 && bar != null) bar.update(seen, shown(logs), true);
    }

    private void advance(int batch, Logs logs) {
        if (verbose() == 0 || bar == null) return;
        if (samplesMode()) {
            long batchSize = ((Number) getParams().get("batch_size")).longValue();
            seen = Math.min((batch + 1L) * batchSize, target());
        } else {
            seen = batch + 1L;
        }
        bar.update(seen, shown(logs), false);
    }

    private static Map<String, Double> shown(Logs logs) {
        Map<String, Double> m = new LinkedHashMap<>(logs.asMap());
        m.remove("learning_rate");
        return m;
    }
}
