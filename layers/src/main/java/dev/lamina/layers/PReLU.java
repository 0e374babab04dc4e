package dev.lamina.layers;

import dev.lamina.initializers.Initializer;
import dev.lamina.initializers.Initializers;
import dev.lamina.regularizers.Regularizer;
import dev.lamina.tensor.NnOps;
import dev.lamina.tensor.Ops;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.Variable;
import dev.lamina.tensor.io.ConfigReader;

import java.util.List;
import java.util.Map;

/**
 * Keras' {@code PReLU}: {@code relu(x) - alpha * relu(-x)} with a learned {@code alpha} per input element (the
 * input shape without the batch axis); {@code shared_axes} (1-based, as Keras counts them with the batch axis 0)
 * share one alpha along those axes, e.g. {@code sharedAxes(1, 2)} for one alpha per channel of an image.
 */
public final class PReLU extends Layer {
    private Initializer alphaInitializer = Initializers.zeros();
    private Regularizer alphaRegularizer;
    private int[] sharedAxes;
    private Variable alpha;

    public PReLU() {
        super("p_re_lu");
    }

    @Override
    public PReLU name(String n) {
        super.name(n);
        return this;
    }

    public PReLU alphaInitializer(Initializer i) {
        requireNotBuilt("alpha_initializer");
        alphaInitializer = i;
        return this;
    }

    public PReLU alphaRegularizer(Regularizer r) {
        requireNotBuilt("alpha_regularizer");
        alphaRegularizer = r;
        return this;
    }

    /** Axes (>= 1) along which alpha is shared; none (null or empty) for one alpha per element. */
    public PReLU sharedAxes(int... axes) {
        requireNotBuilt("shared_axes");
        if (axes != null) {
            for (int a : axes) {
                if (a < 1) throw new IllegalArgumentException("PReLU: expected shared_axes >= 1 (axis 0 is the batch), received shared_axes=" + java.util.Arrays.toString(axes));
            }
        }
        sharedAxes = axes == null || axes.length == 0 ? null : axes.clone();
        return this;
    }

    public Variable alpha() {
        return alpha;
    }

    @Override
    protected void build(Shape in) {
        int[] d = in.dropFirst().toArray();
        if (sharedAxes != null) {
            for (int a : sharedAxes) {
                if (a >= in.rank()) {
                    throw new IllegalArgumentException(ConvArgs.who(this) + ": expected shared_axes below the input rank " + in.rank()
                            + ", received shared_axes=" + java.util.Arrays.toString(sharedAxes) + " for input shape " + in);
                }
                d[a - 1] = 1;
            }
        }
        for (int v : d) {
            if (v == Shape.UNKNOWN) {
                throw new IllegalArgumentException(ConvArgs.who(this) + ": expected known dimensions off the shared axes, received input shape " + in);
            }
        }
        alpha = addWeight("alpha", Shape.of(d), alphaInitializer, true, alphaRegularizer);
    }

    /** The input must have the built shape off the batch axis (shared axes may vary in length). */
    @Override
    protected void checkInput(Shape expected, Shape received) {
        super.checkInput(expected, received);
        int[] a = alpha.shape().toArray();
        for (int i = 0; i < a.length; i++) {
            if (a[i] != 1 && received.dim(i + 1) != a[i]) {
                throw new IllegalArgumentException(ConvArgs.who(this) + ": expected input shape like " + expected + ", received " + received);
            }
        }
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> in) {
        return List.of(in.get(0));
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return Ops.subtract(NnOps.relu(x), Ops.multiply(alpha.value(), NnOps.relu(Ops.negate(x))));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("alpha_initializer", LayerConfigs.serialize(alphaInitializer));
        c.put("alpha_regularizer", LayerConfigs.serialize(alphaRegularizer));
        c.put("alpha_constraint", null);
        c.put("shared_axes", sharedAxes == null ? null : LayerConfigs.list(sharedAxes));
        return c;
    }

    /** Rebuilds a PReLU from {@link #getConfig()}. */
    public static PReLU fromConfig(Map<String, Object> config) {
        ConfigReader r = LayerConfigs.reader("PReLU", config);
        r.requireInert("alpha_constraint", null);
        PReLU p = new PReLU();
        Initializer i = LayerConfigs.initializer(r, "alpha_initializer");
        if (i != null) p.alphaInitializer(i);
        p.alphaRegularizer(LayerConfigs.regularizer(r, "alpha_regularizer"));
        p.sharedAxes(config.get("shared_axes") instanceof Number ? r.getInts("shared_axes", 1) : r.getInts("shared_axes", -1));
        return LayerConfigs.restoreBase(p, r);
    }

    /** Keras' supports_masking: the mask of the input passes to the output unchanged. */
    @Override
    public boolean supportsMasking() {
        return true;
    }
}
