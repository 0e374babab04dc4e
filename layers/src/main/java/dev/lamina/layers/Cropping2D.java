package dev.lamina.layers;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.SpatialOps;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.List;
import java.util.Map;

/**
 * Keras' {@code Cropping2D}: removes rows and columns at the edges of NHWC images. The argument reads as
 * {@link ZeroPadding2D}'s: {@code (2)} two cells from every side, {@code (1, 2)} one row top and bottom and two
 * columns left and right, {@code (top, bottom, left, right)}; the default crops nothing.
 */
public final class Cropping2D extends Layer {
    private final int[] cropping;

    public Cropping2D(int... cropping) {
        super("cropping2d");
        this.cropping = ConvArgs.pairs2d("Cropping2D", "cropping", cropping.length == 0 ? new int[]{0} : cropping);
    }

    @Override
    public Cropping2D name(String n) {
        super.name(n);
        return this;
    }

    /** {@code {top, bottom, left, right}}. */
    public int[] cropping() {
        return cropping.clone();
    }

    @Override
    protected void build(Shape in) {
        checkInput(in, in);
    }

    /** Rank 4, and at least one row and one column must remain. */
    @Override
    protected void checkInput(Shape expected, Shape received) {
        ConvArgs.checkRank(this, received, 2, "(batch, height, width, channels)");
        int h = received.dim(1), w = received.dim(2);
        if ((h != Shape.UNKNOWN && h <= cropping[0] + cropping[1]) || (w != Shape.UNKNOWN && w <= cropping[2] + cropping[3])) {
            throw new IllegalArgumentException(ConvArgs.who(this) + ": expected an input larger than the cropping "
                    + ConvArgs.pairsConfig(cropping) + " along height and width, received " + received);
        }
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> in) {
        int[] d = in.get(0).toArray();
        if (d[1] != Shape.UNKNOWN) d[1] -= cropping[0] + cropping[1];
        if (d[2] != Shape.UNKNOWN) d[2] -= cropping[2] + cropping[3];
        return List.of(Shape.of(d));
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        int[] negative = new int[4];
        for (int i = 0; i < 4; i++) negative[i] = -cropping[i];
        return SpatialOps.pad2d(x, negative, new int[]{0, 0});
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("cropping", ConvArgs.pairsConfig(cropping));
        c.put("data_format", ConvArgs.CHANNELS_LAST);
        return c;
    }

    /** Rebuilds a Cropping2D from {@link #getConfig()} (or a Keras config: an int, a pair or a pair of pairs). */
    public static Cropping2D fromConfig(Map<String, Object> config) {
        ConvArgs.channelsLast("Cropping2D", config);
        ConfigReader r = LayerConfigs.reader("Cropping2D", config);
        return LayerConfigs.restoreBase(new Cropping2D(ConvArgs.pairs2d(r, "Cropping2D.fromConfig", "cropping", 0)), r);
    }
}
