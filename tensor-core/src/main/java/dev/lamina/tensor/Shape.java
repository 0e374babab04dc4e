package dev.lamina.tensor;

import java.util.Arrays;

/**
 * An immutable tensor shape. A dimension of {@code -1} stands for an unknown size (Keras' {@code None},
 * used for the batch dimension of symbolic tensors); concrete tensors never have one.
 */
public final class Shape {
    /** Marker for an unknown dimension, printed as {@code None}. */
    public static final int UNKNOWN = -1;
    private static final Shape SCALAR = new Shape(new int[0]);

    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    public static Shape of(int... dims) {
        if (dims.length == 0) return SCALAR;
        for (int d : dims) {
            if (d < UNKNOWN) throw new IllegalArgumentException("Shape: expected dimensions >= 0 (or -1 for None), received " + Arrays.toString(dims));
        }
        return new Shape(dims.clone());
    }

    public static Shape scalar() {
        return SCALAR;
    }

    public int rank() {
        return dims.length;
    }

    /** Dimension {@code i}; negative indices count from the end, as in NumPy. */
    public int dim(int i) {
        return dims[axis(i)];
    }

    public int last() {
        return dims[dims.length - 1];
    }

    public int[] toArray() {
        return dims.clone();
    }

    /** Number of elements; throws if a dimension is unknown. */
    public int size() {
        long n = 1;
        for (int d : dims) {
            if (d == UNKNOWN) throw new IllegalStateException("Shape " + this + " has an unknown dimension and no size");
            n *= d;
        }
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("Shape " + this + " has more than 2^31-1 elements");
        return (int) n;
    }

    public boolean isFullyKnown() {
        for (int d : dims) if (d == UNKNOWN) return false;
        return true;
    }

    /** Product of the dimensions from {@code from} (inclusive) to the end. */
    public int sizeFrom(int from) {
        int n = 1;
        for (int i = from; i < dims.length; i++) n *= dims[i];
        return n;
    }

    /** Product of the dimensions before {@code to} (exclusive). */
    public int sizeTo(int to) {
        int n = 1;
        for (int i = 0; i < to; i++) n *= dims[i];
        return n;
    }

    /** Normalises a possibly negative axis against this rank. */
    public int axis(int axis) {
        int a = axis < 0 ? axis + dims.length : axis;
        if (a < 0 || a >= dims.length) {
            throw new IllegalArgumentException("Shape: axis " + axis + " is out of range for shape " + this);
        }
        return a;
    }

    public Shape withDim(int axis, int value) {
        int[] d = dims.clone();
        d[axis(axis)] = value;
        return new Shape(d);
    }

    /** This shape without its first dimension. */
    public Shape dropFirst() {
        return new Shape(Arrays.copyOfRange(dims, 1, dims.length));
    }

    /** A new shape with {@code first} prepended (e.g. the batch dimension). */
    public Shape prepend(int first) {
        int[] d = new int[dims.length + 1];
        d[0] = first;
        System.arraycopy(dims, 0, d, 1, dims.length);
        return new Shape(d);
    }

    /** Row-major strides, in elements. */
    public int[] strides() {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /** NumPy broadcasting of two shapes; throws {@link ShapeMismatchException} naming {@code op}. */
    public static Shape broadcast(String op, Shape a, Shape b) {
        if (a.equals(b)) return a;
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.rank() ? 1 : a.dims[i - (rank - a.rank())];
            int db = i < rank - b.rank() ? 1 : b.dims[i - (rank - b.rank())];
            if (da == db || db == 1) out[i] = da;
            else if (da == 1) out[i] = db;
            else throw new ShapeMismatchException(op, "shapes that broadcast", a, b);
        }
        return new Shape(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Python tuple notation, as Keras prints shapes: {@code (None, 32)}, {@code (3,)}, {@code ()}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(dims[i] == UNKNOWN ? "None" : Integer.toString(dims[i]));
        }
        if (dims.length == 1) sb.append(',');
        return sb.append(')').toString();
    }
}
