package dev.lamina.samples;

import dev.lamina.tensor.io.AtomicFiles;
import dev.lamina.training.History;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws a training History as a PNG with Java2D (headless): one panel per quantity (loss, then a metric such as
 * accuracy), each with the training curve (solid) and the validation curve (dashed), per epoch, with axes, ticks,
 * grid, titles and a legend placed in the emptiest corner.
 */
public final class HistoryChart {
    static {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private static final int PANEL_W = 560;
    private static final int PANEL_H = 400;
    private static final int TITLE_H = 48;
    private static final double SCALE = 1.5;        // drawn at 1.5x so text stays crisp on high-density screens
    private static final Color TRAIN = new Color(0x1f77b4);
    private static final Color VAL = new Color(0xff7f0e);
    private static final Color GRID = new Color(0xe6e6e6);
    private static final Color AXIS = new Color(0x444444);
    private static final Color TEXT = new Color(0x222222);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    private static final Font PANEL_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    // plot area inside a panel
    private static final int LEFT = 72;
    private static final int RIGHT = 18;
    private static final int TOP = 34;
    private static final int BOTTOM = 56;

    private HistoryChart() {
    }

    /** Writes {@code loss} and {@code metric} (e.g. "accuracy") with their {@code val_} twins, side by side. */
    public static void write(History history, Path file, String title, String metric) {
        BufferedImage img = render(history, title, List.of("loss", metric));
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer available");
        });
    }

    /** Renders the chart; one panel per key present in the history. */
    public static BufferedImage render(History history, String title, List<String> keys) {
        List<String> present = new ArrayList<>();
        for (String k : keys) if (history.history().containsKey(k)) present.add(k);
        if (present.isEmpty()) {
            throw new IllegalArgumentException("HistoryChart: expected a history with one of " + keys + ", received keys " + history.history().keySet());
        }
        int w = PANEL_W * present.size();
        int h = TITLE_H + PANEL_H;
        BufferedImage img = new BufferedImage((int) Math.round(w * SCALE), (int) Math.round(h * SCALE), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.scale(SCALE, SCALE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setColor(TEXT);
            g.setFont(TITLE_FONT);
            centered(g, title, w / 2.0, 32);
            for (int i = 0; i < present.size(); i++) {
                String key = present.get(i);
                AffineTransform saved = g.getTransform();
                g.translate(i * PANEL_W, TITLE_H);
                panel(g, key, history.get(key), history.history().get("val_" + key));
                g.setTransform(saved);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void panel(Graphics2D g, String key, List<Double> train, List<Double> val) {
        int pw = PANEL_W - LEFT - RIGHT;
        int ph = PANEL_H - TOP - BOTTOM;
        int n = train.size();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (List<Double> s : val == null ? List.of(train) : List.of(train, val)) {
            for (Double v : s) {
                if (v == null || !Double.isFinite(v)) continue;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (!(lo <= hi)) {
            lo = 0;
            hi = 1;
        }
        Ticks yt = Ticks.nice(lo, hi, 6);
        Axis x = new Axis(1, Math.max(2, n), LEFT + 8, LEFT + pw - 8);
        Axis y = new Axis(yt.min, yt.max, TOP + ph - 6, TOP + 6);    // 6 px inset keeps curves at a limit visible

        g.setColor(TEXT);
        g.setFont(PANEL_FONT);
        centered(g, capitalised(key), LEFT + pw / 2.0, TOP - 12);

        // grid and ticks
        g.setFont(TICK_FONT);
        FontMetrics fm = g.getFontMetrics();
        g.setStroke(new BasicStroke(1f));
        for (double v : yt.values) {
            double py = y.px(v);
            g.setColor(GRID);
            g.draw(new java.awt.geom.Line2D.Double(LEFT, py, LEFT + pw, py));
            g.setColor(AXIS);
            g.draw(new java.awt.geom.Line2D.Double(LEFT - 5, py, LEFT, py));
            String s = yt.format(v);
            g.setColor(TEXT);
            g.drawString(s, (float) (LEFT - 8 - fm.stringWidth(s)), (float) (py + fm.getAscent() / 2.0 - 1));
        }
        for (int e : epochTicks(n)) {
            double px = x.px(e);
            g.setColor(GRID);
            g.draw(new java.awt.geom.Line2D.Double(px, TOP, px, TOP + ph));
            g.setColor(AXIS);
            g.draw(new java.awt.geom.Line2D.Double(px, TOP + ph, px, TOP + ph + 5));
            g.setColor(TEXT);
            centered(g, Integer.toString(e), px, TOP + ph + 8 + fm.getAscent());
        }
        g.setColor(AXIS);
        g.setStroke(new BasicStroke(1.2f));
        g.drawRect(LEFT, TOP, pw, ph);

        // axis labels
        g.setFont(LABEL_FONT);
        g.setColor(TEXT);
        centered(g, "epoch", LEFT + pw / 2.0, PANEL_H - 14);
        AffineTransform saved = g.getTransform();
        g.translate(20, TOP + ph / 2.0);
        g.rotate(-Math.PI / 2);
        centered(g, key, 0, 0);
        g.setTransform(saved);

        // curves
        java.awt.Shape clip = g.getClip();
        g.clipRect(LEFT, TOP, pw, ph);
        curve(g, train, x, y, TRAIN, new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND), n <= 60);
        if (val != null) {
            curve(g, val, x, y, VAL, new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[]{7f, 4f}, 0f), n <= 60);
        }
        g.setClip(clip);
        Legend.draw(g, key, train, val, x, y, LEFT, TOP, pw, ph, TRAIN, VAL);
    }

    private static void curve(Graphics2D g, List<Double> values, Axis x, Axis y, Color color, Stroke stroke, boolean markers) {
        Path2D.Double path = new Path2D.Double();
        boolean started = false;
        for (int i = 0; i < values.size(); i++) {
            Double v = values.get(i);
            if (v == null || !Double.isFinite(v)) {
                started = false;
                continue;
            }
            if (started) path.lineTo(x.px(i + 1), y.px(v));
            else path.moveTo(x.px(i + 1), y.px(v));
            started = true;
        }
        g.setColor(color);
        g.setStroke(stroke);
        g.draw(path);
        if (!markers) return;
        for (int i = 0; i < values.size(); i++) {
            Double v = values.get(i);
            if (v == null || !Double.isFinite(v)) continue;
            g.fill(new Ellipse2D.Double(x.px(i + 1) - 2.6, y.px(v) - 2.6, 5.2, 5.2));
        }
    }

    /** 1, then multiples of a step of 1, 2, 5, 10, ... chosen for at most about 10 ticks. */
    static List<Integer> epochTicks(int n) {
        int step = 1;
        int[] bases = {1, 2, 5};
        outer:
        for (int scale = 1; ; scale *= 10) {
            for (int b : bases) {
                step = b * scale;
                if (n / step <= 9) break outer;
            }
        }
        List<Integer> out = new ArrayList<>();
        out.add(1);
        for (int e = step; e <= Math.max(n, 1); e += step) if (e != 1) out.add(e);
        return out;
    }

    static void centered(Graphics2D g, String s, double cx, double baseline) {
        g.drawString(s, (float) (cx - g.getFontMetrics().stringWidth(s) / 2.0), (float) baseline);
    }

    private static String capitalised(String key) {
        return key.isEmpty() ? key : key.substring(0, 1).toUpperCase(Locale.ROOT) + key.substring(1).replace('_', ' ');
    }

    /** A linear map from data values to pixels. */
    static final class Axis {
        final double min;
        final double max;
        final double p0;
        final double p1;

        Axis(double min, double max, double p0, double p1) {
            this.min = min;
            this.max = max;
            this.p0 = p0;
            this.p1 = p1;
        }

        double px(double v) {
            return p0 + (v - min) / (max - min) * (p1 - p0);
        }
    }
}
