package dev.lamina.layers;

import dev.lamina.initializers.Initializer;
import dev.lamina.initializers.Initializers;
import dev.lamina.regularizers.Regularizer;
import dev.lamina.tensor.NoGrad;
import dev.lamina.tensor.Ops;
import dev.lamina.tensor.ReduceOps;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.Variable;
import dev.lamina.tensor.io.ConfigReader;

import java.util.List;
import java.util.Map;

/**
 * Keras' {@code BatchNormalization}: {@code gamma * (x - mean) / sqrt(var + epsilon) + beta} per feature of
 * {@code axis}. Training (with the layer trainable) uses the batch's mean and (population) variance over every other
 * axis and moves the non-trainable {@code moving_mean}/{@code moving_variance} towards them in place,
 * {@code moving = moving * momentum + batch * (1 - momentum)}; inference (or a frozen layer, as in Keras) uses the
 * moving statistics.
 */
public final class BatchNormalization extends Layer {
    private int axis = -1;
    private double momentum = 0.99;
    private double epsilon = 1e-3;
    private boolean center = true;
    private boolean scale = true;
    private Initializer betaInitializer = Initializers.zeros();
    private Initializer gammaInitializer = Initializers.ones();
    private Initializer movingMeanInitializer = Initializers.zeros();
    private Initializer movingVarianceInitializer = Initializers.ones();
    private Regularizer betaRegularizer;
    private Regularizer gammaRegularizer;
    private Variable gamma;
    private Variable beta;
    private Variable movingMean;
    private Variable movingVariance;
    private int[] reductionAxes;
    private int[] paramShape;          // the input's rank, 1 everywhere but at axis

    public BatchNormalization() {
        super("batch_normalization");
    }

    @Override
    public BatchNormalization name(String n) {
        super.name(n);
        return this;
    }

    @Override
    public BatchNormalization seed(long s) {
        super.seed(s);
        return this;
    }

    /** The feature axis (default -1, the channels of channels_last data). */
    public BatchNormalization axis(int a) {
        requireNotBuilt("axis");
        axis = a;
        return this;
    }

    public BatchNormalization momentum(double m) {
        requireNotBuilt("momentum");
        if (!(m >= 0 && m <= 1)) throw new IllegalArgumentException("BatchNormalization: expected 0 <= momentum <= 1, received momentum=" + m);
        momentum = m;
        return this;
    }

    public BatchNormalization epsilon(double e) {
        requireNotBuilt("epsilon");
        if (!(e >= 0)) throw new IllegalArgumentException("BatchNormalization: expected epsilon >= 0, received epsilon=" + e);
        epsilon = e;
        return this;
    }

    /** Whether to add the learned offset {@code beta}. */
    public BatchNormalization center(boolean c) {
        requireNotBuilt("center");
        center = c;
        return this;
    }

    /** Whether to multiply by the learned scale {@code gamma}. */
    public BatchNormalization scale(boolean s) {
        requireNotBuilt("scale");
        scale = s;
        return this;
    }

    public BatchNormalization betaInitializer(Initializer i) {
        requireNotBuilt("beta_initializer");
        betaInitializer = i;
        return this;
    }

    public BatchNormalization gammaInitializer(Initializer i) {
        requireNotBuilt("gamma_initializer");
        gammaInitializer = i;
        return this;
    }

    public BatchNormalization movingMeanInitializer(Initializer i) {
        requireNotBuilt("moving_mean_initializer");
        movingMeanInitializer = i;
        return this;
    }

    public BatchNormalization movingVarianceInitializer(Initializer i) {
        requireNotBuilt("moving_variance_initializer");
        movingVarianceInitializer = i;
        return this;
    }

    public BatchNormalization betaRegularizer(Regularizer r) {
        requireNotBuilt("beta_regularizer");
        betaRegularizer = r;
        return this;
    }

