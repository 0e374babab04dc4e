package dev.lamina.layers;

import dev.lamina.tensor.Ops;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.List;
import java.util.Map;

/** Keras' {@code RepeatVector(n)}: {@code [batch, features]} to {@code [batch, n, features]}, the input repeated n times. */
public final class RepeatVector extends Layer {
    private final int n;

    public RepeatVector(int n) {
        super("repeat_vector");
        if (n <= 0) throw new IllegalArgumentException("RepeatVector: expected n > 0, received n=" + n);
        this.n = n;
    }

    @Override
    public RepeatVector name(String name) {
        super.name(name);
        return this;
    }

    public int n() {
        return n;
    }

    @Override
    protected void build(Shape in) {
        checkInput(in, in);
    }

    @Override
    protected void checkInput(Shape expected, Shape received) {
        if (received.rank() != 2) throw new IllegalArgumentException(ConvArgs.who(this) + ": expected an input [batch, features] of rank 2, received " + received);
        super.checkInput(expected, received);
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> in) {
        Shape s = in.get(0);
        return List.of(Shape.of(s.dim(0), n, s.dim(1)));
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        int b = x.shape().dim(0), f = x.shape().dim(1);
        return Ops.broadcastTo(x.reshape(b, 1, f), Shape.of(b, n, f));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("n", n);
        return c;
    }

    /** Rebuilds a RepeatVector from {@link #getConfig()}. */
    public static RepeatVector fromConfig(Map<String, Object> c) {
        ConfigReader r = LayerConfigs.reader("RepeatVector", c);
        return LayerConfigs.restoreBase(new RepeatVector(r.requireInt("n")), r);
    }
}
