package dev.lamina.samples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.List;
import java.util.Locale;

/** The legend of a HistoryChart panel, put in the corner of the plot area that hides the fewest curve points. */
final class Legend {
    private static final int PAD = 8;
    private static final int SWATCH = 26;
    private static final int INSET = 10;

    private Legend() {
    }

    static void draw(Graphics2D g, String key, List<Double> train, List<Double> val, HistoryChart.Axis x, HistoryChart.Axis y,
                     int left, int top, int pw, int ph, Color trainColor, Color valColor) {
        String[] labels = val == null
                ? new String[]{"training (final " + last(train) + ")"}
                : new String[]{"training (final " + last(train) + ")", "validation (final " + last(val) + ")"};
        FontMetrics fm = g.getFontMetrics();
        int lineH = fm.getHeight() + 2;
        int textW = 0;
        for (String s : labels) textW = Math.max(textW, fm.stringWidth(s));
        double w = PAD + SWATCH + 6 + textW + PAD;
        double h = PAD + lineH * labels.length + PAD - 2;
        double[][] corners = {
            {left + pw - INSET - w, top + INSET},           // upper right
            {left + pw - INSET - w, top + ph - INSET - h},  // lower right
            {left + INSET, top + INSET},                    // upper left
            {left + INSET, top + ph - INSET - h},           // lower left
        };
        double[] best = corners[0];
        int bestHits = Integer.MAX_VALUE;
        for (double[] c : corners) {
            Rectangle2D box = new Rectangle2D.Double(c[0] - 4, c[1] - 4, w + 8, h + 8);
            int hits = hits(box, train, x, y) + (val == null ? 0 : hits(box, val, x, y));
            if (hits < bestHits) {
                bestHits = hits;
                best = c;
            }
        }
        double bx = best[0];
        double by = best[1];
        g.setColor(new Color(255, 255, 255, 230));
        RoundRectangle2D frame = new RoundRectangle2D.Double(bx, by, w, h, 8, 8);
        g.fill(frame);
        g.setColor(new Color(0xbbbbbb));
        g.setStroke(new BasicStroke(1f));
        g.draw(frame);
        Color[] colors = {trainColor, valColor};
        for (int i = 0; i < labels.length; i++) {
            double cy = by + PAD + lineH * i + lineH / 2.0 - 1;
            g.setColor(colors[i]);
            g.setStroke(i == 0 ? new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
                    : new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[]{7f, 4f}, 0f));
            g.draw(new Line2D.Double(bx + PAD, cy, bx + PAD + SWATCH, cy));
            g.setColor(new Color(0x222222));
            g.drawString(labels[i], (float) (bx + PAD + SWATCH + 6), (float) (cy + fm.getAscent() / 2.0 - 2));
        }
    }

    /** Curve points (sampled along each segment) falling inside {@code box}. */
    private static int hits(Rectangle2D box, List<Double> values, HistoryChart.Axis x, HistoryChart.Axis y) {
        int hits = 0;
        for (int i = 0; i < values.size(); i++) {
            Double v = values.get(i);
            if (v == null || !Double.isFinite(v)) continue;
            Double next = i + 1 < values.size() ? values.get(i + 1) : null;
            int samples = next == null || !Double.isFinite(next) ? 1 : 12;
            for (int s = 0; s < samples; s++) {
                double t = s / 12.0;
                double px = x.px(i + 1 + t);
                double py = y.px(next == null ? v : v + t * (next - v));
                if (box.contains(px, py)) hits++;
            }
        }
        return hits;
    }

    private static String last(List<Double> values) {
        for (int i = values.size() - 1; i >= 0; i--) {
            Double v = values.get(i);
            if (v != null && Double.isFinite(v)) return String.format(Locale.ROOT, "%.4f", v);
        }
        return "nan";
    }
}
