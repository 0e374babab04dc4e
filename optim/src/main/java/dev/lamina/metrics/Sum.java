package dev.lamina.metrics;

import dev.lamina.tensor.Tensor;

import java.util.Map;

/** The running weighted sum {@code sum(w * v)} of the values (Keras' {@code Sum}); {@code y_true} is ignored. */
public class Sum extends Metric {
    private double total;

    public Sum() {
        this("sum");
    }

    public Sum(String name) {
        super(name);
    }

    public void update(double value, double weight) {
        total += value * weight;
    }

    /** Keras' {@code Sum.update_state(values, sample_weight)}. */
    public void updateValues(Tensor values, Tensor sampleWeight) {
        if (values == null) throw new IllegalArgumentException("Sum: expected values, received null");
        Tensor v = values.detach();
        double[] w = MetricSupport.broadcastWeights("Sum", sampleWeight, v.shape());
        for (int i = 0; i < v.size(); i++) total += w == null ? v.get(i) : v.get(i) * w[i];
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        updateValues(yPred, sampleWeight);
    }

    @Override
    public double result() {
        return total;
    }

    @Override
    public void resetState() {
        total = 0;
    }

    @Override
    public Map<String, double[]> stateVariables() {
        return state("total", new double[]{total});
    }

    @Override
    public void assignStateVariables(Map<String, double[]> values) {
        total = requireState(values, 1, "total")[0][0];
    }

    public static Sum fromConfig(Map<String, Object> config) {
        return MetricSupport.base(new Sum(), config);
    }
}
