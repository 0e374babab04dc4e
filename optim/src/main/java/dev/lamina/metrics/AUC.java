package dev.lamina.metrics;

import dev.lamina.tensor.ShapeMismatchException;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Area under the ROC or PR curve, approximated from confusion counts at {@code numThresholds} thresholds
 * {@code [-1e-7, 1/(n-1), ..., (n-2)/(n-1), 1+1e-7]} (or the user's sorted thresholds between the same two
 * sentinels). ROC uses the trapezoid ({@code interpolation}) or {@code minoring}/{@code majoring} heights over
 * FPR; PR with {@code interpolation} uses the Davis-Goadrich closed form (tf-keras {@code interpolate_pr_auc}).
 * {@code multiLabel} keeps one curve per label and averages their areas ({@code labelWeights}-weighted if given);
 * otherwise every element counts as one prediction, weighted by {@code labelWeights} per class.
 */
public class AUC extends Metric {
    private static final double EPSILON = 1e-7;
    private int numThresholds = 200;
    private String curve = "ROC";
    private String summationMethod = "interpolation";
    private double[] initThresholds;
    private boolean multiLabel;
    private Integer numLabels;
    private double[] labelWeights;
    private boolean fromLogits;

    private double[] thresholds;
    private boolean evenlyDistributed;
    private int labels;                 // label columns of the state; 0 until known
    private double[] tp, fp, tn, fn;    // [threshold * labels + label]

    public AUC() {
        super("auc");
        rebuild();
    }

    public AUC numThresholds(int n) {
        if (n <= 1) throw new IllegalArgumentException("AUC: expected num_thresholds > 1, received num_thresholds=" + n);
        numThresholds = n;
        initThresholds = null;
        return rebuild();
    }

    /** {@code "ROC"} or {@code "PR"} (case-insensitive). */
    public AUC curve(String curve) {
        String c = curve == null ? "" : curve.toUpperCase(Locale.ROOT);
        if (!c.equals("ROC") && !c.equals("PR")) throw new IllegalArgumentException("AUC: expected curve 'ROC' or 'PR', received " + curve);
        this.curve = c;
        return this;
    }

    /** {@code "interpolation"}, {@code "minoring"} or {@code "majoring"}. */
    public AUC summationMethod(String method) {
        String m = method == null ? "" : method.toLowerCase(Locale.ROOT);
        if (!m.equals("interpolation") && !m.equals("minoring") && !m.equals("majoring")) {
            throw new IllegalArgumentException("AUC: expected summation_method 'interpolation', 'minoring' or 'majoring', received " + method);
        }
        summationMethod = m;
        return this;
    }

    /** Explicit thresholds in [0, 1] (sorted, sentinels added); overrides {@code numThresholds}. */
    public AUC thresholds(double... values) {
        if (values == null || values.length == 0) throw new IllegalArgumentException("AUC: expected at least one threshold, received none");
        for (double t : values) {
            if (!(t >= 0 && t <= 1)) throw new IllegalArgumentException("AUC: expected thresholds in [0, 1], received " + Arrays.toString(values));
        }
        initThresholds = values.clone();
        Arrays.sort(initThresholds);
        numThresholds = initThresholds.length + 2;
        return rebuild();
    }

    public AUC multiLabel(boolean multiLabel) {
        this.multiLabel = multiLabel;
        return rebuild();
    }

    public AUC numLabels(Integer numLabels) {
        if (numLabels != null && numLabels < 1) throw new IllegalArgumentException("AUC: expected num_labels >= 1, received num_labels=" + numLabels);
        this.numLabels = numLabels;
        return rebuild();
    }

    public AUC labelWeights(double... weights) {
        if (weights != null) {
            for (double w : weights) {
                if (!(w >= 0)) throw new IllegalArgumentException("AUC: expected non-negative label_weights, received " + Arrays.toString(weights));
            }
        }
        labelWeights = weights == null ? null : weights.clone();
        return this;
    }

    public AUC fromLogits(boolean fromLogits) {
        this.fromLogits = fromLogits;
        return this;
    }

    private AUC rebuild() {
        thresholds = new double[numThresholds];
        if (initThresholds == null) {
            for (int i = 1; i < numThresholds - 1; i++) thresholds[i] = i / (double) (numThresholds - 1);
            evenlyDistributed = true;
        } else {
            System.arraycopy(initThresholds, 0, thresholds, 1, initThresholds.length);
            evenlyDistributed = isEvenlyDistributed(initThresholds);
        }
        thresholds[0] = -EPSILON;
        thresholds[numThresholds - 1] = 1 + EPSILON;
        labels = multiLabel ? (numLabels == null ? 0 : numLabels) : 1;
        resetState();
        return this;
    }