    public BatchNormalization gammaRegularizer(Regularizer r) {
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

    public Variable movingMean() {
        return movingMean;
    }

    public Variable movingVariance() {
        return movingVariance;
    }

    @Override
    protected void build(Shape in) {
        int ax = featureAxis(in);
        if (in.dim(ax) == Shape.UNKNOWN) {
            throw new IllegalArgumentException(ConvArgs.who(this) + ": expected axis " + axis + " of the input to have a known size, received " + in);
        }
        int dim = in.dim(ax);
        reductionAxes = new int[in.rank() - 1];
        paramShape = new int[in.rank()];
        for (int d = 0, k = 0; d < in.rank(); d++) {
            paramShape[d] = d == ax ? dim : 1;
            if (d != ax) reductionAxes[k++] = d;
        }
        Shape p = Shape.of(dim);
        if (scale) gamma = addWeight("gamma", p, gammaInitializer, true, gammaRegularizer);
        if (center) beta = addWeight("beta", p, betaInitializer, true, betaRegularizer);
        movingMean = addWeight("moving_mean", p, movingMeanInitializer, false, null);
        movingVariance = addWeight("moving_variance", p, movingVarianceInitializer, false, null);
    }

    private int featureAxis(Shape in) {
        if (in.rank() < 2 || axis < -in.rank() || axis >= in.rank() || in.axis(axis) == 0) {
            throw new IllegalArgumentException(ConvArgs.who(this) + ": expected an input of rank >= 2 with axis " + axis
                    + " a feature (non-batch) axis, received " + in);
        }
        return in.axis(axis);
    }

    /** Same rank and the same size along the feature axis (Keras' InputSpec(ndim, axes)). */
    @Override
    protected void checkInput(Shape expected, Shape received) {
        if (received.rank() != expected.rank() || received.dim(featureAxis(received)) != expected.dim(featureAxis(expected))) {
            throw new IllegalArgumentException(ConvArgs.who(this) + ": expected an input like " + expected + " (size "
                    + expected.dim(featureAxis(expected)) + " along axis " + axis + "), received " + received);
        }
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> in) {
        return List.of(in.get(0));
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        if (training && isTrainable()) {
            Tensor mean = ReduceOps.mean(x, true, reductionAxes);
            Tensor variance = ReduceOps.variance(x, true, reductionAxes);
            moveTowards(movingMean, mean);
            moveTowards(movingVariance, variance);
            return normalize(x, mean, variance, epsilon, param(gamma), param(beta));
        }
        return normalize(x, param(movingMean), param(movingVariance), epsilon, param(gamma), param(beta));
    }

    private Tensor param(Variable v) {
        return v == null ? null : v.value().reshape(paramShape);
    }

    /** Keras' moving-average rule, in float32 as Keras computes it: {@code m * momentum + b * (1 - momentum)}. */
    private void moveTowards(Variable moving, Tensor batch) {
        try (NoGrad ignored = NoGrad.enter()) {
            float[] m = moving.data();
            float mom = (float) momentum, rest = (float) (1.0 - momentum);
            for (int i = 0; i < m.length; i++) m[i] = m[i] * mom + batch.get(i) * rest;
        }
    }

    /** {@code (x - mean) / sqrt(variance + epsilon) * gamma + beta}, all broadcast; gamma and beta may be null. */
    static Tensor normalize(Tensor x, Tensor mean, Tensor variance, double epsilon, Tensor gamma, Tensor beta) {
        Tensor y = Ops.divide(Ops.subtract(x, mean), Ops.sqrt(Ops.add(variance, (float) epsilon)));
        if (gamma != null) y = Ops.multiply(y, gamma);
        if (beta != null) y = Ops.add(y, beta);
        return y;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", axis);
        c.put("momentum", momentum);
        c.put("epsilon", epsilon);
        c.put("center", center);
        c.put("scale", scale);
        c.put("beta_initializer", LayerConfigs.serialize(betaInitializer));
        c.put("gamma_initializer", LayerConfigs.serialize(gammaInitializer));
        c.put("moving_mean_initializer", LayerConfigs.serialize(movingMeanInitializer));
        c.put("moving_variance_initializer", LayerConfigs.serialize(movingVarianceInitializer));
        c.put("beta_regularizer", LayerConfigs.serialize(betaRegularizer));
        c.put("gamma_regularizer", LayerConfigs.serialize(gammaRegularizer));
        return c;
    }

    /** Rebuilds a BatchNormalization from {@link #getConfig()}. */
    public static BatchNormalization fromConfig(Map<String, Object> c) {
        ConfigReader r = LayerConfigs.reader("BatchNormalization", c);
        BatchNormalization b = new BatchNormalization()
                .axis(r.getInt("axis", -1))
                .momentum(r.getDouble("momentum", 0.99))
                .epsilon(r.getDouble("epsilon", 1e-3))
                .center(r.getBoolean("center", true))
                .scale(r.getBoolean("scale", true))
                .betaRegularizer(LayerConfigs.regularizer(r, "beta_regularizer"))
                .gammaRegularizer(LayerConfigs.regularizer(r, "gamma_regularizer"));
        Initializer i;
        if ((i = LayerConfigs.initializer(r, "beta_initializer")) != null) b.betaInitializer(i);
        if ((i = LayerConfigs.initializer(r, "gamma_initializer")) != null) b.gammaInitializer(i);
        if ((i = LayerConfigs.initializer(r, "moving_mean_initializer")) != null) b.movingMeanInitializer(i);
        if ((i = LayerConfigs.initializer(r, "moving_variance_initializer")) != null) b.movingVarianceInitializer(i);
        return LayerConfigs.restoreBase(b, r);
    }

    /** Keras' supports_masking: the mask of the input passes to the output unchanged. */
    @Override
    public boolean supportsMasking() {
        return true;
    }
}
