package dev.lamina.layers;

import dev.lamina.tensor.Ops;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Map;

/** Keras' {@code Rescaling}: {@code x * scale + offset}, e.g. {@code new Rescaling(1.0 / 255)} for pixel values. */
public final class Rescaling extends ElementwiseLayer {
    private final double scale;
    private final double offset;

    public Rescaling(double scale) {
        this(scale, 0.0);
    }

    public Rescaling(double scale, double offset) {
        super("rescaling");
        if (!Double.isFinite(scale) || !Double.isFinite(offset)) {
            throw new IllegalArgumentException("Rescaling: expected a finite scale and offset, received scale=" + scale + ", offset=" + offset);
        }
        this.scale = scale;
        this.offset = offset;
    }

    @Override
    public Rescaling name(String n) {
        super.name(n);
        return this;
    }

    public double scale() {
        return scale;
    }

    public double offset() {
        return offset;
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return Ops.add(Ops.multiply(x, (float) scale), (float) offset);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("scale", scale);
        c.put("offset", offset);
        return c;
    }

    /** Rebuilds a Rescaling from {@link #getConfig()}; a per-channel list for scale or offset is rejected, naming the key. */
    public static Rescaling fromConfig(Map<String, Object> config) {
        ConfigReader r = LayerConfigs.reader("Rescaling", config);
        double scale = r.requireDouble("scale");
        return LayerConfigs.restoreBase(new Rescaling(scale, r.getDouble("offset", 0.0)), r);
    }
}
