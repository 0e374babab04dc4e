package dev.lamina.tensor;

import java.util.Arrays;

/**
 * An N-d float32 array: a row-major contiguous run of a {@code float[]} (from {@link #offset()}, {@link #size()}
 * elements long) and an immutable {@link Shape}. A tensor produced by an op on tensors that require a gradient
 * carries the autodiff node that produced it.
 *
 * <p>Tensors are values: ops never write into their inputs. The only in-place writers are optimizers (through
 * {@link Variable}) and the {@code *Into} kernels used on freshly allocated outputs.
 */
public final class Tensor {
    private final float[] data;
    private final int offset;
    private final Shape shape;
    private final int size;
    Node node;                 // set by Autodiff.record; null for constants and leaves
    boolean requiresGrad;
    final Variable variable;   // non-null for a variable's leaf tensor

    Tensor(float[] data, int offset, Shape shape, Variable variable) {
        this.data = data;
        this.offset = offset;
        this.shape = shape;
        this.size = shape.size();
        this.variable = variable;
        if (offset < 0 || offset + size > data.length) {
            throw new IllegalArgumentException("Tensor: expected " + size + " values for shape " + shape
                    + " from offset " + offset + ", received an array of length " + data.length);
        }
    }

    /** Wraps {@code data} (not copied) with the given shape. */
    public static Tensor of(float[] data, Shape shape) {
        if (data.length != shape.size()) {
            throw new IllegalArgumentException("Tensor.of: expected " + shape.size() + " values for shape " + shape
                    + ", received " + data.length);
        }
        return new Tensor(data, 0, shape, null);
    }

    public static Tensor of(float[] data, int... shape) {
        return of(data, Shape.of(shape));
    }

    /** A rank-1 tensor holding a copy of {@code values}. */
    public static Tensor vector(float... values) {
        return of(values.clone(), Shape.of(values.length));
    }

