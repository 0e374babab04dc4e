package dev.lamina.layers;

import dev.lamina.activations.ActivationFunction;
import dev.lamina.activations.Activations;
import dev.lamina.initializers.Initializer;
import dev.lamina.initializers.Initializers;
import dev.lamina.regularizers.Regularizer;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.SpatialOps;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.Variable;
import dev.lamina.tensor.io.ConfigReader;

import java.util.List;
import java.util.Map;

/**
 * The depthwise half shared by {@link DepthwiseConv2D} and {@link SeparableConv2D}: each input channel convolved
 * with its own {@code depth_multiplier} filters of a {@code (kernel_h, kernel_w, channels, depth_multiplier)}
 * kernel, over channels_last inputs, with Conv2D's strides, padding and dilation rules. {@code T} is the
 * concrete class, so the fluent setters keep it.
 */
public abstract class BaseDepthwiseConv<T extends BaseDepthwiseConv<T>> extends Layer {
    private final int[] kernelSize;
    private int[] strides = {1, 1};
    private String padding = "valid";
    private int[] dilationRate = {1, 1};
    private int depthMultiplier = 1;
    private ActivationFunction activation = Activations.LINEAR;
    private boolean useBias = true;
    private Initializer depthwiseInitializer = Initializers.glorotUniform();
    private Initializer biasInitializer = Initializers.zeros();
    private Regularizer depthwiseRegularizer;
    private Regularizer biasRegularizer;

