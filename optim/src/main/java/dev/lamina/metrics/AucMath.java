package dev.lamina.metrics;

/** The area formulas of {@link AUC} over confusion counts laid out {@code [threshold * labels + label]}. */
final class AucMath {
    private AucMath() {
    }

    private static double divideNoNan(double a, double b) {
        return b == 0 ? 0.0 : a / b;
    }

    /** Riemann sum over adjacent thresholds: x = FPR (ROC) or recall (PR), heights per summation method. */
    static double riemann(String curve, String method, double[] tp, double[] fp, double[] tn, double[] fn, int n, int labels, int l) {
        double[] x = new double[n], y = new double[n];
        for (int t = 0; t < n; t++) {
            int k = t * labels + l;
            double recall = divideNoNan(tp[k], tp[k] + fn[k]);
            if (curve.equals("ROC")) {
                x[t] = divideNoNan(fp[k], fp[k] + tn[k]);
                y[t] = recall;
            } else {
                x[t] = recall;
                y[t] = divideNoNan(tp[k], tp[k] + fp[k]);
            }
        }
        double area = 0;
        for (int t = 0; t < n - 1; t++) {
            double h;
            if (method.equals("interpolation")) h = (y[t] + y[t + 1]) / 2;
            else if (method.equals("minoring")) h = Math.min(y[t], y[t + 1]);
            else h = Math.max(y[t], y[t + 1]);
            area += (x[t] - x[t + 1]) * h;
        }
        return area;
    }

    /** Davis and Goadrich's interpolated PR area (tf-keras {@code AUC.interpolate_pr_auc}). */
    static double interpolatePr(double[] tp, double[] fp, double[] fn, int n, int labels, int l) {
        double area = 0;
        for (int t = 0; t < n - 1; t++) {
            int k0 = t * labels + l, k1 = (t + 1) * labels + l;
            double dtp = tp[k0] - tp[k1];
            double p0 = tp[k0] + fp[k0], p1 = tp[k1] + fp[k1];
            double dp = p0 - p1;
            double slope = divideNoNan(dtp, Math.max(dp, 0));
            double intercept = tp[k1] - slope * p1;
            double ratio = p0 > 0 && p1 > 0 ? divideNoNan(p0, Math.max(p1, 0)) : 1.0;
            area += divideNoNan(slope * (dtp + intercept * Math.log(ratio)), Math.max(tp[k1] + fn[k1], 0));
        }
        return area;
    }
}
