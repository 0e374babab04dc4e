package dev.lamina.samples;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** "Nice" axis ticks: a step of 1, 2, 2.5 or 5 times a power of ten, covering [lo, hi] with a few ticks. */
final class Ticks {
    final double min;
    final double max;
    final double step;
    final List<Double> values;
    private final int decimals;

    private Ticks(double min, double max, double step, int decimals) {
        this.min = min;
        this.max = max;
        this.step = step;
        this.decimals = decimals;
        List<Double> v = new ArrayList<>();
        long n = Math.round((max - min) / step);
        for (long i = 0; i <= n; i++) v.add(min + i * step);
        this.values = List.copyOf(v);
    }

    static Ticks nice(double lo, double hi, int maxTicks) {
        if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
            double pad = Math.max(Math.abs(lo) * 0.1, 0.05);
            lo -= pad;
            hi += pad;
        }
        double raw = (hi - lo) / Math.max(1, maxTicks - 1);
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = 10 * mag;
        int extraDecimal = 0;
        for (double m : new double[]{1, 2, 2.5, 5, 10}) {
            if (m * mag >= raw * (1 - 1e-9)) {
                step = m * mag;
                extraDecimal = m == 2.5 ? 1 : 0;
                break;
            }
        }
        double min = Math.floor(lo / step + 1e-9) * step;
        double max = Math.ceil(hi / step - 1e-9) * step;
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9)) + extraDecimal;
        return new Ticks(min, max, step, decimals);
    }

    String format(double v) {
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        return s.equals("-0") || s.matches("-0\\.0+") ? s.substring(1) : s;
    }
}
