package dev.lamina.layers;

import dev.lamina.activations.ActivationFunction;
import dev.lamina.activations.Activations;
import dev.lamina.initializers.Initializer;
import dev.lamina.initializers.Initializers;
import dev.lamina.regularizers.Regularizer;
import dev.lamina.tensor.Ops;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.Variable;
import dev.lamina.tensor.io.ConfigReader;

import java.util.List;
import java.util.Map;

/**
 * Keras' {@code BaseConv}: {@code activation(conv(x, kernel) + bias)} over channels_last inputs, with the kernel
 * stored as Keras stores it ({@code [k..., in, filters]}). {@link Conv1D} and {@link Conv2D} fix the spatial rank
 * and the op; {@code T} is the concrete class, so the fluent setters keep it.
 */
public abstract class BaseConv<T extends BaseConv<T>> extends Layer {
    private final int rank;
    private final int filters;
    private final int[] kernelSize;
    private int[] strides;
    private String padding = "valid";
    private int[] dilationRate;
    private ActivationFunction activation = Activations.LINEAR;
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializers.glorotUniform();
    private Initializer biasInitializer = Initializers.zeros();
    private Regularizer kernelRegularizer;
    private Regularizer biasRegularizer;
    private Variable kernel;
    private Variable bias;

    protected BaseConv(String baseName, int rank, int filters, int[] kernelSize) {
        super(baseName);
        String owner = getClass().getSimpleName();
        if (filters <= 0) throw new IllegalArgumentException(owner + ": expected filters > 0, received filters=" + filters);
        this.rank = rank;
        this.filters = filters;
        this.kernelSize = ConvArgs.tuple(owner, "kernel_size", kernelSize, rank);
        this.strides = ConvArgs.tuple(owner, "strides", new int[]{1}, rank);
        this.dilationRate = ConvArgs.tuple(owner, "dilation_rate", new int[]{1}, rank);
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

    @Override
    public T seed(long s) {
        super.seed(s);
        return self();
    }

    /** One stride for every spatial axis, or one per axis. Keras forbids strides > 1 together with dilation > 1. */
    public T strides(int... s) {
        requireNotBuilt("strides");
        int[] v = ConvArgs.tuple(className(), "strides", s, rank);
        checkStridesAndDilation(v, dilationRate);
        strides = v;
        return self();
    }

    /**
     * {@code "valid"} (no padding) or {@code "same"} (output length {@code ceil(n / stride)}); Conv1D also takes
     * {@code "causal"} (all padding before, so step t sees only steps up to t).
     */
    public T padding(String p) {
        requireNotBuilt("padding");
        padding = ConvArgs.padding(className(), p, rank == 1);
        return self();
    }

    public T dilationRate(int... d) {
        requireNotBuilt("dilation_rate");
        int[] v = ConvArgs.tuple(className(), "dilation_rate", d, rank);
        checkStridesAndDilation(strides, v);
        dilationRate = v;
        return self();
    }

    private void checkStridesAndDilation(int[] s, int[] d) {
        boolean strided = false, dilated = false;
        for (int i = 0; i < rank; i++) {
            strided |= s[i] > 1;
            dilated |= d[i] > 1;
        }
        if (strided && dilated) {
            throw new IllegalArgumentException(className() + ": expected strides of 1 when dilation_rate > 1 (or the reverse), received strides="
                    + ConvArgs.text(s) + ", dilation_rate=" + ConvArgs.text(d));
        }
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

    public T kernelInitializer(Initializer i) {
        requireNotBuilt("kernel_initializer");
        kernelInitializer = i;
        return self();
    }

    public T biasInitializer(Initializer i) {
        requireNotBuilt("bias_initializer");
        biasInitializer = i;
        return self();
    }

    public T kernelRegularizer(Regularizer r) {
        requireNotBuilt("kernel_regularizer");
        kernelRegularizer = r;
        return self();
    }

    public T biasRegularizer(Regularizer r) {
        requireNotBuilt("bias_regularizer");
        biasRegularizer = r;
        return self();
    }

    public int filters() {
        return filters;
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

    public Variable kernel() {
        return kernel;
    }

    public Variable bias() {
        return bias;
    }

    /** The convolution itself (the one call into ConvOps per subclass). */
    protected abstract Tensor convolve(Tensor x, Tensor kernel);

    /**
     * {@code act(convolve(x, kernel) + bias)} with {@code act} relu or the identity and {@code bias} possibly null;
     * Conv1D and Conv2D override it with the fused ConvOps op, which gives the same values with less work.
     */
    protected Tensor convolve(Tensor x, Tensor kernel, Tensor bias, boolean relu) {
        Tensor y = convolve(x, kernel);
        if (bias != null) y = Ops.add(y, bias);
        return relu ? Activations.RELU.apply(y) : y;
    }

    @Override
    protected void build(Shape in) {
        ConvArgs.checkRank(this, in, rank, rank == 1 ? "(batch, steps, channels)" : "(batch, height, width, channels)");
        if (in.last() == Shape.UNKNOWN) {
            throw new IllegalArgumentException(ConvArgs.who(this) + ": expected a known channel (last) dimension, received " + in);
        }
        kernel = addWeight("kernel", kernelShape(in.last()), kernelInitializer, true, kernelRegularizer);
        if (useBias) bias = addWeight("bias", Shape.of(filters), biasInitializer, true, biasRegularizer);
    }

    /** The kernel's shape for {@code inChannels} input channels: Keras' {@code kernel_size + (in, filters)}. */
    protected Shape kernelShape(int inChannels) {
        int[] k = new int[rank + 2];
        System.arraycopy(kernelSize, 0, k, 0, rank);
        k[rank] = inChannels;
        k[rank + 1] = filters;
        return Shape.of(k);
    }

    @Override
    protected void checkInput(Shape expected, Shape received) {
        super.checkInput(expected, received);
        ConvArgs.outputShape(this, received, kernelSize, strides, padding, dilationRate, filters);
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> in) {
        return List.of(ConvArgs.outputShape(this, in.get(0), kernelSize, strides, padding, dilationRate, filters));
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        boolean relu = activation == Activations.RELU;
        Tensor y = convolve(x, kernel.value(), bias == null ? null : bias.value(), relu);
        return relu ? y : activation.apply(y);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("filters", filters);
        c.put("kernel_size", LayerConfigs.list(kernelSize));
        c.put("strides", LayerConfigs.list(strides));
        c.put("padding", padding);
        c.put("data_format", ConvArgs.CHANNELS_LAST);
        c.put("dilation_rate", LayerConfigs.list(dilationRate));
        c.put("activation", activation.name());
        c.put("use_bias", useBias);
        c.put("kernel_initializer", LayerConfigs.serialize(kernelInitializer));
        c.put("bias_initializer", LayerConfigs.serialize(biasInitializer));
        c.put("kernel_regularizer", LayerConfigs.serialize(kernelRegularizer));
        c.put("bias_regularizer", LayerConfigs.serialize(biasRegularizer));
        return c;
    }

    /** Applies a config's optional entries (and name/trainable) to a freshly constructed layer; for fromConfig. */
    protected final T configure(Map<String, Object> c) {
        ConvArgs.channelsLast(className(), c);
        ConfigReader r = LayerConfigs.reader(className(), c);
        int[] s = r.getInts("strides", rank);
        if (s != null) strides(s);
        int[] d = r.getInts("dilation_rate", rank);
        if (d != null) dilationRate(d);
        padding(r.getString("padding", "valid"));
        activation(LayerConfigs.activation(r));
        useBias(r.getBoolean("use_bias", true));
        Initializer k = LayerConfigs.initializer(r, "kernel_initializer");
        if (k != null) kernelInitializer(k);
        Initializer b = LayerConfigs.initializer(r, "bias_initializer");
        if (b != null) biasInitializer(b);
        kernelRegularizer(LayerConfigs.regularizer(r, "kernel_regularizer"));
        biasRegularizer(LayerConfigs.regularizer(r, "bias_regularizer"));
        return LayerConfigs.restoreBase(self(), r);
    }
}
