package dev.lamina.callbacks;

import dev.lamina.training.Callback;
import dev.lamina.training.FitCheckpointer;
import dev.lamina.training.FitState;
import dev.lamina.training.Logs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Keras' {@code BackupAndRestore}: backs up the fit in {@code backupDir} every epoch (or every {@code saveFreq}
 * batches), and when a fit with the same code starts while a backup exists, because the previous one was
 * interrupted, restores it and continues from where the backup was taken. A fit that finishes normally deletes
 * the backup ({@code deleteCheckpoint}, on by default), so the next fit starts from scratch.
 *
 * <p>Beyond Keras, the resumed fit is exact: a snapshot holds the weights, the optimizer state, the epoch and
 * batch position, the shuffle seed of in-memory data (the loop regenerates the epoch's batch order and skips the
 * batches done), the session and layer random generators (Dropout masks), the partial epoch's metric
 * accumulators and the state of every {@link dev.lamina.training.StatefulCallback} in the fit (EarlyStopping,
 * ReduceLROnPlateau, ModelCheckpoint, CSVLogger, ...), taken after every callback has seen the batch or epoch.
 * So an interrupted and resumed fit ends with the same weights, bit for bit, and the same logs as one that never
 * stopped. Snapshots are written in full before they replace the previous one ({@link BackupStore}); the model
 * must be built before {@code fit} (as Keras requires). For a {@link dev.lamina.training.Dataset} other than
 * in-memory arrays, the loop skips the batches done by drawing them again, so such a dataset must yield the same
 * batches each epoch for the resume to be exact. As in Keras, the resumed fit's History holds the epochs it ran.
 */
public final class BackupAndRestore extends Callback implements FitCheckpointer {
    private final BackupStore store;
    private Integer saveFreqBatches;      // null = every epoch
    private boolean deleteCheckpoint = true;
    private int batchesSinceSave;

    public BackupAndRestore(String backupDir) {
        this(Path.of(checkDir(backupDir)));
    }

    public BackupAndRestore(Path backupDir) {
        if (backupDir == null) throw new IllegalArgumentException("BackupAndRestore: expected a backup_dir, received null");
        this.store = new BackupStore(backupDir);
    }

    private static String checkDir(String d) {
        if (d == null || d.isEmpty()) throw new IllegalArgumentException("BackupAndRestore: expected a backup_dir, received '" + d + "'");
        return d;
    }

    /** {@code "epoch"}, or a number of batches as a string. */
    public BackupAndRestore saveFreq(String v) {
        if ("epoch".equals(v)) {
            saveFreqBatches = null;
            return this;
        }
        try {
            return saveFreq(Integer.parseInt(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("BackupAndRestore: expected save_freq 'epoch' or a positive integer, received save_freq='" + v + "'");
        }
    }

    /** Back up every {@code batches} batches (counted across epochs) instead of every epoch. */
    public BackupAndRestore saveFreq(int batches) {
        if (batches <= 0) throw new IllegalArgumentException("BackupAndRestore: expected save_freq > 0, received save_freq=" + batches);
        saveFreqBatches = batches;
        return this;
    }

    /** Whether a fit that finishes normally deletes the backup (default true). */
    public BackupAndRestore deleteCheckpoint(boolean v) {
        deleteCheckpoint = v;
        return this;
    }

    public Path backupDir() {
        return store.dir();
    }

    /** True when the backup directory holds a complete backup. */
    public boolean hasBackup() {
        return store.exists();
    }

    @Override
    public void restore(FitState state) {
        batchesSinceSave = 0;
        if (store.exists()) BackupSnapshot.restore(state, store.latest());
    }

    @Override
    public void onBatchCommitted(FitState state) {
        if (saveFreqBatches == null || ++batchesSinceSave < saveFreqBatches) return;
        batchesSinceSave = 0;
        save(state);
    }

    @Override
    public void onEpochCommitted(FitState state) {
        if (saveFreqBatches == null) save(state);
    }

    private void save(FitState state) {
        Path dir = store.beginWrite();
        try {
            BackupSnapshot.save(state, dir);
        } catch (IOException | RuntimeException e) {
            try {
                BackupStore.deleteTree(dir);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof RuntimeException) throw (RuntimeException) e;
            throw new UncheckedIOException("BackupAndRestore: cannot write the backup in " + dir + ": " + e.getMessage(), (IOException) e);
        }
        store.commit(dir);
    }

    @Override
    public void onTrainEnd(Logs logs) {
        if (deleteCheckpoint) store.delete();
    }
}
