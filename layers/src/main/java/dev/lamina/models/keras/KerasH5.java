package dev.lamina.models.keras;

import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.IoErrors;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes Keras' weight groups as an HDF5 file with jHDF: nested groups, a {@code name} string attribute on each
 * {@code vars} group (as Keras 3.6+ writes it), float32 datasets in the tensors' shapes (0-d for scalars) and int64
 * scalars. jHDF writes to a path, so the file is made in a private temporary file and returned as bytes; the caller
 * writes them atomically.
 */
final class KerasH5 {
    private KerasH5() {
    }

    static byte[] write(Map<String, KerasWeights.Vars> groups) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("lamina-keras-", ".h5");
            try (WritableHdfFile f = HdfFile.write(tmp)) {
                Map<String, WritableGroup> made = new HashMap<>();
                for (Map.Entry<String, KerasWeights.Vars> e : groups.entrySet()) {
                    WritableGroup g = group(f, e.getKey(), made);
                    g.putAttribute("name", e.getValue().name());
                    List<Object> values = e.getValue().values();
                    for (int i = 0; i < values.size(); i++) g.putDataset(Integer.toString(i), data(values.get(i)));
                }
            }
            return Files.readAllBytes(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("Model.save: cannot write the HDF5 weights: " + IoErrors.reason(e), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // A leftover file in the temporary directory; the weights were written or the error is thrown.
                }
            }
        }
    }

    private static WritableGroup group(WritableHdfFile f, String path, Map<String, WritableGroup> made) {
        WritableGroup g = f;
        StringBuilder at = new StringBuilder();
        for (String part : path.split("/")) {
            at.append('/').append(part);
            WritableGroup parent = g;
            g = made.computeIfAbsent(at.toString(), k -> parent.putGroup(part));
        }
        return g;
    }

    /** A Long as an int64 scalar; a tensor as a float scalar or a float array nested to its rank. */
    static Object data(Object v) {
        if (v instanceof Long) return v;
        Tensor t = (Tensor) v;
        float[] flat = t.toFloatArray();
        if (t.rank() == 0) return flat[0];
        int[] dims = t.shape().toArray();
        Object out = Array.newInstance(float.class, dims);
        fill(out, flat, 0, dims, 0);
        return out;
    }

    private static int fill(Object array, float[] flat, int pos, int[] dims, int axis) {
        if (axis == dims.length - 1) {
            System.arraycopy(flat, pos, array, 0, dims[axis]);
            return pos + dims[axis];
        }
        for (int i = 0; i < dims[axis]; i++) pos = fill(Array.get(array, i), flat, pos, dims, axis + 1);
        return pos;
    }
}
