package dev.lamina.layers;

import dev.lamina.tensor.NnOps;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Map;

/** Keras' {@code ELU} layer: {@code x} for {@code x > 0}, {@code alpha * (exp(x) - 1)} otherwise; alpha defaults to 1. */
public final class ELU extends ElementwiseLayer {
    private final double alpha;

    public ELU() {
        this(1.0);
    }

    public ELU(double alpha) {
        super("elu");
        if (!Double.isFinite(alpha)) throw new IllegalArgumentException("ELU: expected a finite alpha, received alpha=" + alpha);
        this.alpha = alpha;
    }

    @Override
    public ELU name(String n) {
        super.name(n);
        return this;
    }

    public double alpha() {
        return alpha;
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return NnOps.elu(x, (float) alpha);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("alpha", alpha);
        return c;
    }

    /** Rebuilds an ELU from {@link #getConfig()}. */
    public static ELU fromConfig(Map<String, Object> config) {
        ConfigReader r = LayerConfigs.reader("ELU", config);
        return LayerConfigs.restoreBase(new ELU(r.getDouble("alpha", 1.0)), r);
    }
}
