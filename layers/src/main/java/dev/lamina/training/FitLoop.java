package dev.lamina.training;

import dev.lamina.metrics.Metric;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;

/**
 * The one epoch loop behind {@code fit}, shared by Java, the Kotlin coroutines and every callback. Semantics follow
 * Keras: each batch goes to the model's {@code trainStep}, whose logs reach the callbacks; the epoch logs are the
 * last batch's (metrics stream over the epoch), validation keys get {@code val_}, the stop flag is reset at every
 * fit and checked after every batch. A step holds the model's weights lock for writing, so an inference batch on
 * another thread sees the weights before or after it, never halfway.
 */
final class FitLoop {
    private final Trainable model;
    private final Compiled compiled;
    private final FitOptions options;

    FitLoop(Trainable model, Compiled compiled, FitOptions options) {
        this.model = model;
        this.compiled = compiled;
        this.options = options;
    }

    History run(FitData data) {
        FitOptions o = options;
        long steps = o.stepsPerEpoch() != null ? o.stepsPerEpoch() : data.train.cardinality();
        History history = new History();
        List<Callback> cbs = new ArrayList<>(o.callbacks());
        cbs.add(history);
        if (cbs.stream().noneMatch(cb -> cb instanceof ProgbarLogger)) cbs.add(new ProgbarLogger());
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("verbose", o.verbose());
        params.put("epochs", o.epochs());
        params.put("steps", steps < 0 ? null : steps);
        params.put("batch_size", o.batchSize());
        params.put("samples", data.samples < 0 || o.stepsPerEpoch() != null ? null : data.samples);
        params.put("validation_samples", data.validationSamples < 0 ? null : data.validationSamples);
        params.put("do_validation", data.validation != null);
        CallbackList callbacks = new CallbackList(cbs, model, params);
        Lock write = ModelGuard.weightsLock(model).writeLock();

        model.setStopTraining(false);
        FitState state = FitState.begin(model, compiled, cbs, data.train, o.initialEpoch());   // may resume a checkpoint
        callbacks.trainBegin(Logs.empty());
        Logs epochLogs = Logs.empty();
        for (int epoch = state.epoch(); epoch < o.epochs(); epoch++) {
            for (Metric m : model.metrics()) m.resetState();
            callbacks.epochBegin(epoch, Logs.empty());
            Iterator<Batch> batches = state.beginEpoch(epoch, data.train);
            double lr = state.epochLearningRate();
            int step = state.batchesDone();
            Logs last = null;
            while (batches.hasNext()) {
                if (o.stepsPerEpoch() != null && step >= o.stepsPerEpoch()) break;
                Batch b = batches.next();
                callbacks.trainBatchBegin(step, Logs.empty());
                write.lock();      // once per batch: inference batches never see a half-applied step
                try {
                    last = model.trainStep(b);
                } finally {
                    write.unlock();
                }
                callbacks.trainBatchEnd(step, last);
                step++;
                state.batchCommitted(step);
                if (model.isStopTraining()) break;
            }
            epochLogs = last != null ? last : compiled.currentLogs();
            if (data.validation != null && (epoch + 1) % o.validationFreq() == 0) {
                Logs val = EvaluateLoop.run(model, compiled, data.validation, o.validationSteps(), callbacks);
                epochLogs = epochLogs.withAll(val.prefixed("val_"));
            }
            epochLogs = epochLogs.with("learning_rate", (float) lr);
            callbacks.epochEnd(epoch, epochLogs);
            state.epochCommitted();
            if (model.isStopTraining()) break;
        }
        callbacks.trainEnd(epochLogs);
        return history;
    }
}
