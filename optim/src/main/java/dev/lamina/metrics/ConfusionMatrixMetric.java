package dev.lamina.metrics;

import dev.lamina.tensor.ShapeMismatchException;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Map;

/**
 * Base of the threshold metrics (Precision, Recall, TruePositives, ...): accumulates weighted TP/FP/TN/FN for each
 * threshold. A prediction is positive iff strictly greater than the threshold; labels are cast to bool; a
 * {@code [batch]} sample weight spreads over the class axis. {@code topK} first keeps only each row's k largest
 * predictions (the others become -1e10, and the default threshold becomes -1e10); {@code classId} then restricts
 * the counts to one column. A list of thresholds gives one result per threshold ({@link #results()}).
 */
public abstract class ConfusionMatrixMetric extends Metric {
    private double[] initThresholds;   // as given; null = default
    private boolean thresholdList;
    private Integer topK;
    private Integer classId;
    private double[] thresholds;
    private double[] tp, fp, tn, fn;

    protected ConfusionMatrixMetric(String name) {
        super(name);
        applyThresholds();
    }

    /** One threshold in [0, 1]: {@link #result()} is its value. */
    protected void setThreshold(double threshold) {
        setThresholds(new double[]{threshold}, false);
    }

    /** Thresholds in [0, 1], or null for the default; {@code list} marks a list (Keras returns a list of results). */
    protected void setThresholds(double[] values, boolean list) {
        if (values != null) {
            if (values.length == 0) throw new IllegalArgumentException(className() + ": expected at least one threshold, received none");
            for (double t : values) {
                if (!(t >= 0 && t <= 1)) {
                    throw new IllegalArgumentException(className() + ": expected thresholds in [0, 1], received " + java.util.Arrays.toString(values));
                }
            }
        }
        initThresholds = values == null ? null : values.clone();
        thresholdList = list;
        applyThresholds();
    }

    protected void setTopK(Integer k) {
        if (k != null && k < 1) throw new IllegalArgumentException(className() + ": expected top_k >= 1, received top_k=" + k);
        topK = k;
        applyThresholds();
    }

    protected void setClassId(Integer id) {
        if (id != null && id < 0) throw new IllegalArgumentException(className() + ": expected class_id >= 0, received class_id=" + id);
        classId = id;
    }

    private void applyThresholds() {
        thresholds = initThresholds != null ? initThresholds.clone() : new double[]{topK == null ? 0.5 : Confusion.NEG_INF};
        resetState();
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        if (yTrue == null || yPred == null) throw new IllegalArgumentException(className() + ": expected y_true and y_pred tensors, received null");
        Tensor[] p = MetricSupport.sameRank(yPred.detach(), yTrue.detach(), true);
        Tensor pred = p[0], truth = p[1];
        if (!pred.shape().equals(truth.shape())) {
            throw new ShapeMismatchException(className(), "y_true and y_pred of the same shape", yTrue.shape(), yPred.shape());
        }
        int classes = pred.rank() == 0 ? 1 : pred.shape().last();
        if (classId != null && classId >= classes) {
            throw new IllegalArgumentException(className() + ": expected class_id in [0, " + classes + "), received class_id=" + classId);
        }
        if (topK != null) pred = Confusion.filterTopK(pred, topK);
        double[] w = MetricSupport.broadcastWeights(className(), sampleWeight, pred.shape());
        Confusion.direct(pred, truth, w, thresholds, 1, classId, classes, tp, fp, tn, fn);
    }

    /** One result per threshold. */
    public abstract double[] results();

    /** The result for the first threshold. */
    @Override
    public double result() {
        return results()[0];
    }

    @Override
    public void resetState() {
        int n = thresholds.length;
        tp = new double[n];
        fp = new double[n];
        tn = new double[n];
        fn = new double[n];
    }

    @Override
    public Map<String, double[]> stateVariables() {
        return state("true_positives", tp.clone(), "false_positives", fp.clone(), "true_negatives", tn.clone(), "false_negatives", fn.clone());
    }

    @Override
    public void assignStateVariables(Map<String, double[]> values) {
        double[][] v = requireState(values, thresholds.length, "true_positives", "false_positives", "true_negatives", "false_negatives");
        tp = v[0];
        fp = v[1];
        tn = v[2];
        fn = v[3];
    }

    /** The thresholds compared against (0.5 by default; -1e10 when top_k is set without thresholds). */
    public double[] thresholds() {
        return thresholds.clone();
    }

    public Integer topK() {
        return topK;
    }

    public Integer classId() {
        return classId;
    }

    public double[] truePositives() {
        return tp.clone();
    }

    public double[] falsePositives() {
        return fp.clone();
    }

    public double[] trueNegatives() {
        return tn.clone();
    }

    public double[] falseNegatives() {
        return fn.clone();
    }

    /** {@code a / (a + b)} per threshold, 0 where the denominator is 0 (Keras' {@code divide_no_nan}). */
    static double[] ratio(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < r.length; i++) {
            double d = a[i] + b[i];
            r[i] = d == 0 ? 0.0 : a[i] / d;
        }
        return r;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("thresholds", initThresholds == null ? null : thresholdList ? MetricSupport.list(initThresholds) : (Object) initThresholds[0]);
        return c;
    }

    /** Applies {@code thresholds} (number or list), {@code top_k} and {@code class_id} from a config. */
    static <M extends ConfusionMatrixMetric> M configure(M m, Map<String, Object> config) {
        ConfigReader r = ConfigReader.of(m.getClass().getSimpleName() + ".fromConfig", config);
        boolean list = r.has("thresholds") && config.get("thresholds") instanceof java.util.List;
        double[] th = r.getDoubles("thresholds");
        if (th != null) m.setThresholds(th, list);
        m.setTopK(r.getNullableInt("top_k"));
        m.setClassId(r.getNullableInt("class_id"));
        return MetricSupport.base(m, config);
    }
}
