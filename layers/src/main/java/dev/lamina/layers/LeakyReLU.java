package dev.lamina.layers;

import dev.lamina.tensor.NnOps;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Map;

/**
 * Keras' {@code LeakyReLU}: {@code x} for {@code x >= 0}, {@code negative_slope * x} below, with Keras 3's default
 * slope 0.3. A tf.keras 2.x config names the slope {@code alpha}; fromConfig reads either.
 */
public final class LeakyReLU extends ElementwiseLayer {
    private final double negativeSlope;

    public LeakyReLU() {
        this(0.3);
    }

    public LeakyReLU(double negativeSlope) {
        super("leaky_re_lu");
        if (!(negativeSlope >= 0)) {
            throw new IllegalArgumentException("LeakyReLU: expected negative_slope >= 0, received negative_slope=" + negativeSlope);
        }
        this.negativeSlope = negativeSlope;
    }

    @Override
    public LeakyReLU name(String n) {
        super.name(n);
        return this;
    }

    public double negativeSlope() {
        return negativeSlope;
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return NnOps.leakyRelu(x, (float) negativeSlope);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("negative_slope", negativeSlope);
        return c;
    }

    /** Rebuilds a LeakyReLU from {@link #getConfig()}, or from a tf.keras 2.x config with {@code alpha}. */
    public static LeakyReLU fromConfig(Map<String, Object> config) {
        ConfigReader r = LayerConfigs.reader("LeakyReLU", config);
        double alpha = r.getDouble("alpha", 0.3);
        return LayerConfigs.restoreBase(new LeakyReLU(r.getDouble("negative_slope", alpha)), r);
    }
}
