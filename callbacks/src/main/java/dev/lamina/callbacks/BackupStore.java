package dev.lamina.callbacks;

import dev.lamina.tensor.io.AtomicFiles;
import dev.lamina.tensor.io.IoErrors;
import dev.lamina.tensor.io.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layout of a backup directory, as TensorFlow keeps checkpoints: complete snapshots in numbered directories
 * {@code ckpt-<n>}, and a small {@code checkpoint} file naming the latest, replaced atomically. A snapshot is
 * written in full and forced to disk before the pointer names it, so a crash at any moment leaves the previous
 * snapshot or the new one, never a partial one; the older directories are removed after the switch.
 */
final class BackupStore {
    static final String POINTER = "checkpoint";
    private static final Pattern CKPT = Pattern.compile("ckpt-(\\d+)");
    private final Path dir;

    BackupStore(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** True when a committed snapshot exists. */
    boolean exists() {
        return Files.isRegularFile(dir.resolve(POINTER));
    }

    /** The directory of the committed snapshot. */
    Path latest() {
        Path pointer = dir.resolve(POINTER);
        Object parsed;
        try {
            parsed = Json.parse(Files.readString(pointer, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("BackupAndRestore: cannot read " + pointer + ": " + IoErrors.reason(e), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("BackupAndRestore: " + pointer + " is not a backup pointer file: " + e.getMessage(), e);
        }
        Object name = parsed instanceof Map ? ((Map<?, ?>) parsed).get("latest") : null;
        if (!(name instanceof String) || !CKPT.matcher((String) name).matches()) {
            throw new IllegalArgumentException("BackupAndRestore: expected " + pointer + " to name a ckpt-<n> directory, received " + parsed);
        }
        Path d = dir.resolve((String) name);
        if (!Files.isDirectory(d)) {
            throw new IllegalStateException("BackupAndRestore: " + pointer + " names " + d + ", which does not exist; delete " + dir
                    + " to start training from scratch");
        }
        return d;
    }

    /** A fresh, empty directory for the next snapshot; removes what a killed earlier fit left half-written. */
    Path beginWrite() {
        try {
            Files.createDirectories(dir);
            AtomicFiles.removeTemporaryFiles(dir, Duration.ZERO);
            int next = 0;
            for (Path p : snapshots()) next = Math.max(next, number(p) + 1);
            Path d = dir.resolve("ckpt-" + next);
            Files.createDirectory(d);
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException("BackupAndRestore: cannot create a snapshot directory in " + dir + ": " + IoErrors.reason(e), e);
        }
    }

    /** Makes {@code snapshot} the latest (after forcing it to disk) and removes every other snapshot. */
    void commit(Path snapshot) {
        AtomicFiles.syncDirectory(snapshot);
        AtomicFiles.syncDirectory(dir);
        AtomicFiles.write(dir.resolve(POINTER), Json.write(Map.of("latest", snapshot.getFileName().toString()))
                .getBytes(StandardCharsets.UTF_8));
        removeSnapshotsExcept(snapshot);
    }

    /** Removes the pointer first (so a crash cannot leave a half-deleted backup that looks valid), then the rest. */
    void delete() {
        try {
            Files.deleteIfExists(dir.resolve(POINTER));
            AtomicFiles.syncDirectory(dir);
            removeSnapshotsExcept(null);
            AtomicFiles.removeTemporaryFiles(dir, Duration.ZERO);   // e.g. a pointer write cut short by a kill
            if (Files.isDirectory(dir)) {
                try (var s = Files.list(dir)) {
                    if (s.findAny().isEmpty()) Files.delete(dir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("BackupAndRestore: cannot delete the backup in " + dir + ": " + IoErrors.reason(e), e);
        }
    }

    private void removeSnapshotsExcept(Path keep) {
        try {
            for (Path p : snapshots()) if (keep == null || !p.getFileName().equals(keep.getFileName())) BackupStore.deleteTree(p);
        } catch (IOException e) {
            throw new UncheckedIOException("BackupAndRestore: cannot remove old snapshots in " + dir + ": " + IoErrors.reason(e), e);
        }
    }

    private List<Path> snapshots() throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (var s = Files.list(dir)) {
            s.filter(p -> CKPT.matcher(p.getFileName().toString()).matches()).forEach(out::add);
        }
        return out;
    }

    /** Deletes a file or a directory tree; missing paths are fine. */
    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return;
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (var s = Files.list(p)) {
                for (Path c : (Iterable<Path>) s::iterator) deleteTree(c);
            }
        }
        Files.deleteIfExists(p);
    }

    private static int number(Path p) {
        Matcher m = CKPT.matcher(p.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }
}
