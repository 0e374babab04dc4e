package dev.lamina.tensor;

/** Thrown when an op receives shapes it cannot combine; names the op and both shapes. */
public class ShapeMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String op;
    private final Shape first;
    private final Shape second;

    public ShapeMismatchException(String op, String expected, Shape first, Shape second) {
        super(op + ": expected " + expected + ", received shapes " + first + " and " + second);
        this.op = op;
        this.first = first;
        this.second = second;
    }

    public String op() {
        return op;
    }

    public Shape first() {
        return first;
    }

    public Shape second() {
        return second;
    }
}
