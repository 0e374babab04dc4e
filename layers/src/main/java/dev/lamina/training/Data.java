package dev.lamina.training;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Inputs or targets as Keras takes them: one tensor, tensors by position (a list; null where an output has no
 * target), or tensors by input/output name (a map). What {@code fit}, {@code evaluate}, {@code predict}, the batch
 * forms and {@link Batch} accept; resolved against a model's names once per call.
 */
public final class Data {
    private final List<Tensor> list;            // by position (a single tensor is a list of one)
    private final Map<String, Tensor> byName;   // or by name; exactly one of the two is set
    private final boolean single;

    private Data(List<Tensor> list, Map<String, Tensor> byName, boolean single) {
        this.list = list;
        this.byName = byName;
        this.single = single;
    }

    /** One tensor, for a model with one input (or one output). */
    public static Data of(Tensor t) {
        if (t == null) throw new IllegalArgumentException("Data.of: expected a Tensor, received null");
        return new Data(List.of(t), null, true);
    }

    /** Tensors by position. */
    public static Data of(Tensor... ts) {
        return of(Arrays.asList(ts));
    }

    /** Tensors by position; null entries are outputs without a target. */
    public static Data of(List<Tensor> ts) {
        if (ts == null) throw new IllegalArgumentException("Data.of: expected a List<Tensor>, received null");
        return new Data(Collections.unmodifiableList(new ArrayList<>(ts)), null, false);
    }

    /** Tensors by input or output name. */
    public static Data of(Map<String, Tensor> ts) {
        if (ts == null) throw new IllegalArgumentException("Data.of: expected a Map<String, Tensor>, received null");
        return new Data(null, Collections.unmodifiableMap(new LinkedHashMap<>(ts)), false);
    }

    /** True when the tensors are keyed by name. */
    public boolean isByName() {
        return byName != null;
    }

    /** The tensors by position (not for data by name: resolve it against a model first). */
    public List<Tensor> list() {
        if (byName != null) throw new IllegalStateException("Data by name " + byName.keySet() + " has no positions until resolved against a model");
        return list;
    }

    /** The tensors by name, or null for data by position. */
    public Map<String, Tensor> byName() {
        return byName;
    }

    /**
     * The tensors in the order of {@code names}; {@code what} is "input" or "output", {@code arg} the argument's
     * name in errors ({@code x}, {@code validation y}). Inputs must all be present; a missing target is null.
     */
    List<Tensor> resolve(String what, String arg, List<String> names) {
        List<Tensor> out = new ArrayList<>();
        if (single) {
            if (names.size() != 1) {
                throw new IllegalArgumentException("Model expects " + names.size() + " " + what + "s " + names + ", but " + arg
                        + " is a single Tensor; pass a list by position or a map by name");
            }
            out.add(list.get(0));
        } else if (byName == null) {
            if (list.size() != names.size()) {
                throw new IllegalArgumentException("Model expects " + names.size() + " " + what + "s " + names + ", but " + arg + " has " + list.size());
            }
            out.addAll(list);
        } else {
            for (String k : byName.keySet()) {
                if (!names.contains(k)) throw new IllegalArgumentException("Unknown " + what + " name '" + k + "' in " + arg + "; the model's " + what + "s are " + names);
            }
            for (String n : names) out.add(byName.get(n));
        }
        if (what.equals("input")) {
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i) == null) throw new IllegalArgumentException("Missing data for input '" + names.get(i) + "'");
            }
        }
        return out;
    }

    /** Every tensor with a label ({@code x}, {@code x[1]}, {@code x['img_input']}), nulls left out. */
    Map<String, Tensor> labelled(String label) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        if (single) {
            out.put(label, list.get(0));
        } else if (byName == null) {
            for (int i = 0; i < list.size(); i++) if (list.get(i) != null) out.put(label + "[" + i + "]", list.get(i));
        } else {
            byName.forEach((k, v) -> {
                if (v != null) out.put(label + "['" + k + "']", v);
            });
        }
        return out;
    }

    /** The shapes of the tensors present, in order (what a model that builds from data needs). */
    List<Shape> shapes() {
        List<Shape> out = new ArrayList<>();
        for (Tensor t : byName != null ? byName.values() : list) if (t != null) out.add(t.shape());
        return out;
    }

    /** The same structure with {@code f} applied to every tensor present. */
    Data map(UnaryOperator<Tensor> f) {
        if (byName != null) {
            Map<String, Tensor> m = new LinkedHashMap<>();
            byName.forEach((k, v) -> m.put(k, v == null ? null : f.apply(v)));
            return new Data(null, Collections.unmodifiableMap(m), false);
        }
        List<Tensor> l = new ArrayList<>(list.size());
        for (Tensor t : list) l.add(t == null ? null : f.apply(t));
        return new Data(Collections.unmodifiableList(l), null, single);
    }

    @Override
    public String toString() {
        return "Data" + (byName != null ? labelled("").keySet() : shapes());
    }
}
