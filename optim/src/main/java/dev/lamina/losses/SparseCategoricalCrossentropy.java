package dev.lamina.losses;

import dev.lamina.tensor.NnOps;
import dev.lamina.tensor.Ops;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.ShapeMismatchException;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Arrays;
import java.util.Map;

/**
 * Categorical cross-entropy for integer class labels: {@code y_true} is shaped like {@code y_pred} without its
 * class axis ({@code (batch,)}), or with a trailing 1 ({@code (batch, 1)}). With {@code fromLogits} it uses the
 * fused {@link NnOps#sparseSoftmaxCrossEntropyWithLogits}; on probabilities, the renormalised and clipped
 * probability of the label. Labels equal to {@code ignoreClass} cost 0 and do not count in
 * {@code sum_over_batch_size} (Keras' mask).
 */
public class SparseCategoricalCrossentropy extends Loss {
    private boolean fromLogits;
    private Integer ignoreClass;

    public SparseCategoricalCrossentropy() {
        super("sparse_categorical_crossentropy");
    }

    public SparseCategoricalCrossentropy(boolean fromLogits) {
        this();
        this.fromLogits = fromLogits;
    }

    public boolean fromLogits() {
        return fromLogits;
    }

    public SparseCategoricalCrossentropy fromLogits(boolean fromLogits) {
        this.fromLogits = fromLogits;
        return this;
    }

    /** The ignored label, or null. */
    public Integer ignoreClass() {
        return ignoreClass;
    }

    public SparseCategoricalCrossentropy ignoreClass(Integer ignoreClass) {
        this.ignoreClass = ignoreClass;
        return this;
    }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor labels = labels(yTrue, yPred);
        int classes = yPred.shape().last();
        Tensor ce = fromLogits
                ? NnOps.sparseSoftmaxCrossEntropyWithLogits(yPred, labels)
                : CategoricalCrossentropy.probabilityCrossEntropy(Tensor.oneHot(labels, classes), yPred);
        Tensor mask = validMask(yTrue, yPred);
        return mask == null ? ce : Ops.multiply(ce, mask);
    }

    /** The shape check of every loss, then every label in {@code [0, classes)} (or the ignored class), by flat index. */
    @Override
    public void checkTargets(Tensor yTrue, Shape yPredShape) {
        super.checkTargets(yTrue, yPredShape);
        int classes = yPredShape.rank() == 0 ? Shape.UNKNOWN : yPredShape.last();
        if (classes < 0) return;
        for (int i = 0; i < yTrue.size(); i++) {
            float v = yTrue.get(i);
            if (ignoreClass == null || v != ignoreClass) LossSupport.checkLabel(className(), v, classes, i);
        }
    }

    @Override
    protected Tensor validMask(Tensor yTrue, Tensor yPred) {
        if (ignoreClass == null) return null;
        Tensor t = squeezed(yTrue, yPred);
        float[] m = new float[t.size()];
        for (int i = 0; i < m.length; i++) m[i] = t.get(i) == ignoreClass ? 0f : 1f;
        return Tensor.of(m, t.shape());
    }

    /** Validated class indices shaped {@code y_pred.shape[:-1]}; ignored labels become class 0 (masked later). */
    private Tensor labels(Tensor yTrue, Tensor yPred) {
        Tensor t = squeezed(yTrue, yPred);
        int classes = yPred.shape().last();
        float[] out = new float[t.size()];
        for (int i = 0; i < out.length; i++) {
            float v = t.get(i);
            if (ignoreClass != null && v == ignoreClass) continue;
            LossSupport.checkLabel(className(), v, classes, i);
            out[i] = v;
        }
        return Tensor.of(out, t.shape());
    }

    private Tensor squeezed(Tensor yTrue, Tensor yPred) {
        Shape ps = yPred.shape();
        if (ps.rank() == 0) throw new IllegalArgumentException(className() + ": expected y_pred with a class axis, received a scalar");
        int[] batch = Arrays.copyOf(ps.toArray(), ps.rank() - 1);
        Shape ts = yTrue.shape();
        if (ts.equals(Shape.of(batch))) return yTrue.detach();
        if (ts.rank() == ps.rank() && ts.last() == 1 && Shape.of(LossSupport.dropLast(ts)).equals(Shape.of(batch))) {
            return yTrue.detach().reshape(batch);
        }
        throw new ShapeMismatchException(className(), "y_true of y_pred's shape without its class axis (class indices), optionally with a trailing 1",
                ts, ps);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("from_logits", fromLogits);
        c.put("ignore_class", ignoreClass == null ? null : (Object) ignoreClass.longValue());
        return c;
    }

    public static SparseCategoricalCrossentropy fromConfig(Map<String, Object> config) {
        SparseCategoricalCrossentropy l = new SparseCategoricalCrossentropy(ConfigReader.of("SparseCategoricalCrossentropy.fromConfig", config).getBoolean("from_logits", false))
                .ignoreClass(ConfigReader.of("SparseCategoricalCrossentropy.fromConfig", config).getNullableInt("ignore_class"));
        return LossSupport.base(l, config);
    }
}