    protected BaseDepthwiseConv(String baseName, int[] kernelSize) {
        super(baseName);
        this.kernelSize = ConvArgs.tuple(getClass().getSimpleName(), "kernel_size", kernelSize, 2);
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

    @Override
    public T seed(long s) {
        super.seed(s);
        return self();
    }

    public T strides(int... s) {
        requireNotBuilt("strides");
        int[] v = ConvArgs.tuple(className(), "strides", s, 2);
        checkStridesAndDilation(v, dilationRate);
        strides = v;
        return self();
    }

    public T padding(String p) {
        requireNotBuilt("padding");
        padding = ConvArgs.padding(className(), p, false);
        return self();
    }

    public T dilationRate(int... d) {
        requireNotBuilt("dilation_rate");
        int[] v = ConvArgs.tuple(className(), "dilation_rate", d, 2);
        checkStridesAndDilation(strides, v);
        dilationRate = v;
        return self();
    }

    private void checkStridesAndDilation(int[] s, int[] d) {
        if ((s[0] > 1 || s[1] > 1) && (d[0] > 1 || d[1] > 1)) {
            throw new IllegalArgumentException(className() + ": expected strides of 1 when dilation_rate > 1 (or the reverse), received strides="
                    + ConvArgs.text(s) + ", dilation_rate=" + ConvArgs.text(d));
        }
    }

    public T depthMultiplier(int m) {
        requireNotBuilt("depth_multiplier");
        if (m < 1) throw new IllegalArgumentException(className() + ": expected depth_multiplier > 0, received depth_multiplier=" + m);
        depthMultiplier = m;
        return self();
    }

    public T activation(String id) {
        return activation(Activations.get(id));
    }

    public T activation(ActivationFunction a) {
        requireNotBuilt("activation");
        activation = a == null ? Activations.LINEAR : a;
        return self();
    }

    public T useBias(boolean b) {
        requireNotBuilt("use_bias");
        useBias = b;
        return self();
    }

    public T depthwiseInitializer(Initializer i) {
        requireNotBuilt("depthwise_initializer");
        depthwiseInitializer = i;
        return self();
    }

    public T biasInitializer(Initializer i) {
        requireNotBuilt("bias_initializer");
        biasInitializer = i;
        return self();
    }

    public T depthwiseRegularizer(Regularizer r) {
        requireNotBuilt("depthwise_regularizer");
        depthwiseRegularizer = r;
        return self();
    }

    public T biasRegularizer(Regularizer r) {
        requireNotBuilt("bias_regularizer");
        biasRegularizer = r;
        return self();
    }

    public int[] kernelSize() {
        return kernelSize.clone();
    }

    public int[] strides() {
        return strides.clone();
    }

    public String padding() {
        return padding;
    }

    public int[] dilationRate() {
        return dilationRate.clone();
    }

    public int depthMultiplier() {
        return depthMultiplier;
    }

    protected final boolean useBias() {
        return useBias;
    }

    protected final ActivationFunction activationFunction() {
        return activation;
    }

    /** Creates the depthwise kernel under {@code weightName}; for build. */
    protected final Variable addDepthwiseKernel(String weightName, int channels) {
        return addWeight(weightName, Shape.of(kernelSize[0], kernelSize[1], channels, depthMultiplier), depthwiseInitializer, true, depthwiseRegularizer);
    }

    /** Creates the bias of {@code n} values; for build. */
    protected final Variable addBias(int n) {
        return addWeight("bias", Shape.of(n), biasInitializer, true, biasRegularizer);
    }

    protected final Tensor depthwise(Tensor x, Tensor kernel) {
        return SpatialOps.depthwiseConv2d(x, kernel, strides, padding, dilationRate);
    }

    /** The number of output channels for {@code channels} input channels. */
    protected abstract int outputChannels(int channels);

    protected final void checkChannels(Shape in) {
        ConvArgs.checkRank(this, in, 2, "(batch, height, width, channels)");
        if (in.last() == Shape.UNKNOWN) {
            throw new IllegalArgumentException(ConvArgs.who(this) + ": expected a known channel (last) dimension, received " + in);
        }
    }

    @Override
    protected void checkInput(Shape expected, Shape received) {
        super.checkInput(expected, received);
        ConvArgs.outputShape(this, received, kernelSize, strides, padding, dilationRate, outputChannels(received.last()));
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> in) {
        Shape s = in.get(0);
        return List.of(ConvArgs.outputShape(this, s, kernelSize, strides, padding, dilationRate, outputChannels(s.last())));
    }

    /** The depthwise entries of Keras' config, in Keras' order, after {@code name} and {@code trainable}. */
    protected final void putDepthwiseConfig(Map<String, Object> c) {
        c.put("kernel_size", LayerConfigs.list(kernelSize));
        c.put("strides", LayerConfigs.list(strides));
        c.put("padding", padding);
        c.put("data_format", ConvArgs.CHANNELS_LAST);
        c.put("dilation_rate", LayerConfigs.list(dilationRate));
        c.put("depth_multiplier", depthMultiplier);
        c.put("activation", activation.name());
        c.put("use_bias", useBias);
        c.put("depthwise_initializer", LayerConfigs.serialize(depthwiseInitializer));
        c.put("bias_initializer", LayerConfigs.serialize(biasInitializer));
        c.put("depthwise_regularizer", LayerConfigs.serialize(depthwiseRegularizer));
        c.put("bias_regularizer", LayerConfigs.serialize(biasRegularizer));
    }

    /** Applies a config's optional depthwise entries (and name/trainable) to a fresh layer; for fromConfig. */
    protected final T configure(Map<String, Object> c) {
        ConvArgs.channelsLast(className(), c);
        ConfigReader r = LayerConfigs.reader(className(), c);
        int[] s = r.getInts("strides", 2);
        if (s != null) strides(s);
        int[] d = r.getInts("dilation_rate", 2);
        if (d != null) dilationRate(d);
        padding(r.getString("padding", "valid"));
        depthMultiplier(r.getInt("depth_multiplier", 1));
        activation(LayerConfigs.activation(r));
        useBias(r.getBoolean("use_bias", true));
        Initializer k = LayerConfigs.initializer(r, "depthwise_initializer");
        if (k != null) depthwiseInitializer(k);
        Initializer b = LayerConfigs.initializer(r, "bias_initializer");
        if (b != null) biasInitializer(b);
        depthwiseRegularizer(LayerConfigs.regularizer(r, "depthwise_regularizer"));
        biasRegularizer(LayerConfigs.regularizer(r, "bias_regularizer"));
        return LayerConfigs.restoreBase(self(), r);
    }
}
