package dev.lamina.metrics;

import dev.lamina.tensor.Tensor;

import java.util.Map;

/**
 * The weighted running mean {@code sum(w * v) / sum(w)} (Keras' {@code Mean}); unlike a loss it divides by the sum
 * of the weights. Multi-dimensional values are first averaged per sample. The training loop uses one as its loss
 * tracker through {@link #update(double, double)} with the batch size as weight. Subclasses (Keras'
 * {@code MeanMetricWrapper}s) override {@link #values} to turn {@code (y_true, y_pred)} into per-sample values.
 */
public class Mean extends Metric {
    private double total;
    private double count;

    public Mean() {
        this("mean");
    }

    public Mean(String name) {
        super(name);
    }

    /** Adds {@code value} with weight {@code weight}. */
    public void update(double value, double weight) {
        total += value * weight;
        count += weight;
    }

    public void update(double value) {
        update(value, 1.0);
    }

    /** Keras' {@code Mean.update_state(values, sample_weight)}; {@code sampleWeight} may be null. */
    public void updateValues(Tensor values, Tensor sampleWeight) {
        if (values == null) throw new IllegalArgumentException(className() + ": expected values, received null");
        double[] tc = MetricSupport.samplewiseTotals(className(), values, sampleWeight);
        total += tc[0];
        count += tc[1];
    }

    /** Folds in {@link #values}{@code (yTrue, yPred)}; a plain {@code Mean} averages {@code yPred} itself. */
    @Override
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        updateValues(values(yTrue, yPred), sampleWeight);
    }

    /**
     * Keras' {@code MeanMetricWrapper} with a mask: the mask (rank-aligned as Keras aligns weights) multiplies the
     * sample weights, or is the weight without them, so the mean is over the unmasked entries only.
     */
    @Override
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight, Tensor mask) {
        if (mask == null) {
            updateState(yTrue, yPred, sampleWeight);
            return;
        }
        Tensor m = mask.detach();
        if (sampleWeight != null) {
            Tensor[] p = MetricSupport.sameRank(m, sampleWeight.detach(), true);
            if (p[1].rank() > p[0].rank()) {
                throw new dev.lamina.tensor.ShapeMismatchException(className(), "a sample_weight that broadcasts to the mask", sampleWeight.shape(), mask.shape());
            }
            double[] w = MetricSupport.broadcastWeights(className(), p[1], p[0].shape());
            float[] mw = new float[w.length];
            for (int i = 0; i < mw.length; i++) mw[i] = (float) (w[i] * (p[0].get(i) != 0f ? 1 : 0));
            m = Tensor.of(mw, p[0].shape());
        }
        updateValues(values(yTrue, yPred), m);
    }

    /** The per-sample (or per-element) values a batch contributes; {@code Mean} itself uses {@code yPred}. */
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return yPred;
    }

    /** {@code total / count}, or 0 before any weight was seen (Keras' {@code divide_no_nan}). */
    @Override
    public double result() {
        return count == 0 ? 0.0 : total / count;
    }

    @Override
    public void resetState() {
        total = 0;
        count = 0;
    }

    @Override
    public Map<String, double[]> stateVariables() {
        return state("total", new double[]{total}, "count", new double[]{count});
    }

    @Override
    public void assignStateVariables(Map<String, double[]> values) {
        double[][] v = requireState(values, 1, "total", "count");
        total = v[0][0];
        count = v[1][0];
    }

    /** The weighted sum of values seen (Keras' {@code total} variable). */
    public double total() {
        return total;
    }

    /** The sum of weights seen (Keras' {@code count} variable). */
    public double count() {
        return count;
    }

    public static Mean fromConfig(Map<String, Object> config) {
        return MetricSupport.base(new Mean(), config);
    }
}
