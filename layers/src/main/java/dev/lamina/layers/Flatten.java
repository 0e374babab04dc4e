package dev.lamina.layers;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Keras' {@code Flatten}: {@code (batch, d1, d2, ...)} to {@code (batch, d1*d2*...)} in row-major order (channels_last
 * order is kept); a {@code (batch,)} input becomes {@code (batch, 1)}. No copy: the result is a view.
 */
public final class Flatten extends Layer {
    public Flatten() {
        super("flatten");
    }

    @Override
    public Flatten name(String n) {
        super.name(n);
        return this;
    }

    /** Any input of rank >= 1 (Keras' InputSpec(min_ndim=1)); a later call may have other sample shapes. */
    @Override
    protected void checkInput(Shape expected, Shape received) {
        if (received.rank() < 1) {
            throw new IllegalArgumentException("Flatten '" + name() + "': expected an input of rank >= 1, received " + received);
        }
    }

    @Override
    protected void build(Shape in) {
        checkInput(in, in);
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> in) {
        Shape s = in.get(0);
        int n = 1;
        for (int i = 1; i < s.rank(); i++) n = s.dim(i) == Shape.UNKNOWN || n == Shape.UNKNOWN ? Shape.UNKNOWN : n * s.dim(i);
        return List.of(Shape.of(s.dim(0), n));
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return x.reshape(x.shape().dim(0), x.shape().sizeFrom(1));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("data_format", ConvArgs.CHANNELS_LAST);
        return c;
    }

    /** Rebuilds a Flatten from {@link #getConfig()}. */
    public static Flatten fromConfig(Map<String, Object> config) {
        ConvArgs.channelsLast("Flatten", config);
        return LayerConfigs.restoreBase(new Flatten(), LayerConfigs.reader("Flatten", config));
    }
}
