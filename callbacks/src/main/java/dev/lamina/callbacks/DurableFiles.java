package dev.lamina.callbacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * File writes that survive a crash: bytes are forced to disk before a file is published, and a file is replaced
 * by renaming a complete temporary sibling over it, so readers see the old content or the new, never a mix.
 */
final class DurableFiles {
    private static final SecureRandom RANDOM = new SecureRandom();

    private DurableFiles() {
    }

    /** Writes a new file and forces it to disk. */
    static void writeNew(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) ch.write(b);
            ch.force(true);
        }
    }

    /** Replaces {@code file} atomically with {@code bytes}. */
    static void replace(Path file, byte[] bytes) {
        Path abs = file.toAbsolutePath();
        Path tmp = abs.resolveSibling("." + abs.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
        try {
            Files.createDirectories(abs.getParent());
            writeNew(tmp, bytes);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(abs.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // The write already failed or succeeded; a stray temporary file is harmless.
            }
        }
    }

    /** Forces a directory's entries (new and renamed files) to disk where the platform allows it. */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Some platforms (Windows) cannot open directories; their renames are durable enough.
        }
    }

    /** Deletes a file or a directory tree; missing paths are fine. */
    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (var s = Files.list(p)) {
                for (Path c : (Iterable<Path>) s::iterator) deleteTree(c);
            }
        }
        Files.deleteIfExists(p);
    }
}
