package dev.lamina.training;

/**
 * A callback that checkpoints and resumes the loop itself ({@code BackupAndRestore}). Besides its callback hooks,
 * the loop calls it at three points, handing it the {@link FitState}: before every callback's
 * {@code onTrainBegin} to restore a checkpoint and say where to resume, and after every callback has seen a
 * batch end or an epoch end, so that a snapshot taken there includes the other callbacks' updates. A fit takes at
 * most one.
 */
public interface FitCheckpointer {
    /** Restores a checkpoint if there is one, calling {@link FitState#resumeAt}; does nothing otherwise. */
    void restore(FitState state);

    /** After every callback's {@code onTrainBatchEnd}; {@link FitState#batchesDone()} counts that batch. */
    void onBatchCommitted(FitState state);

    /** After every callback's {@code onEpochEnd}; the state points at the start of the next epoch. */
    void onEpochCommitted(FitState state);
}
