package dev.lamina.training;

import dev.lamina.tensor.NoGrad;
import dev.lamina.tensor.Ops;
import dev.lamina.tensor.Tensor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.Lock;

/** The loop behind {@code predict}: the model's {@code predictStep} per batch, outputs concatenated by position. */
final class PredictLoop {
    private PredictLoop() {
    }

    static List<Tensor> run(Trainable model, EpochData data, CallbackList callbacks) {
        callbacks.predictBegin(Logs.empty());
        List<List<Tensor>> parts = new ArrayList<>();
        Lock read = ModelGuard.weightsLock(model).readLock();
        int step = 0;
        try (NoGrad ignored = NoGrad.enter()) {
            for (Iterator<Batch> it = data.iterator(0); it.hasNext(); ) {
                Batch b = it.next();
                callbacks.predictBatchBegin(step, Logs.empty());
                read.lock();
                try {
                    parts.add(model.predictStep(b));
                } finally {
                    read.unlock();
                }
                callbacks.predictBatchEnd(step, Logs.empty());
                step++;
            }
        }
        if (parts.isEmpty()) throw new IllegalArgumentException("predict: the data has no batches");
        List<Tensor> out = new ArrayList<>();
        for (int k = 0; k < parts.get(0).size(); k++) {
            List<Tensor> pieces = new ArrayList<>();
            for (List<Tensor> p : parts) pieces.add(p.get(k));
            try (NoGrad ignored = NoGrad.enter()) {
                out.add(pieces.size() == 1 ? pieces.get(0) : Ops.concatenate(pieces, 0));
            }
        }
        callbacks.predictEnd(Logs.empty());
        return out;
    }
}
