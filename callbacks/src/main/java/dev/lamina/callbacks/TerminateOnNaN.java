package dev.lamina.callbacks;

import dev.lamina.training.Callback;
import dev.lamina.training.Logs;

/** Stops training as soon as a batch's loss is NaN or infinite (Keras' {@code TerminateOnNaN}). */
public final class TerminateOnNaN extends Callback {
    @Override
    public void onTrainBatchEnd(int batch, Logs logs) {
        Double loss = logs.get("loss");
        if (loss != null && (loss.isNaN() || loss.isInfinite())) {
            System.out.println("Batch " + batch + ": Invalid loss, terminating training");
            getModel().setStopTraining(true);
        }
    }
}
