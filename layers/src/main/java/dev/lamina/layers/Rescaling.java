package dev.lamina.layers;

import dev.lamina.tensor.Ops;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Keras' {@code Rescaling}: {@code x * scale + offset}, e.g. {@code new Rescaling(1.0 / 255)} for pixel values.
 * {@code scale} and {@code offset} are each one number or one per channel (the last axis), broadcast as Keras
 * broadcasts them in channels_last; Keras 3's EfficientNet divides by per-channel standard deviations this way.
 */
public final class Rescaling extends ElementwiseLayer {
    private final double[] scale;
    private final double[] offset;

    public Rescaling(double scale) {
        this(scale, 0.0);
    }

    public Rescaling(double scale, double offset) {
        this(new double[]{scale}, new double[]{offset});
    }

    /** @param scale one value, or one per channel; @param offset likewise */
    public Rescaling(double[] scale, double[] offset) {
        super("rescaling");
        this.scale = check("scale", scale);
        this.offset = check("offset", offset);
    }

    private static double[] check(String arg, double[] v) {
        if (v == null || v.length == 0) {
            throw new IllegalArgumentException("Rescaling: expected " + arg + " as one number or one per channel, received " + arg + "="
                    + Arrays.toString(v));
        }
        for (double d : v) {
            if (!Double.isFinite(d)) throw new IllegalArgumentException("Rescaling: expected a finite " + arg + ", received " + arg + "=" + Arrays.toString(v));
        }
        return v.clone();
    }

    @Override
    public Rescaling name(String n) {
        super.name(n);
        return this;
    }

    /** The scale: one value, or one per channel. */
    public double[] scale() {
        return scale.clone();
    }

    /** The offset: one value, or one per channel. */
    public double[] offset() {
        return offset.clone();
    }

    @Override
    protected void build(Shape in) {
        checkChannels(in);
    }

    @Override
    protected void checkInput(Shape expected, Shape received) {
        checkChannels(received);
    }

    private void checkChannels(Shape in) {
        int c = in.rank() == 0 ? 1 : in.last();
        for (double[] v : new double[][]{scale, offset}) {
            if (v.length > 1 && (in.rank() < 2 || (c != Shape.UNKNOWN && c != v.length))) {
                throw new IllegalArgumentException(ConvArgs.who(this) + ": expected an input with " + v.length
                        + " channels (last axis) for the per-channel " + (v == scale ? "scale" : "offset") + ", received " + in);
            }
        }
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        Tensor y = scale.length == 1 ? Ops.multiply(x, (float) scale[0]) : Ops.multiply(x, channels(scale));
        return offset.length == 1 ? Ops.add(y, (float) offset[0]) : Ops.add(y, channels(offset));
    }

    private static Tensor channels(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) v[i];
        return Tensor.of(f, f.length);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("scale", entry(scale));
        c.put("offset", entry(offset));
        return c;
    }

    /** A number, or a list per channel, as Keras writes them. */
    private static Object entry(double[] v) {
        if (v.length == 1) return v[0];
        List<Double> out = new ArrayList<>(v.length);
        for (double d : v) out.add(d);
        return out;
    }

    /** Rebuilds a Rescaling from {@link #getConfig()}: scale (required) and offset each a number or a per-channel list. */
    public static Rescaling fromConfig(Map<String, Object> config) {
        ConfigReader r = LayerConfigs.reader("Rescaling", config);
        double[] scale = r.getDoubles("scale");
        if (scale == null) r.require("scale");
        double[] offset = r.getDoubles("offset");
        return LayerConfigs.restoreBase(new Rescaling(scale, offset == null ? new double[]{0.0} : offset), r);
    }
}
