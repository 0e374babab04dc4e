package dev.lamina.training;


import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * What makes one model safe to share between threads (see {@link Trainer}): at most one training call at a time,
 * and a weights lock per model, held for writing by a training step and for reading by an inference batch, so a
 * batch sees one weight version. It costs one lock operation per batch, nothing per element.
 */
final class ModelGuard {
    private static final Set<Trainable> TRAINING = ConcurrentHashMap.newKeySet();
    private static final Map<Trainable, ReadWriteLock> LOCKS = Collections.synchronizedMap(new WeakHashMap<>());

    private ModelGuard() {
    }

    /** Marks the model as training; a second fit or train_on_batch while one runs fails at once. */
    static void beginTraining(Trainable model, String what) {
        if (!TRAINING.add(model)) {
            throw new IllegalStateException("Model '" + model.name() + "' is already training (a fit or train_on_batch is running): a model"
                    + " trains on one thread at a time; call " + what + "(...) after that call returns");
        }
    }

    static void endTraining(Trainable model) {
        TRAINING.remove(model);
    }

    static void requireNotTraining(Trainable model, String what) {
        if (TRAINING.contains(model)) {
            throw new IllegalStateException("Model '" + model.name() + "' is training: call " + what + "(...) before or after fit, not during it");
        }
    }

    static ReadWriteLock weightsLock(Trainable model) {
        return LOCKS.computeIfAbsent(model, k -> new ReentrantReadWriteLock());
    }
}
