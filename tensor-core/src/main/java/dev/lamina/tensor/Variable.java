package dev.lamina.tensor;

/**
 * A named parameter: the only tensor state that optimizers (and weight loading) write to, in place. Its
 * {@link #value()} is one leaf tensor that shares the variable's array, so gradients are keyed by it.
 */
public final class Variable {
    private final String name;
    private final Tensor value;
    private boolean trainable;

    public Variable(String name, Tensor initial, boolean trainable) {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("Variable: expected a non-empty name, received " + name);
        this.name = name;
        this.value = new Tensor(initial.toFloatArray(), 0, initial.shape(), this);
        this.trainable = trainable;
        value.requiresGrad = trainable;
    }

    public Variable(String name, Tensor initial) {
        this(name, initial, true);
    }

    public String name() {
        return name;
    }

    public Shape shape() {
        return value.shape();
    }

    public int size() {
        return value.size();
    }

    /** The leaf tensor holding this variable's current values (the same object every call). */
    public Tensor value() {
        return value;
    }

    /** The backing array, written in place by optimizers. */
    public float[] data() {
        return value.data();
    }

    public boolean trainable() {
        return trainable;
    }

    /** Frozen variables record no gradient and get no optimizer update. */
    public void setTrainable(boolean trainable) {
        this.trainable = trainable;
        value.requiresGrad = trainable;
    }

    /** Copies {@code values} into this variable; the shapes must match. */
    public void assign(Tensor values) {
        if (!values.shape().equals(shape())) {
            throw new ShapeMismatchException("Variable '" + name + "'.assign", "the variable's shape", shape(), values.shape());
        }
        System.arraycopy(values.data(), values.offset(), value.data(), 0, value.size());
    }

    /** A copy of the current values. */
    public Tensor snapshot() {
        return value.copy();
    }

    @Override
    public String toString() {
        return "Variable('" + name + "', shape=" + shape() + (trainable ? "" : ", trainable=false") + ")";
    }
}
