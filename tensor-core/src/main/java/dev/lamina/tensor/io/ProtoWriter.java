package dev.lamina.tensor.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few protocol-buffer encodings Lamina writes (TensorBoard event files, ONNX models), by hand so that Lamina
 * has no protobuf dependency: varint, 64-bit ({@code double}), 32-bit ({@code float}) and length-delimited fields,
 * and packed repeated numbers. Scalar fields follow proto3: the caller skips default values where the schema has no
 * presence. A message is built in memory, so its size is what the caller puts in.
 */
public final class ProtoWriter {
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

    public ProtoWriter int64(int field, long value) {
        tag(field, VARINT);
        varint(value);
        return this;
    }

    public ProtoWriter doubleField(int field, double value) {
        tag(field, FIXED64);
        fixed64(Double.doubleToRawLongBits(value));
        return this;
    }

    public ProtoWriter floatField(int field, float value) {
        tag(field, FIXED32);
        int bits = Float.floatToRawIntBits(value);
        for (int i = 0; i < 4; i++) {
            out.write(bits >>> (8 * i));
        }
        return this;
    }

    public ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    public ProtoWriter message(int field, ProtoWriter message) {
        return bytes(field, message.toByteArray());
    }

    public ProtoWriter bytes(int field, byte[] value) {
        tag(field, LENGTH_DELIMITED);
        varint(value.length);
        out.writeBytes(value);
        return this;
    }

    /** A packed {@code repeated double}: one length-delimited field holding the little-endian values. */
    public ProtoWriter packedDoubles(int field, double[] values, int count) {
        tag(field, LENGTH_DELIMITED);
        varint(8L * count);
        for (int i = 0; i < count; i++) {
            fixed64(Double.doubleToRawLongBits(values[i]));
        }
        return this;
    }

    /** A packed {@code repeated int64}: one length-delimited field holding the varints. */
    public ProtoWriter packedInt64s(int field, long[] values) {
        ProtoWriter body = new ProtoWriter();
        for (long v : values) body.varint(v);
        return bytes(field, body.toByteArray());
    }

    /** Floats as little-endian bytes, the form of a {@code bytes} field such as ONNX's {@code raw_data}. */
    public static byte[] littleEndian(float[] values, int off, int count) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * count).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values, off, count);
        return b.array();
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    private void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    private void varint(long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    private void fixed64(long bits) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (bits >>> (8 * i)));
        }
    }
}
