package dev.lamina.training;

import dev.lamina.models.Model;
import dev.lamina.tensor.Tensor;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * What makes one model safe to share between threads (see {@link Trainer}): at most one training call at a time,
 * and a weights lock per model, held for writing by a training step and for reading by an inference batch, so a
 * batch sees one weight version. It costs one lock operation per batch, nothing per element.
 */
final class ModelGuard {
    private static final Set<Model> TRAINING = ConcurrentHashMap.newKeySet();
    private static final Map<Model, ReadWriteLock> LOCKS = Collections.synchronizedMap(new WeakHashMap<>());

    private ModelGuard() {
    }

    /** Marks the model as training; a second fit or train_on_batch while one runs fails at once. */
    static void beginTraining(Model model, String what) {
        if (!TRAINING.add(model)) {
            throw new IllegalStateException("Model '" + model.name() + "' is already training (a fit or train_on_batch is running): a model"
                    + " trains on one thread at a time; call " + what + "(...) after that call returns");
        }
    }

    static void endTraining(Model model) {
        TRAINING.remove(model);
    }

    static void requireNotTraining(Model model, String what) {
        if (TRAINING.contains(model)) {
            throw new IllegalStateException("Model '" + model.name() + "' is training: call " + what + "(...) before or after fit, not during it");
        }
    }

    static ReadWriteLock weightsLock(Model model) {
        return LOCKS.computeIfAbsent(model, k -> new ReentrantReadWriteLock());
    }

    /** An inference forward pass under the read lock. */
    static List<Tensor> forward(Model model, List<Tensor> xs) {
        Lock read = weightsLock(model).readLock();
        read.lock();
        try {
            return model.forwardAll(xs, false);
        } finally {
            read.unlock();
        }
    }
}
