package dev.lamina.training;

import java.util.Collections;
import java.util.Map;

/**
 * The base of every callback: override any hook. Epoch and batch indices are 0-based. The loop sets the model
 * and the fit parameters ({@code epochs}, {@code steps}, {@code samples}, {@code verbose}, ...) before
 * {@link #onTrainBegin}. Callbacks with state (best values, counters) reset it in {@code onTrainBegin} so an
 * instance can be reused across fits.
 */
public abstract class Callback {
    private Trainable model;
    private Map<String, Object> params = Map.of();

    public void setModel(Trainable model) {
        this.model = model;
    }

    public Trainable getModel() {
        return model;
    }

    public void setParams(Map<String, Object> params) {
        this.params = Collections.unmodifiableMap(params);
    }

    public Map<String, Object> getParams() {
        return params;
    }

    public void onTrainBegin(Logs logs) {
    }

    public void onTrainEnd(Logs logs) {
    }

    public void onEpochBegin(int epoch, Logs logs) {
    }

    public void onEpochEnd(int epoch, Logs logs) {
    }

    public void onTrainBatchBegin(int batch, Logs logs) {
    }

    public void onTrainBatchEnd(int batch, Logs logs) {
    }

    public void onTestBegin(Logs logs) {
    }

    public void onTestEnd(Logs logs) {
    }

    public void onTestBatchBegin(int batch, Logs logs) {
    }

    public void onTestBatchEnd(int batch, Logs logs) {
    }

    public void onPredictBegin(Logs logs) {
    }

    public void onPredictEnd(Logs logs) {
    }

    public void onPredictBatchBegin(int batch, Logs logs) {
    }

    public void onPredictBatchEnd(int batch, Logs logs) {
    }
}
