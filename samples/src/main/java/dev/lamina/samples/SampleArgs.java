package dev.lamina.samples;

import dev.lamina.tensor.io.IoErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What every sample's {@code run} takes: the output directory (files go to {@code <outputDir>/<sample>/}) and an
 * optional epochs override that replaces every epoch count of the seed (smoke tests use 1 or 2).
 */
public final class SampleArgs {
    /** Where samples write when nothing else is said: {@code ./lamina-output}. */
    public static final Path DEFAULT_OUTPUT = Path.of("lamina-output");

    private final Path outputDir;
    private final Integer epochs;

    private SampleArgs(Path outputDir, Integer epochs) {
        this.outputDir = outputDir;
        this.epochs = epochs;
    }

    public static SampleArgs defaults() {
        return new SampleArgs(DEFAULT_OUTPUT, null);
    }

    public SampleArgs withOutputDir(Path dir) {
        if (dir == null) throw new IllegalArgumentException("SampleArgs: expected an output directory, received null");
        return new SampleArgs(dir, epochs);
    }

    /** Replaces the seed's epoch counts with {@code n} (n >= 1). */
    public SampleArgs withEpochs(int n) {
        if (n < 1) throw new IllegalArgumentException("SampleArgs: expected epochs >= 1, received epochs=" + n);
        return new SampleArgs(outputDir, n);
    }

    public Path outputDir() {
        return outputDir;
    }

    /** The override, or {@code seedEpochs} when there is none. */
    public int epochs(int seedEpochs) {
        return epochs == null ? seedEpochs : epochs;
    }

    /** {@code <outputDir>/<name>}, created if missing. */
    public Path dir(String name) {
        Path d = outputDir.resolve(name);
        try {
            Files.createDirectories(d);
            return d;          // not createDirectories' result, which may be made absolute
        } catch (IOException e) {
            throw new UncheckedIOException("SampleArgs: cannot create output directory " + d + ": " + IoErrors.reason(e), e);
        }
    }

    @Override
    public String toString() {
        return "SampleArgs(outputDir=" + outputDir + ", epochs=" + (epochs == null ? "seed" : epochs) + ")";
    }
}
