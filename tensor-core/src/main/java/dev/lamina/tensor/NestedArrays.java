package dev.lamina.tensor;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

/** Converts rectangular nested Java arrays ({@code float[][][]}, {@code double[][]}, {@code int[]}, ...) to tensors. */
final class NestedArrays {
    private NestedArrays() {
    }

    static Tensor toTensor(Object nested) {
        if (nested == null || !nested.getClass().isArray()) {
            throw new IllegalArgumentException("Tensor.fromNested: expected a (nested) array, received " + (nested == null ? "null" : nested.getClass().getSimpleName()));
        }
        List<Integer> dims = new ArrayList<>();
        Object cur = nested;
        while (cur != null && cur.getClass().isArray()) {
            int n = Array.getLength(cur);
            dims.add(n);
            if (n == 0 || !cur.getClass().getComponentType().isArray()) break;
            cur = Array.get(cur, 0);
        }
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        float[] out = new float[Shape.of(shape).size()];
        int[] pos = {0};
        fill(nested, 0, shape, out, pos);
        return Tensor.of(out, Shape.of(shape));
    }

    private static void fill(Object arr, int depth, int[] shape, float[] out, int[] pos) {
        int n = Array.getLength(arr);
        if (n != shape[depth]) {
            throw new IllegalArgumentException("Tensor.fromNested: expected a rectangular array, found length " + n + " where " + shape[depth] + " was expected at depth " + depth);
        }
        if (depth == shape.length - 1) {
            for (int i = 0; i < n; i++) {
                Object v = Array.get(arr, i);
                if (!(v instanceof Number)) throw new IllegalArgumentException("Tensor.fromNested: expected numbers at depth " + depth + ", received " + v);
                out[pos[0]++] = ((Number) v).floatValue();
            }
        } else {
            for (int i = 0; i < n; i++) fill(Array.get(arr, i), depth + 1, shape, out, pos);
        }
    }
}
