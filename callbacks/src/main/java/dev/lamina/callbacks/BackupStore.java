package dev.lamina.callbacks;

import dev.lamina.tensor.io.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
            throw new UncheckedIOException("BackupAndRestore: cannot read " + pointer + ": " + e.getMessage(), e);
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

    /** A fresh, empty directory for the next snapshot. */
    Path beginWrite() {
        try {
            Files.createDirectories(dir);
            int next = 0;
            for (Path p : snapshots()) next = Math.max(next, number(p) + 1);
            Path d = dir.resolve("ckpt-" + next);
            Files.createDirectory(d);
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException("BackupAndRestore: cannot create a snapshot directory in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Makes {@code snapshot} the latest (after forcing it to disk) and removes every other snapshot. */
    void commit(Path snapshot) {
        DurableFiles.syncDirectory(snapshot);
        DurableFiles.syncDirectory(dir);
        DurableFiles.replace(dir.resolve(POINTER), Json.write(Map.of("latest", snapshot.getFileName().toString()))
                .getBytes(StandardCharsets.UTF_8));
        removeSnapshotsExcept(snapshot);
    }

    /** Removes the pointer first (so a crash cannot leave a half-deleted backup that looks valid), then the rest. */
    void delete() {
        try {
            Files.deleteIfExists(dir.resolve(POINTER));
            DurableFiles.syncDirectory(dir);
            removeSnapshotsExcept(null);
            if (Files.isDirectory(dir)) {
                try (var s = Files.list(dir)) {
                    if (s.findAny().isEmpty()) Files.delete(dir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("BackupAndRestore: cannot delete the backup in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void removeSnapshotsExcept(Path keep) {
        try {
            for (Path p : snapshots()) if (keep == null || !p.getFileName().equals(keep.getFileName())) DurableFiles.deleteTree(p);
        } catch (IOException e) {
            throw new UncheckedIOException("BackupAndRestore: cannot remove old snapshots in " + dir + ": " + e.getMessage(), e);
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

    private static int number(Path p) {
        Matcher m = CKPT.matcher(p.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }
}
