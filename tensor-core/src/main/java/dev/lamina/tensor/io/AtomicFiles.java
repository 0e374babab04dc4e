package dev.lamina.tensor.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The one way Lamina writes a file: readers see the old content or the complete new one, never a half-written
 * file, also after a crash. The bytes go to a hidden temporary sibling {@code .<name>.<hex>.tmp}, are forced to
 * disk, the temporary file is renamed over the target and the directory entry is forced to disk. On failure the
 * temporary file is removed and the target is untouched.
 *
 * <p>A process killed in the middle of a write leaves its temporary file behind; the next write into the same
 * directory removes such files once they are {@link #STALE_AFTER} old (a younger one may belong to a write still
 * running in another process), and {@link #removeTemporaryFiles} removes them at once where the caller owns the
 * directory. It lives in tensor-core because every module that writes files (layers, callbacks, samples) sees it.
 */
public final class AtomicFiles {
    /** How old a temporary file of ours must be before a write into its directory removes it. */
    public static final Duration STALE_AFTER = Duration.ofMinutes(1);
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.[0-9a-f]{1,16}\\.tmp");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Temporary files being written by this JVM, never removed as stale. */
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();

    private AtomicFiles() {
    }

    /** Writes the content produced by a body; the body must not close the stream. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Replaces {@code target} atomically and durably with what {@code body} writes; creates missing directories. */
    public static void write(Path target, Body body) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        // Not Files.createTempFile: that makes the file owner-only, and the rename would carry that over.
        Path candidate = dir.resolve("." + abs.getFileName() + "." + String.format(Locale.ROOT, "%016x", RANDOM.nextLong()) + ".tmp");
        IN_FLIGHT.add(candidate);
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            removeTemporaryFiles(dir, STALE_AFTER);
            FileChannel ch = FileChannel.open(candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            tmp = candidate;
            try (ch) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                body.writeTo(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            syncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + IoErrors.reason(e), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // Best effort: the write already failed and that error is the one to report.
                }
            }
            IN_FLIGHT.remove(candidate);
        }
    }

    public static void write(Path target, byte[] bytes) {
        write(target, out -> out.write(bytes));
    }

    /** Forces a directory's entries (new and renamed files) to disk where the platform allows it. */
    public static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Some platforms (Windows) cannot open directories; their renames are durable enough.
        }
    }

    /** True for a name of the pattern our temporary files use, {@code .<name>.<hex>.tmp}. */
    public static boolean isTemporaryName(String fileName) {
        return TEMPORARY.matcher(fileName).matches();
    }

    /**
     * Removes the temporary files of our naming in {@code dir} (not in its subdirectories) that are at least
     * {@code minAge} old and not being written by this JVM; a missing directory is fine. Best effort: a file that
     * cannot be removed is left for the next time.
     */
    public static void removeTemporaryFiles(Path dir, Duration minAge) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return;
        Instant cutoff = Instant.now().minus(minAge);
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> isTemporaryName(p.getFileName().toString()))) {
            for (Path p : s) {
                try {
                    if (IN_FLIGHT.contains(p) || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) continue;
                    if (Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant().isAfter(cutoff)) continue;
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // Left for the next write; a stale temporary file is harmless to readers.
                }
            }
        } catch (IOException ignored) {
            // An unreadable directory fails the write itself with a clear error.
        }
    }
}
