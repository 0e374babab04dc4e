package dev.lamina.training;

import dev.lamina.metrics.Metric;
import dev.lamina.tensor.NoGrad;

import java.util.Iterator;
import java.util.concurrent.locks.Lock;

/** The loop behind {@code evaluate} and fit's validation: the model's {@code testStep} per batch, under NoGrad. */
final class EvaluateLoop {
    private EvaluateLoop() {
    }

    /** Runs the batches (at most {@code steps}) after resetting the metrics; returns the last logs. */
    static Logs run(Trainable model, Compiled c, EpochData data, Integer steps, CallbackList callbacks) {
        try (StepScope ignored = StepScope.enter(model, c)) {
            for (Metric m : model.metrics()) m.resetState();
            callbacks.testBegin(Logs.empty());
            Lock read = ModelGuard.weightsLock(model).readLock();
            Logs last = null;
            int step = 0;
            try (NoGrad ng = NoGrad.enter()) {
                for (Iterator<Batch> it = data.iterator(0); it.hasNext(); ) {
                    if (steps != null && step >= steps) break;
                    Batch b = it.next();
                    callbacks.testBatchBegin(step, Logs.empty());
                    read.lock();
                    try {
                        last = model.testStep(b);
                    } finally {
                        read.unlock();
                    }
                    callbacks.testBatchEnd(step, last);
                    step++;
                }
            }
            Logs logs = last != null ? last : c.currentLogs();
            callbacks.testEnd(logs);
            return logs;
        }
    }
}
