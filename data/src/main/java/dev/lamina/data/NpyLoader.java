package dev.lamina.data;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.IoErrors;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads NumPy's {@code .npy} arrays and {@code .npz} archives (NumPy's format spec, versions 1.0, 2.0 and 3.0)
 * into float32 tensors. Supported dtypes: float16/32/64, int8/16/32/64, uint8/16/32/64 and bool, either byte
 * order, C or Fortran order (Fortran arrays are reordered to row-major). Integers above 2^24 lose precision in
 * float32. Pickled object arrays and structured dtypes are rejected, never unpickled.
 */
public final class NpyLoader {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private NpyLoader() {
    }

    /** Loads one {@code .npy} file. */
    public static Tensor load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("NpyLoader: expected an existing file, received " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("NpyLoader: cannot read " + file + ": " + IoErrors.reason(e), e);
        }
    }

    /** Loads one {@code .npy} array from {@code in} (not closed); {@code source} names it in error messages. */
    public static Tensor load(InputStream in, String source) {
        try {
            return read(in, source);
        } catch (EOFException | ZipException e) {
            throw new IllegalArgumentException("NpyLoader: truncated or corrupt data in " + source + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("NpyLoader: cannot read " + source + ": " + IoErrors.reason(e), e);
        }
    }

    /**
     * Loads every array of an {@code .npz} archive (stored or deflated, as {@code np.savez} and
     * {@code np.savez_compressed} write them), keyed by name without the {@code .npy} suffix, in archive order.
     */
    public static Map<String, Tensor> loadNpz(Path file) {
        if (!Files.exists(file)) throw new IllegalArgumentException("NpyLoader: expected an existing file, received " + file);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Map<String, Tensor> out = new LinkedHashMap<>();
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) continue;
                String name = e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4) : e.getName();
                try (InputStream in = zip.getInputStream(e)) {
                    out.put(name, load(in, file + "[" + e.getName() + "]"));
                }
            }
            return out;
        } catch (ZipException e) {
            throw new IllegalArgumentException("NpyLoader: expected an .npz (zip) archive, received a truncated or foreign file " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("NpyLoader: cannot read " + file + ": " + IoErrors.reason(e), e);
        }
    }

    private static Tensor read(InputStream in, String source) throws IOException {
        byte[] lead = in.readNBytes(8);
        checkMagic(lead, source);
        int major = lead[6] & 0xff;
        int minor = lead[7] & 0xff;
        if (major < 1 || major > 3 || minor != 0) {
            throw new IllegalArgumentException("NpyLoader: expected .npy format version 1.0, 2.0 or 3.0 in " + source + ", received " + major + "." + minor);
        }
        int lenBytes = major == 1 ? 2 : 4;
        byte[] lenField = in.readNBytes(lenBytes);
        if (lenField.length < lenBytes) throw truncated(source, "the header length");
        long headerLen = ByteBuffer.wrap(major == 1 ? new byte[]{lenField[0], lenField[1], 0, 0} : lenField).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
        if (headerLen > 1 << 24) throw new IllegalArgumentException("NpyLoader: expected a header shorter than 16 MiB in " + source + ", received a header length of " + headerLen);
        byte[] headerBytes = in.readNBytes((int) headerLen);
        if (headerBytes.length < headerLen) throw truncated(source, "the header (" + headerLen + " bytes, " + headerBytes.length + " present)");
        String headerText = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader h = NpyHeader.parse(headerText, source);
        Dtype dtype = Dtype.parse(h.descr, source);
        long count = 1;
        for (long d : h.shape) {
            count *= d;
            if (count > Integer.MAX_VALUE) throw new IllegalArgumentException("NpyLoader: expected at most 2^31-1 elements in " + source + ", received shape " + shapeText(h.shape));
        }
        long bytes = count * dtype.size;
        if (bytes > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("NpyLoader: expected at most 2 GiB of data in " + source + ", received " + bytes + " bytes");
        byte[] data = in.readNBytes((int) bytes);
        if (data.length < bytes) {
            throw new IllegalArgumentException("NpyLoader: truncated file " + source + ": expected " + bytes + " data bytes for shape " + shapeText(h.shape)
                    + " " + h.descr + ", received " + data.length);
        }
        float[] values = dtype.decode(ByteBuffer.wrap(data).order(dtype.order), (int) count);
        int[] dims = new int[h.shape.length];
        for (int i = 0; i < dims.length; i++) dims[i] = (int) h.shape[i];
        if (h.fortranOrder && dims.length > 1) values = fortranToC(values, dims);
        return Tensor.of(values, Shape.of(dims));
    }

    private static void checkMagic(byte[] lead, String source) {
        boolean ok = lead.length == 8;
        for (int i = 0; ok && i < MAGIC.length; i++) ok = lead[i] == MAGIC[i];
        if (ok) return;
        if (lead.length >= 4 && lead[0] == 'P' && lead[1] == 'K' && lead[2] == 3 && lead[3] == 4) {
            throw new IllegalArgumentException("NpyLoader: expected a .npy file in " + source + ", received a zip archive (for .npz files use NpyLoader.loadNpz)");
        }
        if (lead.length < 8 && startsWithMagic(lead)) throw truncated(source, "the magic string and version");
        StringBuilder hex = new StringBuilder();
        for (byte b : lead) hex.append(String.format("%02x ", b & 0xff));
        throw new IllegalArgumentException("NpyLoader: expected a .npy file starting with \\x93NUMPY in " + source + ", received bytes "
                + (hex.length() == 0 ? "(empty file)" : hex.toString().strip()));
    }

    private static boolean startsWithMagic(byte[] lead) {
        for (int i = 0; i < Math.min(lead.length, MAGIC.length); i++) if (lead[i] != MAGIC[i]) return false;
        return lead.length > 0;
    }

    private static IllegalArgumentException truncated(String source, String what) {
        return new IllegalArgumentException("NpyLoader: truncated file " + source + ": expected " + what + ", received end of file");
    }

    /** Reorders column-major {@code f} (first axis fastest) into row-major order. */
    static float[] fortranToC(float[] f, int[] dims) {
        int rank = dims.length;
        int[] cStride = new int[rank];
        int s = 1;
        for (int d = rank - 1; d >= 0; d--) {
            cStride[d] = s;
            s *= dims[d];
        }
        float[] c = new float[f.length];
        int[] idx = new int[rank];
        int off = 0;
        for (int k = 0; k < f.length; k++) {
            c[off] = f[k];
            for (int d = 0; d < rank; d++) {           // odometer, first axis fastest
                if (++idx[d] < dims[d]) {
                    off += cStride[d];
                    break;
                }
                off -= (idx[d] - 1) * cStride[d];
                idx[d] = 0;
            }
        }
        return c;
    }

    static String shapeText(long[] shape) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) b.append(i > 0 ? ", " : "").append(shape[i]);
        return b.append(shape.length == 1 ? ",)" : ")").toString();
    }

    /** A simple dtype: kind (f, i, u, b), item size and byte order. */
    private static final class Dtype {
        final char kind;
        final int size;
        final ByteOrder order;

        private Dtype(char kind, int size, ByteOrder order) {
            this.kind = kind;
            this.size = size;
            this.order = order;
        }

        static Dtype parse(String descr, String source) {
            if (descr.length() >= 3) {
                char o = descr.charAt(0);
                char kind = descr.charAt(1);
                int size = -1;
                try {
                    size = Integer.parseInt(descr.substring(2));
                } catch (NumberFormatException ignored) {
                    // falls through to the error below
                }
                ByteOrder order = o == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;   // '<', '|' and '=' (written as '<' on x86)
                boolean orderOk = o == '<' || o == '>' || o == '|' || o == '=';
                boolean ok = switch (kind) {
                    case 'f' -> size == 2 || size == 4 || size == 8;
                    case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
                    case 'b' -> size == 1;
                    default -> false;
                };
                if (ok && orderOk) return new Dtype(kind, size, order);
            }
            String hint = descr.contains("O") ? " (pickled object arrays are never loaded)" : "";
            throw new IllegalArgumentException("NpyLoader: expected a dtype among float16/32/64, int8/16/32/64, uint8/16/32/64 and bool in " + source
                    + ", received '" + descr + "'" + hint);
        }

        float[] decode(ByteBuffer b, int n) {
            float[] out = new float[n];
            for (int i = 0; i < n; i++) {
                out[i] = switch (kind) {
                    case 'f' -> size == 2 ? halfToFloat(b.getShort()) : size == 4 ? b.getFloat() : (float) b.getDouble();
                    case 'b' -> b.get() != 0 ? 1f : 0f;
                    case 'i' -> switch (size) {
                        case 1 -> b.get();
                        case 2 -> b.getShort();
                        case 4 -> b.getInt();
                        default -> (float) b.getLong();
                    };
                    default -> switch (size) {        // unsigned
                        case 1 -> b.get() & 0xff;
                        case 2 -> b.getShort() & 0xffff;
                        case 4 -> (float) (b.getInt() & 0xffffffffL);
                        default -> unsignedLong(b.getLong());
                    };
                };
            }
            return out;
        }

        private static float unsignedLong(long v) {
            return v >= 0 ? (float) v : (float) ((v >>> 1) * 2.0 + (v & 1));
        }

        /** IEEE 754 binary16 to float (Float.float16ToFloat arrives only in Java 20). */
        static float halfToFloat(short h) {
            int bits = h & 0xffff;
            int sign = (bits & 0x8000) << 16;
            int exp = (bits >>> 10) & 0x1f;
            int mant = bits & 0x3ff;
            if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));        // inf / nan
            if (exp == 0) {
                float v = mant * 0x1p-24f;                                                             // subnormal or zero
                return sign != 0 ? -v : v;
            }
            return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
        }
    }
}
