package dev.lamina.utils.plot;

import java.util.List;

/**
 * The few drawing primitives a plot needs, in 1x pixel coordinates; implemented once for Java2D
 * (PNG) and once as SVG text, so both outputs come from the same drawing code. Colours are 0xRRGGBB;
 * a negative colour means "none".
 */
interface Canvas {
    enum Anchor { START, MIDDLE, END }

    /** A piece of text in one style and colour; runs of one {@link #text} call sit side by side. */
    record Run(String text, Theme.Style style, int color) {}

    void beginNode(String id);

    void endNode();

    void beginEdge(String fromId, String toId);

    void endEdge();

    void roundRect(double x, double y, double w, double h, double radius, int fill, int stroke, double strokeWidth);

    /** A filled rectangle whose top corners are rounded (a box's header band). */
    void topRoundRect(double x, double y, double w, double h, double radius, int fill);

    void line(double x1, double y1, double x2, double y2, int color, double width);

    /** Strokes {@code x0, y0} followed by cubic segments of six numbers (two control points, end point). */
    void curve(double[] path, int color, double width);

    /** Fills the polygon {@code x0, y0, x1, y1, ...}. */
    void polygon(double[] points, int fill);

    void text(List<Run> runs, double x, double baseline, Anchor anchor);
}
