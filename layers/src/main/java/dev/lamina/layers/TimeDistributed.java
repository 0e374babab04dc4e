package dev.lamina.layers;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keras' {@code TimeDistributed(layer)}: applies one layer (the same weights) to every time step of
 * {@code [batch, time, ...]}, by running it once on {@code [batch * time, ...]} and splitting the result back into
 * {@code [batch, time, ...]}. The layer is used as given (its weights are this layer's); a mask on the input
 * passes to the output unchanged.
 */
public final class TimeDistributed extends Layer {
    private final Layer layer;

    public TimeDistributed(Layer layer) {
        super("time_distributed");
        if (layer == null) throw new IllegalArgumentException("TimeDistributed: expected a layer, received null");
        if (layer instanceof InputLayer) throw new IllegalArgumentException("TimeDistributed: expected a layer to apply per step, received " + layer);
        this.layer = layer;
    }

    @Override
    public TimeDistributed name(String n) {
        super.name(n);
        return this;
    }

    /** The wrapped layer. */
    public Layer layer() {
        return layer;
    }

    /** One step of {@code [batch, time, rest...]}: {@code [batch*time (or None), rest...]}. */
    private static Shape stepShape(Shape in) {
        int b = in.dim(0), t = in.dim(1);
        int merged = b == Shape.UNKNOWN || t == Shape.UNKNOWN ? Shape.UNKNOWN : b * t;
        return Shape.of(java.util.Arrays.copyOfRange(in.toArray(), 2, in.rank())).prepend(merged);
    }

    private void checkRank(Shape s) {
        if (s.rank() < 3) {
            throw new IllegalArgumentException(ConvArgs.who(this) + ": expected an input [batch, time, ...] of rank >= 3, received " + s);
        }
    }

    @Override
    protected void build(Shape in) {
        checkRank(in);
        buildSublayer(layer, List.of(stepShape(in)));
    }

    @Override
    protected void checkInputs(List<Shape> received) {
        if (received.size() != 1) throw new IllegalArgumentException(ConvArgs.who(this) + ": expected 1 input, received " + received.size());
        checkRank(received.get(0));
        layer.checkInputs(List.of(stepShape(received.get(0))));
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> in) {
        Shape x = in.get(0);
        List<Shape> out = new ArrayList<>();
        for (Shape s : layer.computeOutputShapes(List.of(stepShape(x)))) out.add(s.dropFirst().prepend(x.dim(1)).prepend(x.dim(0)));
        return out;
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    protected void checkMask(int input, Shape inputShape, Shape maskShape) {
        Masks.requireSteps(ConvArgs.who(this), inputShape, maskShape);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        int b = x.shape().dim(0), t = x.shape().dim(1);
        Tensor y = layer.forward(List.of(x.reshape(stepShape(x.shape()).toArray())), training).get(0);
        return y.reshape(y.shape().dropFirst().prepend(t).prepend(b).toArray());
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("layer", Wrappers.serialize(layer));
        return c;
    }

    /** Rebuilds a TimeDistributed from {@link #getConfig()}: the wrapped layer by class name (built-in or registered). */
    public static TimeDistributed fromConfig(Map<String, Object> c) {
        ConfigReader r = LayerConfigs.reader("TimeDistributed", c);
        return LayerConfigs.restoreBase(new TimeDistributed(Wrappers.deserialize(r, "layer")), r);
    }
}
