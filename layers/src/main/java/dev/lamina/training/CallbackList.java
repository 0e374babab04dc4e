package dev.lamina.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Fans each hook out to the callbacks in order: the user's first, then History, then the progress bar. */
final class CallbackList {
    private final List<Callback> callbacks;

    CallbackList(List<Callback> callbacks, Trainable model, Map<String, Object> params) {
        this.callbacks = new ArrayList<>(callbacks);
        for (Callback c : this.callbacks) {
            c.setModel(model);
            c.setParams(params);
        }
    }

    /** The callbacks with a progress bar appended unless one is among them. */
    static CallbackList withProgress(List<Callback> callbacks, Trainable model, Map<String, Object> params) {
        List<Callback> cbs = new ArrayList<>(callbacks);
        if (cbs.stream().noneMatch(cb -> cb instanceof ProgbarLogger)) cbs.add(new ProgbarLogger());
        return new CallbackList(cbs, model, params);
    }

    void trainBegin(Logs l) {
        for (Callback c : callbacks) c.onTrainBegin(l);
    }

    void trainEnd(Logs l) {
        for (Callback c : callbacks) c.onTrainEnd(l);
    }

    void epochBegin(int e, Logs l) {
        for (Callback c : callbacks) c.onEpochBegin(e, l);
    }

    void epochEnd(int e, Logs l) {
        for (Callback c : callbacks) c.onEpochEnd(e, l);
    }

    void trainBatchBegin(int b, Logs l) {
        for (Callback c : callbacks) c.onTrainBatchBegin(b, l);
    }

    void trainBatchEnd(int b, Logs l) {
        for (Callback c : callbacks) c.onTrainBatchEnd(b, l);
    }

    void testBegin(Logs l) {
        for (Callback c : callbacks) c.onTestBegin(l);
    }

    void testEnd(Logs l) {
        for (Callback c : callbacks) c.onTestEnd(l);
    }

    void testBatchBegin(int b, Logs l) {
        for (Callback c : callbacks) c.onTestBatchBegin(b, l);
    }

    void testBatchEnd(int b, Logs l) {
        for (Callback c : callbacks) c.onTestBatchEnd(b, l);
    }

    void predictBegin(Logs l) {
        for (Callback c : callbacks) c.onPredictBegin(l);
    }

    void predictEnd(Logs l) {
        for (Callback c : callbacks) c.onPredictEnd(l);
    }

    void predictBatchBegin(int b, Logs l) {
        for (Callback c : callbacks) c.onPredictBatchBegin(b, l);
    }

    void predictBatchEnd(int b, Logs l) {
        for (Callback c : callbacks) c.onPredictBatchEnd(b, l);
    }
}
