package dev.lamina.utils.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.util.List;

/** {@link Canvas} on a Java2D {@link Graphics2D} that is already scaled to the output dpi. */
final class PngCanvas implements Canvas {
    private final Graphics2D g;

    PngCanvas(Graphics2D g) {
        this.g = g;
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    }

    @Override public void beginNode(String id) {}

    @Override public void endNode() {}

    @Override public void beginEdge(String fromId, String toId) {}

    @Override public void endEdge() {}

    @Override
    public void roundRect(double x, double y, double w, double h, double radius, int fill, int stroke, double strokeWidth) {
        RoundRectangle2D shape = new RoundRectangle2D.Double(x, y, w, h, 2 * radius, 2 * radius);
        if (fill >= 0) {
            g.setColor(new Color(fill));
            g.fill(shape);
        }
        if (stroke >= 0) {
            g.setColor(new Color(stroke));
            g.setStroke(new BasicStroke((float) strokeWidth));
            g.draw(shape);
        }
    }

    @Override
    public void topRoundRect(double x, double y, double w, double h, double radius, int fill) {
        g.setColor(new Color(fill));
        g.fill(topRounded(x, y, w, h, radius));
    }

    /** Same outline as the SVG header path: rounded top corners, square bottom. */
    static Path2D topRounded(double x, double y, double w, double h, double r) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(x, y + h);
        p.lineTo(x, y + r);
        p.quadTo(x, y, x + r, y);
        p.lineTo(x + w - r, y);
        p.quadTo(x + w, y, x + w, y + r);
        p.lineTo(x + w, y + h);
        p.closePath();
        return p;
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, int color, double width) {
        g.setColor(new Color(color));
        g.setStroke(new BasicStroke((float) width));
        Path2D.Double p = new Path2D.Double();
        p.moveTo(x1, y1);
        p.lineTo(x2, y2);
        g.draw(p);
    }

    @Override
    public void curve(double[] path, int color, double width) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(path[0], path[1]);
        for (int i = 2; i < path.length; i += 6) p.curveTo(path[i], path[i + 1], path[i + 2], path[i + 3], path[i + 4], path[i + 5]);
        g.setColor(new Color(color));
        g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND));
        g.draw(p);
    }

    @Override
    public void polygon(double[] points, int fill) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(points[0], points[1]);
        for (int i = 2; i < points.length; i += 2) p.lineTo(points[i], points[i + 1]);
        p.closePath();
        g.setColor(new Color(fill));
        g.fill(p);
    }

    @Override
    public void text(List<Run> runs, double x, double baseline, Anchor anchor) {
        double total = 0;
        for (Run r : runs) total += Theme.width(r.text(), r.style());
        double cursor = anchor == Anchor.START ? x : anchor == Anchor.MIDDLE ? x - total / 2 : x - total;
        for (Run r : runs) {
            g.setFont(Theme.font(r.style()));
            g.setColor(new Color(r.color()));
            g.drawString(r.text(), (float) cursor, (float) baseline);
            cursor += Theme.width(r.text(), r.style());
        }
    }
}
