package dev.lamina.utils.plot;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so readers see either the old file or the complete new one: the bytes go to a
 * temporary file in the same directory, which is then renamed over the target.
 */
final class AtomicFiles {
    interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    static void write(Path file, Writer writer) {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path temp = null;
        try {
            temp = createTemp(dir, target.getFileName().toString());
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE)) {
                writer.write(out);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("GraphRenderer: could not write " + target + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the write already failed; that error is the one to report
                }
            }
        }
    }

    /** A hidden sibling created with default permissions (unlike Files.createTempFile's owner-only ones). */
    private static Path createTemp(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16) + ".tmp");
            try {
                Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 16) throw e;
            }
        }
    }
}
