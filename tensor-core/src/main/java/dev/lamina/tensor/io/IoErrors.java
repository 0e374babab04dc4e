package dev.lamina.tensor.io;

import java.io.IOException;

/** Messages for I/O failures that keep their reason: a {@code NoSuchFileException}'s message is only the path. */
public final class IoErrors {
    private IoErrors() {
    }

    /** The exception's kind and message, e.g. {@code NoSuchFileException: /tmp/x}. */
    public static String reason(IOException e) {
        String kind = e.getClass().getSimpleName();
        return e.getMessage() == null ? kind : kind + ": " + e.getMessage();
    }
}
