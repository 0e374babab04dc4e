package dev.lamina.models.keras;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A Keras HDF5 file opened as the untrusted input it may be (jHDF, pure Java). Only paths the reader asks for are
 * visited, links (soft or external, which could point outside the file or loop) are refused, a group may list at
 * most {@link #MAX_CHILDREN} members and an attribute at most {@link #MAX_ATTRIBUTE_BYTES}; a dataset is read only
 * after its dimensions were checked against the shape the model expects, so memory stays within the model's own
 * size. Every failure of the HDF5 layer (offsets or sizes beyond the file, broken structures) is one
 * {@link IllegalArgumentException} naming the file and the object.
 */
public final class KerasH5Reader implements AutoCloseable {
    /** The first 8 bytes of an HDF5 file (at offset 0; Keras never writes a user block). */
    public static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    static final int MAX_CHILDREN = 100_000;
    static final int MAX_ATTRIBUTE_BYTES = 64 << 20;
    private final HdfFile file;
    private final String source;

    private KerasH5Reader(HdfFile file, String source) {
        this.file = file;
        this.source = source;
    }

    public static KerasH5Reader open(Path path) {
        return guarded(path.toString(), "open", () -> new KerasH5Reader(new HdfFile(path), path.toString()));
    }

    /** An HDF5 file held in memory (a {@code model.weights.h5} entry read from a {@code .keras} zip). */
    public static KerasH5Reader fromBytes(byte[] bytes, String source) {
        if (!hasSignature(bytes)) throw new IllegalArgumentException(source + " is not an HDF5 file (no HDF5 signature)");
        return guarded(source, "open", () -> new KerasH5Reader(HdfFile.fromBytes(bytes), source));
    }

    public static boolean hasSignature(byte[] head) {
        return head != null && head.length >= SIGNATURE.length && Arrays.equals(Arrays.copyOf(head, SIGNATURE.length), SIGNATURE);
    }

    public String source() {
        return source;
    }

    /** The group at {@code path} ("" is the root), or null when there is none. */
    public Group group(String path) {
        return guarded("group " + path, () -> {
            Group g = file;
            if (path.isEmpty()) return g;
            for (String part : path.split("/")) {
                Node n = child(g, part);
                if (n == null) return null;
                if (!n.isGroup()) throw bad("'" + n.getPath() + "' is a dataset, expected a group");
                g = (Group) n;
            }
            return g;
        });
    }

    /** The path of a member of {@code g} (jHDF ends group paths with '/'). */
    public static String path(Group g, String member) {
        String p = g.getPath();
        return (p.endsWith("/") ? p : p + "/") + member;
    }

    /** The member {@code name} of {@code g}, or null; links are refused. */
    public Node child(Group g, String name) {
        return guarded("member '" + name + "' of " + g.getPath(), () -> {
            Map<String, Node> children = g.getChildren();
            if (children.size() > MAX_CHILDREN) throw bad("group '" + g.getPath() + "' has " + children.size() + " members, expected at most " + MAX_CHILDREN);
            Node n = children.get(name);
            if (n != null && n.isLink()) throw bad("'" + n.getPath() + "' is a link; Keras files hold no links, and links are not followed");
            return n;
        });
    }

    /** The names of the members of {@code g}, in the file's order. */
    public List<String> members(Group g) {
        return guarded("members of " + g.getPath(), () -> {
            Map<String, Node> children = g.getChildren();
            if (children.size() > MAX_CHILDREN) throw bad("group '" + g.getPath() + "' has " + children.size() + " members, expected at most " + MAX_CHILDREN);
            return new ArrayList<>(children.keySet());
        });
    }

    /** A dataset member of {@code g}, or an error naming what was expected. */
    public Dataset dataset(Group g, String name, String what) {
        Node n = child(g, name);
        if (n == null) throw bad("no dataset '" + name + "' in '" + g.getPath() + "' (" + what + ")");
        if (n.isGroup()) throw bad("'" + n.getPath() + "' is a group, expected a dataset (" + what + ")");
        return (Dataset) n;
    }

    /** A string attribute ({@code backend}, {@code model_config}), or null when absent. */
    public String stringAttribute(Node n, String name) {
        List<String> l = strings(n, name);
        if (l == null) return null;
        if (l.size() != 1) throw bad("attribute '" + name + "' of '" + n.getPath() + "' holds " + l.size() + " values, expected one string");
        return l.get(0);
    }

    /** A string-array attribute ({@code layer_names}, {@code weight_names}), or null when absent; fixed- or variable-length strings. */
    public List<String> strings(Node n, String name) {
        return guarded("attribute '" + name + "' of " + n.getPath(), () -> {
            Attribute a = n.getAttributes().get(name);
            if (a == null) return null;
            if (a.getSizeInBytes() > MAX_ATTRIBUTE_BYTES) throw bad("attribute '" + name + "' declares " + a.getSizeInBytes() + " bytes, expected at most " + MAX_ATTRIBUTE_BYTES);
            if (a.isEmpty()) return List.of();
            Object d = a.getData();
            List<String> out = new ArrayList<>();
            if (d instanceof String) {
                out.add((String) d);
            } else if (d instanceof String[]) {
                out.addAll(Arrays.asList((String[]) d));
            } else if (d instanceof byte[]) {
                out.add(new String((byte[]) d, java.nio.charset.StandardCharsets.UTF_8));
            } else {
                throw bad("attribute '" + name + "' of '" + n.getPath() + "' is " + (d == null ? "null" : d.getClass().getSimpleName()) + ", expected strings");
            }
            for (int i = 0; i < out.size(); i++) out.set(i, stripNul(out.get(i)));
            return out;
        });
    }

    private static String stripNul(String s) {
        int end = s.indexOf('\0');
        return end < 0 ? s : s.substring(0, end);
    }

    /** The dataset's values as a float32 tensor, after checking its dimensions equal {@code expected}. */
    public Tensor tensor(Dataset d, Shape expected, String what) {
        return guarded(what, () -> {
            int[] dims = d.isScalar() ? new int[0] : d.getDimensions();
            if (!Arrays.equals(dims, expected.toArray())) {
                throw new IllegalArgumentException(what + ": expected shape " + expected + ", received " + Shape.of(dims) + " at '" + d.getPath() + "' in " + source);
            }
            long declared = d.getSizeInBytes();
            long count = Math.max(1L, expected.size());
            if (declared > 8 * count) throw bad("dataset '" + d.getPath() + "' declares " + declared + " bytes for " + count + " values");
            return Tensor.of(floats(d, count), expected);
        });
    }

    /** A scalar integer dataset (the optimizer's iteration count). */
    public long scalarLong(Dataset d, String what) {
        return guarded(what, () -> {
            if (!d.isScalar() && d.getSize() != 1) throw bad("'" + d.getPath() + "' has shape " + Arrays.toString(d.getDimensions()) + ", expected a scalar (" + what + ")");
            Object v = d.isScalar() ? d.getData() : d.getDataFlat();
            if (v != null && v.getClass().isArray()) v = java.lang.reflect.Array.get(v, 0);
            if (!(v instanceof Number)) throw bad("'" + d.getPath() + "' holds " + v + ", expected a number (" + what + ")");
            return ((Number) v).longValue();
        });
    }

    private float[] floats(Dataset d, long count) {
        Class<?> t = d.getJavaType();
        if (t != float.class && t != double.class && t != Float.class && t != Double.class) {
            throw bad("dataset '" + d.getPath() + "' holds " + t + " values, expected float32 or float64");
        }
        Object v = d.isScalar() ? d.getData() : d.getDataFlat();
        float[] out = new float[(int) count];
        if (v instanceof float[]) {
            float[] f = (float[]) v;
            if (f.length != count) throw bad("dataset '" + d.getPath() + "' holds " + f.length + " values, expected " + count);
            System.arraycopy(f, 0, out, 0, f.length);
        } else if (v instanceof double[]) {
            double[] f = (double[]) v;
            if (f.length != count) throw bad("dataset '" + d.getPath() + "' holds " + f.length + " values, expected " + count);
            for (int i = 0; i < f.length; i++) out[i] = (float) f[i];
        } else if (v instanceof Number && count == 1) {
            out[0] = ((Number) v).floatValue();
        } else {
            throw bad("dataset '" + d.getPath() + "' holds " + (v == null ? "null" : v.getClass().getSimpleName()) + ", expected float values");
        }
        return out;
    }

    IllegalArgumentException bad(String what) {
        return new IllegalArgumentException(source + ": " + what);
    }

    private <T> T guarded(String what, Supplier<T> body) {
        return guarded(source, what, body);
    }

    /** jHDF's own failures (HdfException, buffer and arithmetic errors on a broken file) as one clear error. */
    private static <T> T guarded(String source, String what, Supplier<T> body) {
        try {
            return body.get();
        } catch (IllegalArgumentException e) {
            if (!thrownByJhdf(e)) throw e;
            throw unreadable(source, what, e);
        } catch (RuntimeException | StackOverflowError e) {
            throw unreadable(source, what, e);
        }
    }

    /** Whether jHDF threw {@code e} (it reports some broken structures as IllegalArgumentException) rather than this reader. */
    private static boolean thrownByJhdf(Throwable e) {
        for (StackTraceElement f : e.getStackTrace()) {
            if (f.getClassName().startsWith("io.jhdf.")) return true;
            if (f.getClassName().startsWith("dev.lamina.")) return false;
        }
        return false;
    }

    private static IllegalArgumentException unreadable(String source, String what, Throwable e) {
        return new IllegalArgumentException(source + " is not a readable HDF5 file (" + what + "): " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + KerasConfigReader.brief(e.getMessage())), e);
    }

    @Override
    public void close() {
        try {
            file.close();
        } catch (RuntimeException e) {
            // closing a broken file has nothing left to report
        }
    }
}
