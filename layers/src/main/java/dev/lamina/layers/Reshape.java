package dev.lamina.layers;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.List;
import java.util.Map;

/**
 * Keras' {@code Reshape(target_shape)}: gives each sample (the batch axis is kept) the target shape, in which one
 * dimension may be -1 and is then inferred. No copy: the result is a view.
 */
public final class Reshape extends Layer {
    private final int[] targetShape;
    private final int inferred;       // index of the -1 in targetShape, or -1
    private final int knownSize;      // product of the other target dimensions

    /** @param targetShape the shape of one sample, without the batch axis; at most one -1 */
    public Reshape(int... targetShape) {
        super("reshape");
        int at = -1, known = 1;
        for (int i = 0; i < targetShape.length; i++) {
            if (targetShape[i] == -1 && at < 0) {
                at = i;
            } else if (targetShape[i] <= 0) {
                throw new IllegalArgumentException("Reshape: expected target_shape of positive dimensions with at most one -1, received target_shape="
                        + ConvArgs.text(targetShape));
            } else {
                known *= targetShape[i];
            }
        }
        this.targetShape = targetShape.clone();
        this.inferred = at;
        this.knownSize = known;
    }

    @Override
    public Reshape name(String n) {
        super.name(n);
        return this;
    }

    public int[] targetShape() {
        return targetShape.clone();
    }

    @Override
    protected void build(Shape in) {
        outputShape(in);
    }

    /** Any input whose samples hold a compatible number of elements. */
    @Override
    protected void checkInput(Shape expected, Shape received) {
        outputShape(received);
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> in) {
        return List.of(outputShape(in.get(0)));
    }

    private Shape outputShape(Shape in) {
        if (in.rank() < 1) throw new IllegalArgumentException("Reshape '" + name() + "': expected an input of rank >= 1, received " + in);
        boolean known = true;
        for (int i = 1; i < in.rank(); i++) known &= in.dim(i) != Shape.UNKNOWN;
        int[] d = new int[targetShape.length + 1];
        d[0] = in.dim(0);
        System.arraycopy(targetShape, 0, d, 1, targetShape.length);
        if (!known) {
            return Shape.of(d);   // the -1 (if any) stays None, as in Keras
        }
        int size = in.sizeFrom(1);
        boolean ok = inferred >= 0 ? size % knownSize == 0 : size == knownSize;
        if (!ok) {
            throw new IllegalArgumentException("Reshape '" + name() + "': expected the total size of each sample to be unchanged, received input shape "
                    + in + " (" + size + " per sample) for target_shape " + ConvArgs.text(targetShape));
        }
        if (inferred >= 0) d[inferred + 1] = size / knownSize;
        return Shape.of(d);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return x.reshape(outputShape(x.shape()).toArray());
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("target_shape", LayerConfigs.list(targetShape));
        return c;
    }

    /** Rebuilds a Reshape from {@link #getConfig()}. */
    @SuppressWarnings("unchecked")
    public static Reshape fromConfig(Map<String, Object> config) {
        ConfigReader r = LayerConfigs.reader("Reshape", config);
        int[] t = r.requireInts("target_shape", -1);
        return LayerConfigs.restoreBase(new Reshape(t), r);
    }
}
