package dev.lamina.models;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.Json;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors container: an 8-byte little-endian header length, a JSON header mapping each tensor name to
 * {@code {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}} (offsets into the data that follows)
 * plus an optional {@code "__metadata__"} of strings, then the raw little-endian float32 data. Readable from
 * Python with {@code safetensors.numpy.load_file}. Only F32 is written or read.
 */
public final class SafeTensors {
    private static final String METADATA = "__metadata__";
    private static final long MAX_HEADER = 100L << 20;     // the reference implementation's limit

    private SafeTensors() {
    }

    /** Encodes the tensors (in map order) and string metadata. */
    public static byte[] write(Map<String, Tensor> tensors, Map<String, String> metadata) {
        Map<String, Object> header = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) header.put(METADATA, new LinkedHashMap<>(metadata));
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().equals(METADATA)) throw new IllegalArgumentException("SafeTensors: the tensor name '" + METADATA + "' is reserved");
            long bytes = 4L * e.getValue().size();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", "F32");
            info.put("shape", e.getValue().shape().toArray());
            info.put("data_offsets", List.of(offset, offset + bytes));
            header.put(e.getKey(), info);
            offset += bytes;
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;               // keeps the data 8-byte aligned, as the reference writer does
        long total = 8L + padded + offset;
        if (total > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("SafeTensors: expected at most 2 GB of weights, received " + total + " bytes");
        ByteBuffer buf = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(padded);
        buf.put(json);
        for (int i = json.length; i < padded; i++) buf.put((byte) ' ');
        for (Tensor t : tensors.values()) {
            float[] d = t.contiguousArray();
            buf.asFloatBuffer().put(d);
            buf.position(buf.position() + 4 * d.length);
        }
        return buf.array();
    }

    /**
     * Decodes a whole file's bytes into name -> tensor, in header order. A truncated, foreign or inconsistent file
     * fails with an IllegalArgumentException that names {@code source} and what is wrong.
     */
    public static Map<String, Tensor> read(byte[] bytes, String source) {
        if (bytes.length < 8) throw bad(source, "it is " + bytes.length + " bytes long, too short for the 8-byte header length");
        long n = headerLength(ByteBuffer.wrap(bytes, 0, 8), bytes.length, source);
        List<Entry> entries = entries(new String(bytes, 8, (int) n, StandardCharsets.UTF_8), bytes.length - 8 - n, source);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Entry e : entries) {
            float[] values = new float[e.shape.size()];
            ByteBuffer.wrap(bytes, (int) (8 + n + e.begin), 4 * values.length).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            out.put(e.name, Tensor.of(values, e.shape));
        }
        return out;
    }

    /**
     * Reads a file the way an untrusted one must be read: the 8-byte header length first (bounded), then the
     * header, which must describe the data exactly, then the declared tensors, only when their data is at most
     * {@code maxDataBytes}; so memory is bounded by what the caller expects, not by what the file claims.
     */
    public static Map<String, Tensor> read(Path file, long maxDataBytes) throws IOException {
        String source = file.toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) throw bad(source, "it is " + size + " bytes long, too short for the 8-byte header length");
            long n = headerLength(readFully(ch, 0, 8), size, source);
            String text = StandardCharsets.UTF_8.decode(readFully(ch, 8, (int) n)).toString();
            long dataLength = size - 8 - n;
            List<Entry> entries = entries(text, dataLength, source);
            if (dataLength > maxDataBytes) {
                throw bad(source, "it declares " + dataLength + " bytes of tensor data, expected at most " + maxDataBytes);
            }
            Map<String, Tensor> out = new LinkedHashMap<>();
            ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(1 << 20, Math.max(4, dataLength))).order(ByteOrder.LITTLE_ENDIAN);
            for (Entry e : entries) {
                float[] values = new float[e.shape.size()];
                long pos = 8 + n + e.begin;
                for (int done = 0; done < values.length; ) {
                    int count = Math.min(values.length - done, chunk.capacity() / 4);
                    chunk.clear().limit(4 * count);
                    while (chunk.hasRemaining()) {
                        if (ch.read(chunk, pos + chunk.position()) < 0) throw bad(source, "it ends inside tensor '" + e.name + "'");
                    }
                    chunk.flip();
                    chunk.asFloatBuffer().get(values, done, count);
                    pos += 4L * count;
                    done += count;
                }
                out.put(e.name, Tensor.of(values, e.shape));
            }
            return out;
        }
    }

    private static ByteBuffer readFully(FileChannel ch, long pos, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) if (ch.read(b, pos + b.position()) < 0) throw new EOFException("file shorter than its header says");
        return b.flip();
    }

    private static long headerLength(ByteBuffer first8, long fileSize, String source) {
        long n = first8.order(ByteOrder.LITTLE_ENDIAN).getLong(first8.position());
        if (n < 2 || n > MAX_HEADER || n > fileSize - 8) {
            throw bad(source, "the header length " + Long.toUnsignedString(n) + " does not fit a file of " + fileSize + " bytes"
                    + " (at most " + MAX_HEADER + ")");
        }
        return n;
    }

    /** One tensor of the header: its data lies at {@code [begin, end)} of the data section. */
    private static final class Entry {
        final String name;
        final Shape shape;
        final long begin, end;

        Entry(String name, Shape shape, long begin, long end) {
            this.name = name;
            this.shape = shape;
            this.begin = begin;
            this.end = end;
        }
    }

    /**
     * The header's tensors, checked as the reference implementation checks them and then some: F32 only, offsets
     * that agree with the shape, and tensors that tile the data exactly (no overlap, no gap, no trailing bytes).
     * Duplicate names are rejected by {@link Json} itself.
     */
    private static List<Entry> entries(String text, long dataLength, String source) {
        if (!text.startsWith("{")) throw bad(source, "the header does not start with '{'");
        Object parsed;
        try {
            parsed = Json.parse(text.stripTrailing());
        } catch (IllegalArgumentException e) {
            throw bad(source, "the header is not valid JSON (" + e.getMessage() + ")");
        }
        if (!(parsed instanceof Map)) throw bad(source, "the header is not a JSON object");
        List<Entry> out = new ArrayList<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) parsed).entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA)) continue;
            if (!(e.getValue() instanceof Map)) throw bad(source, "the entry for '" + name + "' is not an object");
            Map<?, ?> info = (Map<?, ?>) e.getValue();
            if (!"F32".equals(info.get("dtype"))) {
                throw bad(source, "tensor '" + name + "' has dtype " + info.get("dtype") + "; only F32 is supported");
            }
            Shape shape = shape(info.get("shape"), name, source);
            long[] off = offsets(info.get("data_offsets"), name, source);
            if (off[0] > off[1] || off[1] > dataLength) {
                throw bad(source, "tensor '" + name + "' has data_offsets [" + off[0] + ", " + off[1] + "] beyond the "
                        + dataLength + " data bytes (is the file truncated?)");
            }
            long expected = 4L * shape.size();
            if (off[1] - off[0] != expected) {
                throw bad(source, "tensor '" + name + "' of shape " + shape + " needs " + expected + " bytes, its data_offsets span " + (off[1] - off[0]));
            }
            out.add(new Entry(name, shape, off[0], off[1]));
        }
        List<Entry> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.<Entry>comparingLong(x -> x.begin).thenComparingLong(x -> x.end));
        long at = 0;
        Entry previous = null;
        for (Entry x : sorted) {
            if (x.begin < at) {
                throw bad(source, "tensor '" + x.name + "' (data_offsets [" + x.begin + ", " + x.end + "]) overlaps tensor '" + previous.name
                        + "' (data_offsets [" + previous.begin + ", " + previous.end + "])");
            }
            if (x.begin > at) throw bad(source, "bytes [" + at + ", " + x.begin + ") of the data belong to no tensor");
            at = x.end;
            previous = x;
        }
        if (at != dataLength) throw bad(source, "it has " + (dataLength - at) + " trailing bytes after the last tensor's data");
        return out;
    }

    private static Shape shape(Object o, String name, String source) {
        if (!(o instanceof List)) throw bad(source, "tensor '" + name + "' has no shape list");
        List<?> l = (List<?>) o;
        int[] dims = new int[l.size()];
        long size = 1;
        for (int i = 0; i < dims.length; i++) {
            Object d = l.get(i);
            if (!(d instanceof Long) || (Long) d < 0 || (Long) d > Integer.MAX_VALUE) throw bad(source, "tensor '" + name + "' has a bad shape " + l);
            dims[i] = (int) (long) (Long) d;
            size *= dims[i];
            if (size > Integer.MAX_VALUE) throw bad(source, "tensor '" + name + "' is too large: shape " + l);
        }
        return Shape.of(dims);
    }

    private static long[] offsets(Object o, String name, String source) {
        if (!(o instanceof List) || ((List<?>) o).size() != 2) throw bad(source, "tensor '" + name + "' has no [begin, end] data_offsets");
        List<?> l = (List<?>) o;
        List<Long> r = new ArrayList<>();
        for (Object v : l) {
            if (!(v instanceof Long) || (Long) v < 0) throw bad(source, "tensor '" + name + "' has bad data_offsets " + l);
            r.add((Long) v);
        }
        return new long[]{r.get(0), r.get(1)};
    }

    private static IllegalArgumentException bad(String source, String what) {
        return new IllegalArgumentException("SafeTensors: " + source + " is not a valid safetensors file: " + what);
    }
}
