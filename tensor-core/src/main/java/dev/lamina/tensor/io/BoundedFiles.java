package dev.lamina.tensor.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a whole file that may be hostile: one larger than the caller expects is refused before it is read (the
 * backup files, the optimizer state beside a model).
 */
public final class BoundedFiles {
    /** The largest array the JVM allocates. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private BoundedFiles() {
    }

    /** The bytes of {@code file}, at most {@code maxBytes} of them; {@code who} starts the error messages. */
    public static byte[] read(Path file, long maxBytes, String who) {
        long limit = Math.min(maxBytes, MAX_ARRAY);
        try (InputStream in = Files.newInputStream(file)) {
            long size = Files.size(file);
            if (size > limit) throw tooLarge(file, Long.toString(size), limit, who);
            byte[] bytes = in.readNBytes((int) limit + 1);     // the file may have grown since its size was taken
            if (bytes.length > limit) throw tooLarge(file, "more than " + limit, limit, who);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(who + ": cannot read " + file + ": " + IoErrors.reason(e), e);
        }
    }

    private static IllegalArgumentException tooLarge(Path file, String size, long limit, String who) {
        return new IllegalArgumentException(who + ": " + file + " is " + size + " bytes, expected at most " + limit);
    }
}
