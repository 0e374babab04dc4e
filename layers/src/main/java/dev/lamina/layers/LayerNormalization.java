package dev.lamina.layers;

import dev.lamina.initializers.Initializer;
import dev.lamina.initializers.Initializers;
import dev.lamina.regularizers.Regularizer;
import dev.lamina.tensor.ReduceOps;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.Variable;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Keras' {@code LayerNormalization}: normalizes each sample over {@code axis} (default -1) with its own mean and
 * (population) variance, then applies {@code gamma * x_hat + beta} per position of those axes. Training and inference
 * compute the same thing.
 */
public final class LayerNormalization extends Layer {
    private int[] axis = {-1};
    private double epsilon = 1e-3;
    private boolean center = true;
    private boolean scale = true;
    private Initializer betaInitializer = Initializers.zeros();
    private Initializer gammaInitializer = Initializers.ones();
    private Regularizer betaRegularizer;
    private Regularizer gammaRegularizer;
    private Variable gamma;
    private Variable beta;
    private int[] normAxes;            // axis, normalised against the built rank
    private int[] paramShape;          // the input's rank, 1 except along normAxes

    public LayerNormalization() {
        super("layer_normalization");
    }

    @Override
    public LayerNormalization name(String n) {
        super.name(n);
        return this;
    }

    @Override
    public LayerNormalization seed(long s) {
        super.seed(s);
        return this;
    }

    /** The axis or axes to normalize over (non-batch; default -1). */
    public LayerNormalization axis(int... a) {
        requireNotBuilt("axis");
        if (a.length == 0) throw new IllegalArgumentException("LayerNormalization: expected at least one axis, received none");
        axis = a.clone();
        return this;
    }

    public LayerNormalization epsilon(double e) {
        requireNotBuilt("epsilon");
        if (!(e >= 0)) throw new IllegalArgumentException("LayerNormalization: expected epsilon >= 0, received epsilon=" + e);
        epsilon = e;
        return this;
    }

    public LayerNormalization center(boolean c) {
        requireNotBuilt("center");
        center = c;
        return this;
    }

    public LayerNormalization scale(boolean s) {
        requireNotBuilt("scale");
        scale = s;
        return this;
    }

    public LayerNormalization betaInitializer(Initializer i) {
        requireNotBuilt("beta_initializer");
        betaInitializer = i;
        return this;
    }

    public LayerNormalization gammaInitializer(Initializer i) {
        requireNotBuilt("gamma_initializer");
        gammaInitializer = i;
        return this;
    }

    public LayerNormalization betaRegularizer(Regularizer r) {
        requireNotBuilt("beta_regularizer");
        betaRegularizer = r;
        return this;
    }

    public LayerNormalization gammaRegularizer(Regularizer r) {
        requireNotBuilt("gamma_regularizer");
        gammaRegularizer = r;
        return this;
    }

    public Variable gamma() {
        return gamma;
    }

    public Variable beta() {
        return beta;
    }

    @Override
    protected void build(Shape in) {
        normAxes = axes(in);
        paramShape = new int[in.rank()];
        Arrays.fill(paramShape, 1);
        int[] p = new int[normAxes.length];
        for (int k = 0; k < normAxes.length; k++) {
            int d = in.dim(normAxes[k]);
            if (d == Shape.UNKNOWN) {
                throw new IllegalArgumentException(ConvArgs.who(this) + ": expected known sizes along axis " + Arrays.toString(axis) + ", received " + in);
            }
            p[k] = d;
            paramShape[normAxes[k]] = d;
        }
        if (scale) gamma = addWeight("gamma", Shape.of(p), gammaInitializer, true, gammaRegularizer);
        if (center) beta = addWeight("beta", Shape.of(p), betaInitializer, true, betaRegularizer);
    }

    private int[] axes(Shape in) {
        int[] out = new int[axis.length];
        for (int k = 0; k < axis.length; k++) {
            if (axis[k] < -in.rank() || axis[k] >= in.rank() || in.axis(axis[k]) == 0) {
                throw new IllegalArgumentException(ConvArgs.who(this) + ": expected axis " + Arrays.toString(axis)
                        + " to name non-batch axes of the input, received " + in);
            }
            out[k] = in.axis(axis[k]);
        }
        Arrays.sort(out);
        for (int k = 1; k < out.length; k++) {
            if (out[k] == out[k - 1]) throw new IllegalArgumentException(ConvArgs.who(this) + ": axis " + Arrays.toString(axis) + " repeats an axis");
        }
        return out;
    }

    /** Same rank and the same sizes along the normalized axes. */
    @Override
    protected void checkInput(Shape expected, Shape received) {
        boolean ok = received.rank() == expected.rank();
        for (int k = 0; ok && k < normAxes.length; k++) ok = received.dim(normAxes[k]) == expected.dim(normAxes[k]);
        if (!ok) {
            throw new IllegalArgumentException(ConvArgs.who(this) + ": expected an input like " + expected + " along axis "
                    + Arrays.toString(axis) + ", received " + received);
        }
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> in) {
        return List.of(in.get(0));
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        Tensor mean = ReduceOps.mean(x, true, normAxes);
        Tensor variance = ReduceOps.variance(x, true, normAxes);
        return BatchNormalization.normalize(x, mean, variance, epsilon,
                gamma == null ? null : gamma.value().reshape(paramShape), beta == null ? null : beta.value().reshape(paramShape));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", axis.length == 1 ? (Object) axis[0] : LayerConfigs.list(axis));
        c.put("epsilon", epsilon);
        c.put("center", center);
        c.put("scale", scale);
        c.put("beta_initializer", LayerConfigs.serialize(betaInitializer));
        c.put("gamma_initializer", LayerConfigs.serialize(gammaInitializer));
        c.put("beta_regularizer", LayerConfigs.serialize(betaRegularizer));
        c.put("gamma_regularizer", LayerConfigs.serialize(gammaRegularizer));
        return c;
    }

    /** Rebuilds a LayerNormalization from {@link #getConfig()}. */
    public static LayerNormalization fromConfig(Map<String, Object> c) {
        ConfigReader r = LayerConfigs.reader("LayerNormalization", c);
        int[] axis = c.get("axis") instanceof Number ? r.getInts("axis", 1) : r.getInts("axis", -1);
        LayerNormalization l = new LayerNormalization()
                .axis(axis == null ? new int[]{-1} : axis)
                .epsilon(r.getDouble("epsilon", 1e-3))
                .center(r.getBoolean("center", true))
                .scale(r.getBoolean("scale", true))
                .betaRegularizer(LayerConfigs.regularizer(r, "beta_regularizer"))
                .gammaRegularizer(LayerConfigs.regularizer(r, "gamma_regularizer"));
        Initializer i;
        if ((i = LayerConfigs.initializer(r, "beta_initializer")) != null) l.betaInitializer(i);
        if ((i = LayerConfigs.initializer(r, "gamma_initializer")) != null) l.gammaInitializer(i);
        return LayerConfigs.restoreBase(l, r);
    }

    /** Keras' supports_masking: the mask of the input passes to the output unchanged. */
    @Override
    public boolean supportsMasking() {
        return true;
    }
}
