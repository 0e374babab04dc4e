package dev.lamina.layers;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.List;
import java.util.Map;

/**
 * Keras' {@code BasePooling}: a window of {@code pool_size} slid by {@code strides} (default: the pool size) over
 * the spatial axes of a channels_last input, with {@code valid} or {@code same} padding. Max pooling ignores padded
 * cells; average pooling divides by the number of real cells. {@code T} is the concrete class.
 */
public abstract class BasePooling<T extends BasePooling<T>> extends Layer {
    private final int rank;
    private final int[] poolSize;
    private int[] strides;
    private String padding = "valid";

    /** @param poolSize one size for every spatial axis, one per axis, or none for Keras' default of 2 */
    protected BasePooling(String baseName, int rank, int[] poolSize) {
        super(baseName);
        int[] p = poolSize == null || poolSize.length == 0 ? new int[]{2} : poolSize;
        this.rank = rank;
        this.poolSize = ConvArgs.tuple(getClass().getSimpleName(), "pool_size", p, rank);
        this.strides = this.poolSize.clone();
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    @Override
    public T name(String n) {
        super.name(n);
        return self();
    }

    /** One stride for every spatial axis, or one per axis; Keras' default is the pool size. */
    public T strides(int... s) {
        requireNotBuilt("strides");
        strides = ConvArgs.tuple(className(), "strides", s, rank);
        return self();
    }

    public T padding(String p) {
        requireNotBuilt("padding");
        padding = ConvArgs.padding(className(), p, false);
        return self();
    }

    public int[] poolSize() {
        return poolSize.clone();
    }

    public int[] strides() {
        return strides.clone();
    }

    public String padding() {
        return padding;
    }

    /** The pooling op (the one call into ConvOps per subclass). */
    protected abstract Tensor pool(Tensor x);

    @Override
    protected void build(Shape in) {
        ConvArgs.checkRank(this, in, rank, rank == 1 ? "(batch, steps, channels)" : "(batch, height, width, channels)");
    }

    /** Any channel count is fine (Keras' InputSpec pins only the rank); the window must fit. */
    @Override
    protected void checkInput(Shape expected, Shape received) {
        ConvArgs.checkRank(this, received, rank, rank == 1 ? "(batch, steps, channels)" : "(batch, height, width, channels)");
        outputShape(received);
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> in) {
        return List.of(outputShape(in.get(0)));
    }

    private Shape outputShape(Shape in) {
        int[] ones = new int[rank];
        java.util.Arrays.fill(ones, 1);
        return ConvArgs.outputShape(this, in, poolSize, strides, padding, ones, -1);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return pool(x);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("pool_size", LayerConfigs.list(poolSize));
        c.put("padding", padding);
        c.put("strides", LayerConfigs.list(strides));
        c.put("data_format", ConvArgs.CHANNELS_LAST);
        return c;
    }

    /** The pool size of a config, for fromConfig. */
    protected static int[] poolSize(String owner, Map<String, Object> c, int rank) {
        int[] p = LayerConfigs.reader(owner, c).getInts("pool_size", rank);
        return p == null ? new int[0] : p;
    }

    /** Applies a config's strides, padding, name and trainable to a freshly constructed layer; for fromConfig. */
    protected final T configure(Map<String, Object> c) {
        ConvArgs.channelsLast(className(), c);
        ConfigReader r = LayerConfigs.reader(className(), c);
        int[] s = r.getInts("strides", rank);
        if (s != null) strides(s);
        padding(r.getString("padding", "valid"));
        return LayerConfigs.restoreBase(self(), r);
    }
}
