package dev.lamina.layers;

import dev.lamina.activations.ActivationFunction;
import dev.lamina.activations.Activations;
import dev.lamina.initializers.Initializer;
import dev.lamina.initializers.Initializers;
import dev.lamina.regularizers.Regularizer;
import dev.lamina.tensor.NnOps;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.Variable;
import dev.lamina.tensor.io.ConfigReader;

import java.util.List;
import java.util.Map;

/** Keras' {@code Dense}: {@code activation(x · kernel + bias)} over the last axis. */
public final class Dense extends Layer {
    private final int units;
    private ActivationFunction activation = Activations.LINEAR;
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializers.glorotUniform();
    private Initializer biasInitializer = Initializers.zeros();
    private Regularizer kernelRegularizer;
    private Regularizer biasRegularizer;
    private Variable kernel;
    private Variable bias;

    public Dense(int units) {
        super("dense");
        if (units <= 0) throw new IllegalArgumentException("Dense: expected units > 0, received units=" + units);
        this.units = units;
    }

    @Override
    public Dense name(String n) {
        super.name(n);
        return this;
    }

    @Override
    public Dense seed(long s) {
        super.seed(s);
        return this;
    }

    public Dense activation(String id) {
        return activation(Activations.get(id));
    }

    public Dense activation(ActivationFunction a) {
        requireNotBuilt("activation");
        activation = a;
        return this;
    }

    public Dense useBias(boolean b) {
        requireNotBuilt("use_bias");
        useBias = b;
        return this;
    }

    public Dense kernelInitializer(Initializer i) {
        requireNotBuilt("kernel_initializer");
        kernelInitializer = i;
        return this;
    }

    public Dense biasInitializer(Initializer i) {
        requireNotBuilt("bias_initializer");
        biasInitializer = i;
        return this;
    }

    public Dense kernelRegularizer(Regularizer r) {
        requireNotBuilt("kernel_regularizer");
        kernelRegularizer = r;
        return this;
    }

    public Dense biasRegularizer(Regularizer r) {
        requireNotBuilt("bias_regularizer");
        biasRegularizer = r;
        return this;
    }

    public int units() {
        return units;
    }

    public Variable kernel() {
        return kernel;
    }

    public Variable bias() {
        return bias;
    }

    @Override
    protected void build(Shape in) {
        if (in.rank() < 2 || in.last() == Shape.UNKNOWN) {
            throw new IllegalArgumentException("Dense '" + name() + "': expected an input of rank >= 2 with a known last dimension, received " + in);
        }
        kernel = addWeight("kernel", Shape.of(in.last(), units), kernelInitializer, true, kernelRegularizer);
        if (useBias) bias = addWeight("bias", Shape.of(units), biasInitializer, true, biasRegularizer);
    }

    @Override
    protected void checkInput(Shape expected, Shape received) {
        if (received.rank() < 2 || received.last() != expected.last()) {
            throw new IllegalArgumentException("Dense '" + name() + "': expected last dimension " + expected.last() + ", received " + received);
        }
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> in) {
        return List.of(in.get(0).withDim(-1, units));
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        // One fused op for matmul + bias (+ relu); other activations run on its output.
        boolean relu = activation == Activations.RELU;
        Tensor y = NnOps.dense(x, kernel.value(), bias == null ? null : bias.value(), relu);
        return relu ? y : activation.apply(y);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("units", units);
        c.put("activation", activation.name());
        c.put("use_bias", useBias);
        c.put("kernel_initializer", LayerConfigs.serialize(kernelInitializer));
        c.put("bias_initializer", LayerConfigs.serialize(biasInitializer));
        c.put("kernel_regularizer", LayerConfigs.serialize(kernelRegularizer));
        c.put("bias_regularizer", LayerConfigs.serialize(biasRegularizer));
        return c;
    }

    /** Rebuilds a Dense from {@link #getConfig()}. */
    public static Dense fromConfig(Map<String, Object> c) {
        ConfigReader r = LayerConfigs.reader("Dense", c);
        Dense d = new Dense(r.requireInt("units"))
                .activation(LayerConfigs.activation(r))
                .useBias(r.getBoolean("use_bias", true))
                .kernelRegularizer(LayerConfigs.regularizer(r, "kernel_regularizer"))
                .biasRegularizer(LayerConfigs.regularizer(r, "bias_regularizer"));
        Initializer k = LayerConfigs.initializer(r, "kernel_initializer");
        if (k != null) d.kernelInitializer(k);
        Initializer b = LayerConfigs.initializer(r, "bias_initializer");
        if (b != null) d.biasInitializer(b);
        return LayerConfigs.restoreBase(d, r);
    }

    /** Keras' supports_masking: the mask of the input passes to the output unchanged. */
    @Override
    public boolean supportsMasking() {
        return true;
    }
}
