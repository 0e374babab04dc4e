package dev.lamina.layers;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.ShapeMismatchException;
import dev.lamina.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keras' {@code Merge} base: combines two or more inputs elementwise. Shapes broadcast as Keras allows: the batch
 * sizes must agree; the per-sample shapes align on their trailing axes, where equal sizes or a size of 1 combine; a
 * lower-rank input gets length-1 axes inserted right after the batch axis. {@code T} is the concrete class.
 */
public abstract class Merge<T extends Merge<T>> extends Layer {
    protected Merge(String baseName) {
        super(baseName);
    }

    @SuppressWarnings("unchecked")
    protected final T self() {
        return (T) this;
    }

    @Override
    public T name(String n) {
        super.name(n);
        return self();
    }

    /** The combination of inputs of equal rank whose shapes broadcast (NumPy rules). */
    protected abstract Tensor merge(List<Tensor> inputs);

    @Override
    protected void build(List<Shape> inputShapes) {
        outputShape(inputShapes);
    }

    /** Merges have no weights, so any number (within the layer's limits) of compatible inputs is accepted. */
    @Override
    protected void checkInputs(List<Shape> received) {
        outputShape(received);
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> in) {
        return List.of(outputShape(in));
    }

    /** Checks the number of inputs: at least 2 unless a subclass says otherwise. */
    protected void checkCount(int n) {
        if (n < 2) throw new IllegalArgumentException(ConvArgs.who(this) + ": expected a list of at least 2 inputs, received " + n);
    }

    /** The merged shape; throws naming the layer when the inputs cannot be combined. */
    protected Shape outputShape(List<Shape> shapes) {
        checkCount(shapes.size());
        int batch = Shape.UNKNOWN;
        for (Shape s : shapes) {
            if (s.rank() < 1) throw new IllegalArgumentException(ConvArgs.who(this) + ": expected inputs with a batch axis, received " + s);
            int b = s.dim(0);
            if (b != Shape.UNKNOWN && batch != Shape.UNKNOWN && b != batch) {
                throw new ShapeMismatchException(ConvArgs.who(this), "inputs with the same batch size", shapes.get(0), s);
            }
            if (b != Shape.UNKNOWN) batch = b;
        }
        int[] out = shapes.get(0).dropFirst().toArray();
        for (int i = 1; i < shapes.size(); i++) out = combine(out, shapes.get(i).dropFirst().toArray(), shapes.get(0), shapes.get(i));
        return Shape.of(out).prepend(batch);
    }

    private int[] combine(int[] a, int[] b, Shape sa, Shape sb) {
        if (a.length < b.length) return combine(b, a, sb, sa);
        int[] out = a.clone();
        int lead = a.length - b.length;
        for (int k = 0; k < b.length; k++) {
            int i = a[lead + k], j = b[k];
            if (i == Shape.UNKNOWN || j == Shape.UNKNOWN) out[lead + k] = Shape.UNKNOWN;
            else if (i == 1) out[lead + k] = j;
            else if (j != 1 && i != j) throw new ShapeMismatchException(ConvArgs.who(this), "shapes that broadcast", sa, sb);
        }
        return out;
    }

    @Override
    protected Tensor call(List<Tensor> inputs, boolean training) {
        int rank = 0;
        for (Tensor t : inputs) rank = Math.max(rank, t.rank());
        List<Tensor> aligned = new ArrayList<>(inputs.size());
        for (Tensor t : inputs) {
            if (t.rank() == rank) {
                aligned.add(t);
                continue;
            }
            // Keras expands a lower-rank input at axis 1 until the ranks agree.
            int[] d = new int[rank];
            java.util.Arrays.fill(d, 1);
            d[0] = t.shape().dim(0);
            for (int k = 1; k < t.rank(); k++) d[rank - t.rank() + k] = t.shape().dim(k);
            aligned.add(t.reshape(d));
        }
        return merge(aligned);
    }

    /** Applies a config's name and trainable to a freshly constructed layer; for fromConfig. */
    protected final T configure(Map<String, Object> c) {
        return LayerConfigs.restoreBase(self(), LayerConfigs.reader(className(), c));
    }

    /** Keras' Merge: masked inputs merge, and a step counts in the output when it counts in every masked input. */
    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    protected Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        return Masks.all(ConvArgs.who(this), masks);
    }
}
