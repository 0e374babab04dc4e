package dev.lamina.layers;

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
 * Keras' {@code Embedding(input_dim, output_dim)}: looks up row {@code i} of an {@code (input_dim, output_dim)}
 * table for each integer index {@code i} (given as floats, cast to int as Keras casts), so an input of shape
 * {@code (batch, ...)} gives {@code (batch, ..., output_dim)}. The table's gradient is a scatter-add of the output
 * gradient into the looked-up rows. With {@code mask_zero} the index 0 is padding: the output carries the mask
 * {@code indices != 0} (Keras' {@code compute_mask}), which the layers after it use or pass on.
 */
public final class Embedding extends Layer {
    private final int inputDim;
    private final int outputDim;
    private Initializer embeddingsInitializer = Initializers.randomUniform(-0.05, 0.05);
    private Regularizer embeddingsRegularizer;
    private boolean maskZero;
    private Variable embeddings;

    public Embedding(int inputDim, int outputDim) {
        super("embedding");
        if (inputDim <= 0) throw new IllegalArgumentException("Embedding: expected input_dim > 0, received input_dim=" + inputDim);
        if (outputDim <= 0) throw new IllegalArgumentException("Embedding: expected output_dim > 0, received output_dim=" + outputDim);
        this.inputDim = inputDim;
        this.outputDim = outputDim;
    }

    @Override
    public Embedding name(String n) {
        super.name(n);
        return this;
    }

    @Override
    public Embedding seed(long s) {
        super.seed(s);
        return this;
    }

    public Embedding embeddingsInitializer(Initializer i) {
        requireNotBuilt("embeddings_initializer");
        embeddingsInitializer = i;
        return this;
    }

    public Embedding embeddingsRegularizer(Regularizer r) {
        requireNotBuilt("embeddings_regularizer");
        embeddingsRegularizer = r;
        return this;
    }

    /** Keras' {@code mask_zero}: index 0 is padding, masked in the output (so input_dim counts it). */
    public Embedding maskZero(boolean b) {
        requireNotBuilt("mask_zero");
        maskZero = b;
        return this;
    }

    public boolean maskZero() {
        return maskZero;
    }

    public int inputDim() {
        return inputDim;
    }

    public int outputDim() {
        return outputDim;
    }

    public Variable embeddings() {
        return embeddings;
    }

    @Override
    protected void build(Shape in) {
        checkInput(in, in);
        embeddings = addWeight("embeddings", Shape.of(inputDim, outputDim), embeddingsInitializer, true, embeddingsRegularizer);
    }

    /** Any index tensor with a batch axis: the table does not depend on the input shape. */
    @Override
    protected void checkInput(Shape expected, Shape received) {
        if (received.rank() < 1) throw new IllegalArgumentException(ConvArgs.who(this) + ": expected indices with a batch axis, received " + received);
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> in) {
        int[] d = in.get(0).toArray();
        int[] out = java.util.Arrays.copyOf(d, d.length + 1);
        out[d.length] = outputDim;
        return List.of(Shape.of(out));
    }

    /** Every index of a whole input array, before the first batch. */
    @Override
    public void checkInputData(int input, Tensor data) {
        indices(data);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        Tensor rows = Ops.gather(embeddings.value(), indices(x));
        return rows.reshape(computeOutputShapes(List.of(x.shape())).get(0).toArray());
    }

    /** {@code indices != 0} with mask_zero (0/1, the indices' shape), else null. */
    @Override
    protected Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        if (!maskZero) return null;
        Tensor x = inputs.get(0);
        float[] m = new float[x.size()];
        for (int i = 0; i < m.length; i++) m[i] = (int) x.get(i) != 0 ? 1f : 0f;
        return Tensor.of(m, x.shape());
    }

    /** The indices as ints (cast as Keras casts); throws naming the first one outside {@code [0, input_dim)}. */
    private int[] indices(Tensor x) {
        int[] idx = new int[x.size()];
        for (int i = 0; i < idx.length; i++) {
            float v = x.get(i);
            int k = (int) v;
            if (Float.isNaN(v) || k < 0 || k >= inputDim) {
                throw new IllegalArgumentException(ConvArgs.who(this) + ": expected indices in [0, " + inputDim + "), received " + v + " at flat index " + i);
            }
            idx[i] = k;
        }
        return idx;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("input_dim", inputDim);
        c.put("output_dim", outputDim);
        c.put("embeddings_initializer", LayerConfigs.serialize(embeddingsInitializer));
        c.put("embeddings_regularizer", LayerConfigs.serialize(embeddingsRegularizer));
        c.put("mask_zero", maskZero);
        return c;
    }

    /** Rebuilds an Embedding from {@link #getConfig()}. */
    public static Embedding fromConfig(Map<String, Object> c) {
        ConfigReader r = LayerConfigs.reader("Embedding", c);
        Embedding e = new Embedding(r.requireInt("input_dim"), r.requireInt("output_dim"))
                .embeddingsRegularizer(LayerConfigs.regularizer(r, "embeddings_regularizer"))
                .maskZero(r.getBoolean("mask_zero", false));
        Initializer i = LayerConfigs.initializer(r, "embeddings_initializer");
        if (i != null) e.embeddingsInitializer(i);
        return LayerConfigs.restoreBase(e, r);
    }
}
