package dev.lamina.training;

import dev.lamina.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Operations over Keras-style data structures: a Tensor, a list of tensors, or a map of named tensors. */
final class Structures {
    private Structures() {
    }

    @SuppressWarnings("unchecked")
    static Object map(Object s, UnaryOperator<Tensor> f) {
        if (s == null) return null;
        if (s instanceof Tensor) return f.apply((Tensor) s);
        if (s instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object o : (List<Object>) s) out.add(o == null ? null : f.apply((Tensor) o));
            return out;
        }
        if (s instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) s).forEach((k, v) -> out.put(k, v == null ? null : f.apply((Tensor) v)));
            return out;
        }
        throw new IllegalArgumentException("expected a Tensor, a List<Tensor> or a Map<String, Tensor>, received " + s.getClass().getSimpleName());
    }

    /** Every tensor in the structure with a label ({@code x}, {@code x[1]}, {@code x['img_input']}). */
    @SuppressWarnings("unchecked")
    static Map<String, Tensor> flatten(String label, Object s) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        if (s == null) return out;
        if (s instanceof Tensor) {
            out.put(label, (Tensor) s);
        } else if (s instanceof List) {
            List<Object> l = (List<Object>) s;
            for (int i = 0; i < l.size(); i++) if (l.get(i) != null) out.put(label + "[" + i + "]", (Tensor) l.get(i));
        } else if (s instanceof Map) {
            ((Map<String, Object>) s).forEach((k, v) -> {
                if (v != null) out.put(label + "['" + k + "']", (Tensor) v);
            });
        } else {
            throw new IllegalArgumentException("expected " + label + " to be a Tensor, a List<Tensor> or a Map<String, Tensor>, received " + s.getClass().getSimpleName());
        }
        return out;
    }

    /** The common number of samples (first dimension) of every tensor in the structures; -1 if none. */
    static int numSamples(Map<String, Tensor> tensors) {
        int n = -1;
        String first = null;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            if (t.rank() == 0) throw new IllegalArgumentException("fit: expected " + e.getKey() + " to have a batch dimension, received a scalar");
            int m = t.shape().dim(0);
            if (n < 0) {
                n = m;
                first = e.getKey();
            } else if (m != n) {
                throw new IllegalArgumentException("Data cardinality is ambiguous: " + first + " has " + n + " samples but "
                        + e.getKey() + " has " + m + "; make sure all arrays contain the same number of samples");
            }
        }
        return n;
    }
}
