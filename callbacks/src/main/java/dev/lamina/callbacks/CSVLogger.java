package dev.lamina.callbacks;

import dev.lamina.training.Callback;
import dev.lamina.training.Logs;
import dev.lamina.training.StatefulCallback;
import dev.lamina.utils.PyRepr;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Streams epoch logs to a CSV file as Keras' {@code CSVLogger} does: header {@code epoch} plus the sorted log keys
 * (with {@code val_} twins added when the first epoch had no validation), 0-based epochs, CRLF line ends,
 * {@code NA} for missing values, numbers as Python's {@code repr}, flushed after every epoch. Its
 * {@link StatefulCallback state} is the header and the file length at the snapshot: a resumed fit cuts any rows
 * written after it and appends from there, so every epoch appears exactly once.
 */
public final class CSVLogger extends Callback implements StatefulCallback {
    private static final System.Logger LOG = System.getLogger("dev.lamina.callbacks");
    private final Path file;
    private String separator = ",";
    private boolean append;
    private BufferedWriter writer;
    private List<String> keys;
    private boolean writeHeader;
    private long resumePosition;
    private final ResumableState saved = new ResumableState("CSVLogger")
            .strings("keys", () -> keys, v -> keys = v)
            .bool("write_header", () -> writeHeader, v -> writeHeader = v)
            .longValue("position", this::flushedLength, v -> resumePosition = v);

    public CSVLogger(String filename) {
        this(Path.of(filename));
    }

    public CSVLogger(Path file) {
        this.file = file;
    }

    public CSVLogger separator(String s) {
        if (s == null || s.isEmpty()) throw new IllegalArgumentException("CSVLogger: expected a non-empty separator, received '" + s + "'");
        separator = s;
        return this;
    }

    public CSVLogger append(boolean v) {
        append = v;
        return this;
    }

    @Override
    public void onTrainBegin(Logs logs) {
        keys = null;
        if (saved.applyRestored()) {
            resume(resumePosition);
            return;
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            boolean hasContent = append && Files.exists(file) && Files.size(file) > 0
                    && !Files.readAllLines(file, StandardCharsets.UTF_8).get(0).isEmpty();
            writeHeader = !hasContent;
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot open " + file, e);
        }
    }

    /** Reopens the file at {@code position}, dropping rows written after the snapshot. */
    private void resume(long position) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (ch.size() > position) ch.truncate(position);
            else if (ch.size() < position) {
                LOG.log(System.Logger.Level.WARNING, "CSVLogger: " + file + " is shorter (" + ch.size() + " bytes) than when the backup was taken ("
                        + position + " bytes); appending to it as it is");
            }
            ch.position(ch.size());
            writer = new BufferedWriter(Channels.newWriter(ch, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot reopen " + file, e);
        }
    }

    /** The file's length once every row written so far is flushed. */
    private long flushedLength() {
        try {
            if (writer != null) writer.flush();
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot read the length of " + file, e);
        }
    }

    @Override
    public Map<String, Object> state() {
        return saved.state();
    }

    /** Takes effect at the next {@link #onTrainBegin}, which reopens the file at the saved length. */
    @Override
    public void restoreState(Map<String, Object> state) {
        saved.restore(state);
    }

    @Override
    public void onEpochEnd(int epoch, Logs logs) {
        if (writer == null) onTrainBegin(Logs.empty());
        if (keys == null) {
            keys = new ArrayList<>(logs.keys());
            keys.sort(null);
            if (keys.stream().noneMatch(k -> k.startsWith("val_"))) {
                List<String> val = new ArrayList<>();
                for (String k : keys) val.add("val_" + k);
                keys.addAll(val);
            }
        }
        try {
            if (writeHeader) {
                writer.write("epoch" + separator + String.join(separator, keys) + "\r\n");
                writeHeader = false;
            }
            StringBuilder row = new StringBuilder(Integer.toString(epoch));
            for (String k : keys) {
                Double v = logs.get(k);
                row.append(separator).append(v == null ? "NA" : PyRepr.repr(v));
            }
            writer.write(row.append("\r\n").toString());
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot write " + file, e);
        }
    }

    @Override
    public void onTrainEnd(Logs logs) {
        if (writer == null) return;
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot close " + file, e);
        } finally {
            writer = null;
        }
    }
}
