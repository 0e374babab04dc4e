package dev.lamina.layers;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.SpatialOps;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.List;
import java.util.Map;

/**
 * Keras' {@code ZeroPadding2D}: adds rows and columns of zeros around NHWC images. {@code new ZeroPadding2D()}
 * pads one cell on every side (Keras' default), {@code (2)} two, {@code (1, 2)} one row above and below and two
 * columns left and right, {@code (0, 1, 0, 1)} (top, bottom, left, right) one row below and one column right.
 */
public final class ZeroPadding2D extends Layer {
    private final int[] padding;

    public ZeroPadding2D(int... padding) {
        super("zero_padding2d");
        this.padding = ConvArgs.pairs2d("ZeroPadding2D", "padding", padding.length == 0 ? new int[]{1} : padding);
    }

    @Override
    public ZeroPadding2D name(String n) {
        super.name(n);
        return this;
    }

    /** {@code {top, bottom, left, right}}. */
    public int[] padding() {
        return padding.clone();
    }

    @Override
    protected void build(Shape in) {
        ConvArgs.checkRank(this, in, 2, "(batch, height, width, channels)");
    }

    @Override
    protected void checkInput(Shape expected, Shape received) {
        ConvArgs.checkRank(this, received, 2, "(batch, height, width, channels)");
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> in) {
        int[] d = in.get(0).toArray();
        if (d[1] != Shape.UNKNOWN) d[1] += padding[0] + padding[1];
        if (d[2] != Shape.UNKNOWN) d[2] += padding[2] + padding[3];
        return List.of(Shape.of(d));
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return SpatialOps.pad2d(x, padding, new int[]{0, 0});
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("padding", ConvArgs.pairsConfig(padding));
        c.put("data_format", ConvArgs.CHANNELS_LAST);
        return c;
    }

    /** Rebuilds a ZeroPadding2D from {@link #getConfig()} (or a Keras config: an int, a pair or a pair of pairs). */
    public static ZeroPadding2D fromConfig(Map<String, Object> config) {
        ConvArgs.channelsLast("ZeroPadding2D", config);
        ConfigReader r = LayerConfigs.reader("ZeroPadding2D", config);
        return LayerConfigs.restoreBase(new ZeroPadding2D(ConvArgs.pairs2d(r, "ZeroPadding2D.fromConfig", "padding", 1)), r);
    }
}
