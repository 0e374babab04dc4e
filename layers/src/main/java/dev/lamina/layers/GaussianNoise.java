package dev.lamina.layers;

import dev.lamina.Lamina;
import dev.lamina.tensor.Ops;
import dev.lamina.tensor.Rng;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Map;

/**
 * Keras' {@code GaussianNoise(stddev, seed)}: when training, adds zero-centred normal noise of standard deviation
 * {@code stddev} to every element (a regulariser); at inference it is the identity. The noise comes from the
 * layer's own generator, seeded once and advancing with every training call, as {@link Dropout}'s masks do.
 */
public final class GaussianNoise extends ElementwiseLayer implements RandomLayer {
    private final double stddev;
    private Long seed;
    private Rng rng;

    public GaussianNoise(double stddev) {
        super("gaussian_noise");
        if (!(stddev >= 0) || Double.isInfinite(stddev)) {
            throw new IllegalArgumentException("GaussianNoise: expected a finite stddev >= 0, received stddev=" + stddev);
        }
        this.stddev = stddev;
    }

    @Override
    public GaussianNoise name(String n) {
        super.name(n);
        return this;
    }

    @Override
    public GaussianNoise seed(long s) {
        super.seed(s);
        seed = s;
        return this;
    }

    public double stddev() {
        return stddev;
    }

    @Override
    public Rng generator() {
        return rng;
    }

    @Override
    protected void build(Shape in) {
        rng = new Rng(seed != null ? seed : Lamina.nextSeed());
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        if (!training || stddev == 0) return x;
        return Ops.add(x, rng.normal(x.shape(), 0f, (float) stddev));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("stddev", stddev);
        c.put("seed", seed);
        return c;
    }

    /** Rebuilds a GaussianNoise from {@link #getConfig()}; with a seed, the rebuilt layer draws the same noise. */
    public static GaussianNoise fromConfig(Map<String, Object> config) {
        ConfigReader r = LayerConfigs.reader("GaussianNoise", config);
        GaussianNoise g = new GaussianNoise(r.requireDouble("stddev"));
        Long seed = r.getNullableLong("seed");
        if (seed != null) g.seed(seed);
        return LayerConfigs.restoreBase(g, r);
    }
}
