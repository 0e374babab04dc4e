package dev.lamina.training;

import java.util.Map;

/**
 * A callback whose progress (best value, wait counter, rows written, ...) a checkpoint can save and a resumed fit
 * can restore, so that {@code BackupAndRestore} continues an interrupted fit exactly. Keras' callbacks restart
 * from scratch after a restore; Lamina's built-in ones implement this interface.
 *
 * <p>The values are JSON values ({@code null}, Boolean, Number, String, List, Map with String keys) or
 * {@link dev.lamina.tensor.Tensor}s; numbers may come back as Long or Double. The loop calls
 * {@link #restoreState} before {@link Callback#onTrainBegin}; the callback then keeps the restored state instead
 * of resetting it there.
 */
public interface StatefulCallback {
    /** The callback's state now; the map and its tensors must not change as training continues. */
    Map<String, Object> state();

    /**
     * Restores {@link #state()}; a malformed map is rejected with an IllegalArgumentException naming the key.
     * {@code null} discards a restored state that has not taken effect yet (a failed restore).
     */
    void restoreState(Map<String, Object> state);
}
