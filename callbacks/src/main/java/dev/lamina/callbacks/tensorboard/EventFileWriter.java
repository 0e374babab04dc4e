package dev.lamina.callbacks.tensorboard;

import dev.lamina.tensor.io.ProtoWriter;

import dev.lamina.tensor.Tensor;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * Writes a TensorBoard event file without TensorFlow: TFRecord-framed, hand-encoded {@code tensorboard.Event}
 * protos. The file is {@code <logDir>/events.out.tfevents.<10-digit unix secs>.<host>.<pid>.<n>.v2}; its first
 * event carries {@code file_version = "brain.Event:2"}. Scalars use the legacy {@code simple_value} and
 * histograms the legacy {@code HistogramProto}; TensorBoard migrates both to its scalar and histogram plugins
 * on load, so no plugin metadata is needed.
 *
 * <p>Each directory holding event files is one TensorBoard run (Keras writes {@code <log_dir>/train} and
 * {@code <log_dir>/validation}). Writes are buffered; {@link #flush()} makes them visible to TensorBoard.
 */
public final class EventFileWriter implements Closeable {
    /** The file_version string of the first event, as TF 2.x writers emit it. */
    public static final String FILE_VERSION = "brain.Event:2";

    private static final AtomicLong COUNTER = new AtomicLong();

    private final Path path;
    private final OutputStream out;
    private final DoubleSupplier clock;
    private boolean closed;

    /** Creates {@code logDir} if needed and a new event file in it. */
    public EventFileWriter(Path logDir) {
        this(logDir, EventFileWriter::now);
    }

    /** @param clock wall time in seconds since the epoch, for every event */
    EventFileWriter(Path logDir, DoubleSupplier clock) {
        Objects.requireNonNull(logDir, "EventFileWriter: logDir must not be null");
        this.clock = clock;
        double wallTime = clock.getAsDouble();
        String name = String.format(Locale.ROOT, "events.out.tfevents.%010d.%s.%d.%d.v2", (long) Math.floor(wallTime),
                Host.NAME, ProcessHandle.current().pid(), COUNTER.getAndIncrement());
        try {
            Files.createDirectories(logDir);
            this.path = logDir.resolve(name);
            this.out = new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw new UncheckedIOException("EventFileWriter: cannot create an event file in " + logDir, e);
        }
        write(new ProtoWriter().doubleField(1, wallTime).string(3, FILE_VERSION));
        flush();
    }

    /** The event file being written. */
    public Path path() {
        return path;
    }

    /** A scalar summary ({@code Summary.Value{tag, simple_value}}) at {@code step}. */
    public synchronized void scalar(String tag, float value, long step) {
        checkTag(tag);
        writeSummary(step, new ProtoWriter().string(1, tag).floatField(2, value));
    }

    /**
     * A histogram summary of {@code values} at {@code step}, bucketed like TensorFlow's default histogram.
     *
     * @throws IllegalArgumentException if a value is NaN or infinite (TensorFlow rejects those too)
     */
    public synchronized void histogram(String tag, float[] values, long step) {
        checkTag(tag);
        Objects.requireNonNull(values, "EventFileWriter: histogram values must not be null");
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("EventFileWriter: expected finite values in histogram '" + tag
                        + "', received " + values[i] + " at index " + i);
            }
        }
        writeSummary(step, new ProtoWriter().string(1, tag).bytes(5, Histogram.encode(values)));
    }

    /** A histogram of all elements of {@code values} (e.g. a layer's kernel). */
    public void histogram(String tag, Tensor values, long step) {
        histogram(tag, values.toFloatArray(), step);
    }

    /** Pushes buffered events to the file. */
    public synchronized void flush() {
        checkOpen();
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("EventFileWriter: cannot flush " + path, e);
        }
    }

    /** Flushes and closes the file; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("EventFileWriter: cannot close " + path, e);
        }
    }

    private void writeSummary(long step, ProtoWriter value) {
        ProtoWriter event = new ProtoWriter().doubleField(1, clock.getAsDouble());
        if (step != 0) {
            event.int64(2, step);   // proto3 leaves the default 0 out
        }
        write(event.message(5, new ProtoWriter().message(1, value)));
    }

    private void write(ProtoWriter event) {
        checkOpen();
        try {
            out.write(TfRecord.frame(event.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException("EventFileWriter: cannot write to " + path, e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("EventFileWriter: " + path + " is closed; create a new writer");
        }
    }

    private static void checkTag(String tag) {
        if (tag == null || tag.isEmpty()) {
            throw new IllegalArgumentException("EventFileWriter: expected a non-empty tag, received "
                    + (tag == null ? "null" : "''"));
        }
    }

    private static double now() {
        Instant t = Instant.now();
        return t.getEpochSecond() + t.getNano() / 1e9;
    }

    /** The host name for file names, resolved once, without a DNS lookup where the OS can tell it. */
    private static final class Host {
        static final String NAME = resolve();

        private static String resolve() {
            String name = System.getenv("HOSTNAME");
            if (name == null || name.isBlank()) {
                name = System.getenv("COMPUTERNAME");
            }
            if (name == null || name.isBlank()) {
                try {
                    name = Files.readString(Path.of("/proc/sys/kernel/hostname"));
                } catch (IOException | RuntimeException e) {
                    name = null;
                }
            }
            if (name == null || name.isBlank()) {
                try {
                    name = InetAddress.getLocalHost().getHostName();
                } catch (IOException | RuntimeException e) {
                    name = "localhost";
                }
            }
            return name.strip().replaceAll("[^A-Za-z0-9._-]", "_");
        }
    }
}