    /** Keras' check on {@code [0] + thresholds + [1]} against an even grid (atol 1e-7). */
    private static boolean isEvenlyDistributed(double[] inner) {
        int n = inner.length + 2;
        if (n < 3) return false;
        for (int i = 0; i < n; i++) {
            double v = i == 0 ? 0 : i == n - 1 ? 1 : inner[i - 1];
            if (Math.abs(v - i / (double) (n - 1)) > EPSILON) return false;
        }
        return true;
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        if (yTrue == null || yPred == null) throw new IllegalArgumentException("AUC: expected y_true and y_pred tensors, received null");
        Tensor[] p = MetricSupport.sameRank(yPred.detach(), yTrue.detach(), true);
        Tensor pred = p[0], truth = p[1];
        if (!pred.shape().equals(truth.shape())) throw new ShapeMismatchException("AUC", "y_true and y_pred of the same shape", yTrue.shape(), yPred.shape());
        if (fromLogits) pred = sigmoid(pred);
        int cols = pred.rank() < 2 ? 1 : pred.size() / Math.max(1, pred.shape().dim(0));
        if (multiLabel) {
            if (pred.rank() < 2) throw new IllegalArgumentException("AUC: multi_label expects y_pred of shape (batch, labels), received " + yPred.shape());
            if (labels == 0) {
                labels = cols;
                resetState();
            } else if (labels != cols) {
                throw new IllegalArgumentException("AUC: expected " + labels + " labels (num_labels), received y_pred of shape " + yPred.shape());
            }
        }
        double[] w = MetricSupport.broadcastWeights("AUC", sampleWeight, pred.shape());
        if (!multiLabel && labelWeights != null) {
            int classes = pred.rank() == 0 ? 1 : pred.shape().last();
            if (labelWeights.length != classes) {
                throw new IllegalArgumentException("AUC: expected " + classes + " label_weights for y_pred of shape " + yPred.shape() + ", received " + labelWeights.length);
            }
            if (w == null) {
                w = new double[pred.size()];
                Arrays.fill(w, 1.0);
            }
            for (int i = 0; i < w.length; i++) w[i] *= labelWeights[i % classes];
        }
        if (evenlyDistributed) Confusion.bucketed(pred, truth, w, numThresholds, labels, tp, fp, tn, fn);
        else Confusion.direct(pred, truth, w, thresholds, labels, null, 1, tp, fp, tn, fn);
    }

    private static Tensor sigmoid(Tensor x) {
        float[] o = new float[x.size()];
        for (int i = 0; i < o.length; i++) o[i] = (float) (1 / (1 + Math.exp(-x.get(i))));
        return Tensor.of(o, x.shape());
    }

    @Override
    public double result() {
        if (labels == 0) return 0.0;
        double[] byLabel = new double[labels];
        for (int l = 0; l < labels; l++) {
            byLabel[l] = curve.equals("PR") && summationMethod.equals("interpolation") ? AucMath.interpolatePr(tp, fp, fn, numThresholds, labels, l)
                    : AucMath.riemann(curve, summationMethod, tp, fp, tn, fn, numThresholds, labels, l);
        }
        if (!multiLabel) return byLabel[0];
        if (labelWeights == null) return Arrays.stream(byLabel).average().orElse(0.0);
        if (labelWeights.length != labels) throw new IllegalStateException("AUC: expected " + labels + " label_weights, received " + labelWeights.length);
        double num = 0, den = 0;
        for (int l = 0; l < labels; l++) {
            num += byLabel[l] * labelWeights[l];
            den += labelWeights[l];
        }
        return den == 0 ? 0.0 : num / den;
    }

    @Override
    public void resetState() {
        int n = numThresholds * labels;
        tp = new double[n];
        fp = new double[n];
        tn = new double[n];
        fn = new double[n];
    }

    @Override
    public Map<String, double[]> stateVariables() {
        return state("true_positives", tp.clone(), "false_positives", fp.clone(), "true_negatives", tn.clone(), "false_negatives", fn.clone());
    }

    /** Restores the confusion counts; a multi-label AUC that has not seen data yet takes its label count from them. */
    @Override
    public void assignStateVariables(Map<String, double[]> values) {
        double[] probe = values == null ? null : values.get("true_positives");
        boolean inferLabels = multiLabel && numLabels == null && labels == 0 && probe != null && probe.length % numThresholds == 0;
        int n = inferLabels ? probe.length : numThresholds * labels;
        double[][] v = requireState(values, n, "true_positives", "false_positives", "true_negatives", "false_negatives");
        if (inferLabels) labels = n / numThresholds;
        tp = v[0];
        fp = v[1];
        tn = v[2];
        fn = v[3];
    }

    @Override
    public Direction direction() {
        return Direction.UP;
    }

    /** All thresholds, sentinels included. */
    public double[] thresholds() {
        return thresholds.clone();
    }

    public int numThresholds() {
        return numThresholds;
    }

    /** Counts per threshold, {@code [threshold * labels + label]} (one label unless multi-label). */
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

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("num_thresholds", (long) numThresholds);
        c.put("curve", curve);
        c.put("summation_method", summationMethod);
        c.put("multi_label", multiLabel);
        c.put("num_labels", numLabels == null ? null : (Object) numLabels.longValue());
        c.put("label_weights", MetricSupport.list(labelWeights));
        c.put("from_logits", fromLogits);
        if (initThresholds != null) c.put("thresholds", MetricSupport.list(initThresholds));
        return c;
    }

    public static AUC fromConfig(Map<String, Object> config) {
        AUC a = new AUC();
        Integer n = ConfigReader.of("AUC.fromConfig", config).getNullableInt("num_thresholds");
        if (n != null) a.numThresholds(n);
        double[] th = ConfigReader.of("AUC.fromConfig", config).getDoubles("thresholds");
        if (th != null) a.thresholds(th);
        a.curve(ConfigReader.of("AUC.fromConfig", config).getString("curve", "ROC"))
                .summationMethod(ConfigReader.of("AUC.fromConfig", config).getString("summation_method", "interpolation"))
                .multiLabel(ConfigReader.of("AUC.fromConfig", config).getBoolean("multi_label", false))
                .numLabels(ConfigReader.of("AUC.fromConfig", config).getNullableInt("num_labels"))
                .labelWeights(ConfigReader.of("AUC.fromConfig", config).getDoubles("label_weights"))
                .fromLogits(ConfigReader.of("AUC.fromConfig", config).getBoolean("from_logits", false));
        return MetricSupport.base(a, config);
    }
}