    /** A rank-2 tensor copied from a rectangular array. */
    public static Tensor of(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] d = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("Tensor.of: expected rows of length " + cols + ", received row " + i + " of length " + rows[i].length);
            }
            System.arraycopy(rows[i], 0, d, i * cols, cols);
        }
        return of(d, Shape.of(rows.length, cols));
    }

    /** A tensor copied from a rectangular nested array of any depth ({@code float[][][]}, ...). */
    public static Tensor fromNested(Object nested) {
        return NestedArrays.toTensor(nested);
    }

    public static Tensor scalar(float value) {
        return new Tensor(new float[]{value}, 0, Shape.scalar(), null);
    }

    public static Tensor zeros(int... shape) {
        return zeros(Shape.of(shape));
    }

    public static Tensor zeros(Shape shape) {
        return new Tensor(new float[shape.size()], 0, shape, null);
    }

    public static Tensor ones(int... shape) {
        return full(Shape.of(shape), 1f);
    }

    public static Tensor full(Shape shape, float value) {
        float[] d = new float[shape.size()];
        Arrays.fill(d, value);
        return new Tensor(d, 0, shape, null);
    }

    public static Tensor eye(int n) {
        float[] d = new float[n * n];
        for (int i = 0; i < n; i++) d[i * n + i] = 1f;
        return of(d, Shape.of(n, n));
    }

    /** {@code [start, start+step, ...)} below {@code stop}, like {@code np.arange}. */
    public static Tensor arange(float start, float stop, float step) {
        if (step == 0 || Float.isNaN(step)) throw new IllegalArgumentException("Tensor.arange: expected a non-zero step, received " + step);
        int n = Math.max(0, (int) Math.ceil((stop - start) / step));
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = start + i * step;
        return of(d, Shape.of(n));
    }

    public static Tensor arange(int n) {
        return arange(0, n, 1);
    }

    /** Uniform floats in [low, high), from NumPy's legacy generator seeded with {@code seed}. */
    public static Tensor uniform(Shape shape, float low, float high, long seed) {
        return new Rng(seed).uniform(shape, low, high);
    }

    /** Normal floats, from NumPy's legacy generator seeded with {@code seed}. */
    public static Tensor normal(Shape shape, float mean, float stddev, long seed) {
        return new Rng(seed).normal(shape, mean, stddev);
    }

    /** Integers in [0, high) stored as floats, like {@code np.random.randint(high, size=shape)}. */
    public static Tensor randint(Shape shape, int high, long seed) {
        return new Rng(seed).randint(shape, high);
    }

    /** One-hot encoding of integer class labels (any shape) into a trailing axis of {@code classes}. */
    public static Tensor oneHot(Tensor labels, int classes) {
        float[] d = new float[labels.size * classes];
        for (int i = 0; i < labels.size; i++) {
            float v = labels.get(i);
            int c = (int) v;
            if (c != v || c < 0 || c >= classes) {
                throw new IllegalArgumentException("Tensor.oneHot: expected integer labels in [0, " + classes + "), received " + v + " at index " + i);
            }
            d[i * classes + c] = 1f;
        }
        int[] s = Arrays.copyOf(labels.shape.toArray(), labels.shape.rank() + 1);
        s[s.length - 1] = classes;
        return of(d, Shape.of(s));
    }

    // ---- accessors

    public Shape shape() {
        return shape;
    }

    public int rank() {
        return shape.rank();
    }

    public int size() {
        return size;
    }

    /** The backing array; elements {@code [offset(), offset()+size())} belong to this tensor. */
    public float[] data() {
        return data;
    }

    public int offset() {
        return offset;
    }

    /** Element {@code i} in row-major order. */
    public float get(int i) {
        return data[offset + i];
    }

    /** Element at a full multi-index. */
    public float get(int... index) {
        return data[offset + flatIndex(index)];
    }

    /** The value of a one-element tensor. */
    public float item() {
        if (size != 1) throw new IllegalStateException("Tensor.item: expected a tensor with one element, received shape " + shape);
        return data[offset];
    }

    /** A fresh copy of the elements, in row-major order. */
    public float[] toFloatArray() {
        return Arrays.copyOfRange(data, offset, offset + size);
    }

    /** The elements as an array of exactly {@code size()} starting at 0: the backing array when it already is one. */
    public float[] contiguousArray() {
        return offset == 0 && data.length == size ? data : toFloatArray();
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** The variable this tensor is the value of, or null. */
    public Variable variable() {
        return variable;
    }

    /** This tensor's values without its autodiff history. */
    public Tensor detach() {
        return node == null && !requiresGrad ? this : new Tensor(data, offset, shape, null);
    }

    /** A deep copy with no autodiff history. */
    public Tensor copy() {
        return new Tensor(toFloatArray(), 0, shape, null);
    }

    // ---- views

    /** Rows {@code [start, end)} along the first axis, sharing this tensor's array (no copy). */
    public Tensor slice(int start, int end) {
        return Ops.slice(this, start, end);
    }

    /** The same values with another shape (no copy); one dimension may be -1. */
    public Tensor reshape(int... shape) {
        return Ops.reshape(this, shape);
    }

    Tensor view(int newOffset, Shape newShape) {
        return new Tensor(data, newOffset, newShape, null);
    }

    private int flatIndex(int[] index) {
        if (index.length != shape.rank()) {
            throw new IllegalArgumentException("Tensor.get: expected " + shape.rank() + " indices for shape " + shape + ", received " + index.length);
        }
        int flat = 0;
        for (int i = 0; i < index.length; i++) {
            int d = shape.dim(i);
            if (index[i] < 0 || index[i] >= d) {
                throw new IndexOutOfBoundsException("Tensor.get: index " + Arrays.toString(index) + " is out of bounds for shape " + shape);
            }
            flat = flat * d + index[i];
        }
        return flat;
    }

    /** True when both have the same shape and every element differs by at most {@code atol + rtol*|other|}. */
    public boolean allClose(Tensor other, double rtol, double atol) {
        if (!shape.equals(other.shape)) return false;
        for (int i = 0; i < size; i++) {
            double a = get(i), b = other.get(i);
            if (Double.isNaN(a) || Double.isNaN(b)) {
                if (!(Double.isNaN(a) && Double.isNaN(b))) return false;
            } else if (Math.abs(a - b) > atol + rtol * Math.abs(b)) {
                return false;
            }
        }
        return true;
    }

    /** Same shape and bit-identical values. */
    public boolean valueEquals(Tensor other) {
        if (!shape.equals(other.shape)) return false;
        for (int i = 0; i < size; i++) {
            if (Float.floatToIntBits(get(i)) != Float.floatToIntBits(other.get(i))) return false;
        }
        return true;
    }

    /** NumPy-like text, truncated with {@code ...} for large tensors. */
    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}
