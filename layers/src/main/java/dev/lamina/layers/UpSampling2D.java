package dev.lamina.layers;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.SpatialOps;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keras' {@code UpSampling2D}: repeats the rows of NHWC images {@code size[0]} times and the columns
 * {@code size[1]} times ({@code interpolation "nearest"}, the default), or resizes them bilinearly
 * ({@code "bilinear"}, half-pixel centres as in {@code tf.image.resize}). The default size is (2, 2).
 */
public final class UpSampling2D extends Layer {
    private final int[] size;
    private String interpolation = "nearest";

    /** @param size none for (2, 2), one factor for both axes, or (height, width) */
    public UpSampling2D(int... size) {
        super("up_sampling2d");
        this.size = ConvArgs.tuple("UpSampling2D", "size", size.length == 0 ? new int[]{2} : size, 2);
    }

    @Override
    public UpSampling2D name(String n) {
        super.name(n);
        return this;
    }

    public UpSampling2D interpolation(String i) {
        requireNotBuilt("interpolation");
        String v = i == null ? null : i.toLowerCase(Locale.ROOT);
        if (!"nearest".equals(v) && !"bilinear".equals(v)) {
            throw new IllegalArgumentException("UpSampling2D: expected interpolation 'nearest' or 'bilinear', received interpolation='" + i + "'");
        }
        interpolation = v;
        return this;
    }

    public int[] size() {
        return size.clone();
    }

    public String interpolation() {
        return interpolation;
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
        for (int a = 0; a < 2; a++) if (d[1 + a] != Shape.UNKNOWN) d[1 + a] *= size[a];
        return List.of(Shape.of(d));
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return SpatialOps.upSampling2d(x, size, interpolation);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("size", LayerConfigs.list(size));
        c.put("data_format", ConvArgs.CHANNELS_LAST);
        c.put("interpolation", interpolation);
        return c;
    }

    /** Rebuilds an UpSampling2D from {@link #getConfig()}. */
    public static UpSampling2D fromConfig(Map<String, Object> config) {
        ConvArgs.channelsLast("UpSampling2D", config);
        ConfigReader r = LayerConfigs.reader("UpSampling2D", config);
        int[] size = r.getInts("size", 2);
        UpSampling2D u = new UpSampling2D(size == null ? new int[]{2} : size);
        u.interpolation(r.getString("interpolation", "nearest"));
        return LayerConfigs.restoreBase(u, r);
    }
}
