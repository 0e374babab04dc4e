package dev.lamina.training;

import dev.lamina.utils.PyFormat;

import java.io.PrintStream;
import java.util.Map;

/**
 * Keras' (tf.keras 2.x) progress bar: {@code 800/800 [==============================] - 0s 131us/sample - loss:
 * 2.2813}. On a terminal it redraws in place at most every 0.05 s; otherwise it prints only the final line.
 */
public final class Progbar {
    private static final int WIDTH = 30;
    private static final double INTERVAL = 0.05;
    private final long target;          // -1 when unknown
    private final int verbose;
    private final String unit;
    private final PrintStream out;
    private final boolean dynamic;
    private final long start = System.nanoTime();
    private double lastUpdate;
    private int totalWidth;

    public Progbar(long target, int verbose, String unit, PrintStream out, boolean dynamic) {
        this.target = target;
        this.verbose = verbose;
        this.unit = unit;
        this.out = out;
        this.dynamic = dynamic;
    }

    /** Shows progress {@code current} with these values; {@code finalize} prints the closing line. */
    public void update(long current, Map<String, Double> values, boolean finalize) {
        double now = (System.nanoTime() - start) / 1e9;
        if (verbose == 1) {
            if (!finalize && (!dynamic || now - lastUpdate < INTERVAL)) return;
            StringBuilder line = new StringBuilder();
            line.append(bar(current));
            if (finalize) {
                line.append(timing(now, current));
            } else {
                line.append(" - ETA: ").append(eta(now, current));
            }
            appendValues(line, values);
            if (dynamic) {
                int pad = Math.max(0, totalWidth - line.length());
                out.print("\r" + line + " ".repeat(pad));
                totalWidth = line.length();
                if (finalize) out.println();
            } else {
                out.println(line);
            }
            out.flush();
            lastUpdate = now;
        } else if (verbose == 2 && finalize) {
            long t = target < 0 ? current : target;
            int digits = Long.toString(t).length();
            StringBuilder line = new StringBuilder(String.format(java.util.Locale.ROOT, "%" + digits + "d/%d", current, t));
            line.append(" - ").append(fmt(now, ".0f")).append('s');
            appendValues(line, values);
            if (unit.equals("step")) line.append(" - ").append(perUnit(now / Math.max(1, current))).append("step");
            out.println(line);
            out.flush();
        }
    }

    private String bar(long current) {
        long t = target < 0 ? Math.max(current, 1) : target;
        int digits = Long.toString(t).length();
        StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT, "%" + digits + "d/%d [", current, t));
        int progWidth = (int) (WIDTH * (double) current / t);
        if (progWidth > 0) {
            b.append("=".repeat(progWidth - 1));
            b.append(current < t ? '>' : '=');
        }
        b.append(".".repeat(Math.max(0, WIDTH - progWidth)));
        return b.append(']').toString();
    }

    private String timing(double elapsed, long current) {
        double perUnit = current == 0 ? 0 : elapsed / current;
        return " - " + fmt(elapsed, ".0f") + "s " + perUnit(perUnit) + unit;
    }

    /** {@code 2ms/}, {@code 131us/} or {@code 1s/}, as Keras picks the unit. */
    private static String perUnit(double t) {
        if (t >= 1 || t == 0) return fmt(t, ".0f") + "s/";
        if (t >= 1e-3) return fmt(t * 1e3, ".0f") + "ms/";
        return fmt(t * 1e6, ".0f") + "us/";
    }

    private String eta(double elapsed, long current) {
        if (target < 0 || current == 0) return "0s";
        long eta = Math.round(elapsed / current * (target - current));
        if (eta > 3600) return String.format(java.util.Locale.ROOT, "%d:%02d:%02d", eta / 3600, (eta % 3600) / 60, eta % 60);
        if (eta > 60) return String.format(java.util.Locale.ROOT, "%d:%02d", eta / 60, eta % 60);
        return eta + "s";
    }

    private static void appendValues(StringBuilder line, Map<String, Double> values) {
        for (Map.Entry<String, Double> e : values.entrySet()) {
            line.append(" - ").append(e.getKey()).append(": ").append(value(e.getValue()));
        }
    }

    /** 4 decimals, or {@code e} notation at or below 1e-3 in magnitude (Keras' rule). */
    static String value(Double v) {
        if (v == null) return "nan";
        return Math.abs(v) > 1e-3 ? fmt(v, ".4f") : fmt(v, ".4e");
    }

    private static String fmt(double v, String spec) {
        return PyFormat.formatValue(v, spec);
    }
}
