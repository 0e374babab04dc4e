package dev.lamina.layers;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.List;
import java.util.Map;

/**
 * Keras' global pooling base: reduces every spatial axis of a channels_last input, giving {@code (batch, channels)}
 * (or, with {@code keepdims}, {@code (batch, 1..., channels)}). {@code T} is the concrete class.
 */
public abstract class GlobalPooling<T extends GlobalPooling<T>> extends Layer {
    private final int rank;
    private boolean keepDims;

    protected GlobalPooling(String baseName, int rank) {
        super(baseName);
        this.rank = rank;
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

    /** Keeps the reduced axes with length 1 (Keras' {@code keepdims}, default false). */
    public T keepDims(boolean k) {
        requireNotBuilt("keepdims");
        keepDims = k;
        return self();
    }

    public boolean keepDims() {
        return keepDims;
    }

    /** The reduction (the one call into ConvOps per subclass), giving {@code (batch, channels)}. */
    protected abstract Tensor reduce(Tensor x);

    @Override
    protected void build(Shape in) {
        checkInput(in, in);
    }

    @Override
    protected void checkInput(Shape expected, Shape received) {
        ConvArgs.checkRank(this, received, rank, rank == 1 ? "(batch, steps, channels)" : "(batch, height, width, channels)");
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> in) {
        Shape s = in.get(0);
        if (!keepDims) return List.of(Shape.of(s.dim(0), s.last()));
        int[] d = s.toArray();
        for (int i = 1; i <= rank; i++) d[i] = 1;
        return List.of(Shape.of(d));
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        Tensor y = reduce(x);
        return keepDims ? y.reshape(computeOutputShapes(List.of(x.shape())).get(0).toArray()) : y;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("data_format", ConvArgs.CHANNELS_LAST);
        c.put("keepdims", keepDims);
        return c;
    }

    /** Applies a config's keepdims, name and trainable to a freshly constructed layer; for fromConfig. */
    protected final T configure(Map<String, Object> c) {
        ConvArgs.channelsLast(className(), c);
        ConfigReader r = LayerConfigs.reader(className(), c);
        keepDims(r.getBoolean("keepdims", false));
        return LayerConfigs.restoreBase(self(), r);
    }
}
