package dev.lamina.layers;

import dev.lamina.Lamina;
import dev.lamina.tensor.NnOps;
import dev.lamina.tensor.Rng;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.List;
import java.util.Map;

/**
 * Keras' {@code Dropout(rate, seed)}: when training, zeroes each input element with probability {@code rate} and
 * scales the others by {@code 1 / (1 - rate)} (inverted dropout); at inference it is the identity. The masks come
 * from this layer's own generator, seeded once (by {@link #seed(long)} or from {@link Lamina}'s session seed) and
 * advancing with every training call, so a given seed gives the same sequence of masks.
 */
public final class Dropout extends Layer implements RandomLayer {
    private final double rate;
    private Long seed;
    private Rng rng;

    public Dropout(double rate) {
        super("dropout");
        if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException("Dropout: expected 0 <= rate < 1, received rate=" + rate);
        this.rate = rate;
    }

    @Override
    public Dropout name(String n) {
        super.name(n);
        return this;
    }

    /** Seeds the masks: two layers with the same seed drop the same elements call after call. */
    @Override
    public Dropout seed(long s) {
        super.seed(s);
        seed = s;
        return this;
    }

    public double rate() {
        return rate;
    }

    /** The mask generator (null before the layer is built); checkpoints save and restore its state. */
    @Override
    public Rng generator() {
        return rng;
    }

    @Override
    protected void build(Shape in) {
        rng = new Rng(seed != null ? seed : Lamina.nextSeed());
    }

    /** Any input shape: dropout is elementwise. */
    @Override
    protected void checkInput(Shape expected, Shape received) {
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> in) {
        return List.of(in.get(0));
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        if (!training || rate == 0) return x;
        return NnOps.dropout(x, (float) rate, rng);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("rate", rate);
        c.put("seed", seed);
        return c;
    }

    /** Rebuilds a Dropout from {@link #getConfig()}; with a seed, the rebuilt layer draws the same masks. */
    public static Dropout fromConfig(Map<String, Object> config) {
        ConfigReader r = LayerConfigs.reader("Dropout", config);
        Dropout d = new Dropout(r.requireDouble("rate"));
        if (r.has("seed") && config.get("seed") != null) d.seed(r.getLong("seed", 0));
        return LayerConfigs.restoreBase(d, r);
    }
}
