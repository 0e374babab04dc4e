package dev.lamina.layers;

import dev.lamina.Lamina;
import dev.lamina.tensor.NnOps;
import dev.lamina.tensor.Ops;
import dev.lamina.tensor.Rng;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.List;
import java.util.Map;

/**
 * Inverted dropout with a mask of a chosen shape ({@link Dropout}, {@link SpatialDropout1D},
 * {@link SpatialDropout2D}): when training, each mask cell is 0 with probability {@code rate} and
 * {@code 1 / (1 - rate)} otherwise, broadcast over the axes where the mask has size 1; at inference it is the
 * identity. The mask comes from the layer's own generator, seeded once and advancing with every training call.
 * {@code T} is the concrete class, so the fluent setters keep it.
 */
public abstract class BaseDropout<T extends BaseDropout<T>> extends Layer implements RandomLayer {
    private final double rate;
    private Long seed;
    private Rng rng;

    protected BaseDropout(String baseName, double rate) {
        super(baseName);
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected 0 <= rate < 1, received rate=" + rate);
        }
        this.rate = rate;
    }

    @SuppressWarnings("unchecked")
    protected final T self() {
        return (T) this;
    }

    @Override
    public T name(String n) {
        super.name(n);
        return self();
    }

    /** Seeds the masks: two layers with the same seed drop the same elements call after call. */
    @Override
    public T seed(long s) {
        super.seed(s);
        seed = s;
        return self();
    }

    public double rate() {
        return rate;
    }

    /** The mask generator (null before the layer is built); checkpoints save and restore its state. */
    @Override
    public Rng generator() {
        return rng;
    }

    /** The mask's shape for this input, or null for one mask cell per element. */
    protected abstract int[] maskShape(Shape input);

    @Override
    protected void build(Shape in) {
        maskShape(in);
        rng = new Rng(seed != null ? seed : Lamina.nextSeed());
    }

    @Override
    protected void checkInput(Shape expected, Shape received) {
        maskShape(received);
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> in) {
        return List.of(in.get(0));
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        if (!training || rate == 0) return x;
        int[] m = maskShape(x.shape());
        if (m == null) return NnOps.dropout(x, (float) rate, rng);
        return Ops.multiply(x, NnOps.dropout(Tensor.ones(m), (float) rate, rng));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("rate", rate);
        c.put("seed", seed);
        return c;
    }

    /** Applies a config's seed, name and trainable to a freshly constructed layer; for fromConfig. */
    protected final T configure(ConfigReader r) {
        Long s = r.getNullableLong("seed");
        if (s != null) seed(s);
        return LayerConfigs.restoreBase(self(), r);
    }

    /** Keras' supports_masking: the mask of the input passes to the output unchanged. */
    @Override
    public boolean supportsMasking() {
        return true;
    }
}
