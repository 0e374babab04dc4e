package dev.lamina.utils.plot;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.font.LineMetrics;

/**
 * The look of a plot, in pixels at 1x (96 dpi): fonts, colours and spacing, plus text measurement.
 * Measurement uses AWT font metrics with fractional widths, so scaled PNGs and the SVG line up.
 */
final class Theme {
    static {
        // Plotting must work on servers and CI: default AWT to headless before any Font is created.
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    /** The text styles a run of text can use. */
    enum Style { TITLE, CLASS, KEY, VALUE }

    static final Font SANS = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font SANS_BOLD = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    static final Font SANS_SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    static final Font MONO = new Font(Font.MONOSPACED, Font.PLAIN, 12);

    /** SVG font stacks; narrower faces first so text never overflows a box measured with AWT's sans. */
    static final String SVG_SANS = "Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif";
    static final String SVG_MONO = "Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace";

    static final int BACKGROUND = 0xFFFFFF;
    static final int BOX_FILL = 0xF5F8FC;
    static final int HEADER_FILL = 0xDDE7F4;
    static final int BOX_STROKE = 0x5B7BA6;
    static final int GRID = 0xC5D3E6;
    static final int TEXT = 0x1E2733;
    static final int MUTED = 0x5D6B7E;
    static final int EDGE = 0x4A5566;

    static final double BOX_STROKE_WIDTH = 1.2;
    static final double GRID_WIDTH = 1.0;
    static final double EDGE_WIDTH = 1.3;
    static final double CORNER = 6;
    static final double PAD_X = 12;
    static final double HEADER_PAD_Y = 6;
    static final double ROW_PAD_Y = 4;
    static final double COLUMN_GAP = 14;
    static final double MIN_BOX_WIDTH = 90;

    static final double MARGIN = 16;
    static final double NODE_GAP = 28;
    static final double DUMMY_WIDTH = 10;
    static final double RANK_GAP_TB = 40;
    static final double RANK_GAP_LR = 56;
    static final double ARROW_LENGTH = 9;
    static final double ARROW_HALF_WIDTH = 4.2;
    static final double PORT_SPACING = 18;

    private static final FontRenderContext FRC = new FontRenderContext(null, true, true);

    private Theme() {}

    /** Forces the static initializer above (which sets headless mode) to run. */
    static void ensureHeadless() {}

    static Font font(Style style) {
        switch (style) {
            case TITLE: return SANS_BOLD;
            case CLASS: return SANS;
            case KEY: return SANS_SMALL;
            default: return MONO;
        }
    }

    static double width(String text, Style style) {
        return font(style).getStringBounds(text, FRC).getWidth();
    }

    static double ascent(Style style) {
        return metrics(style).getAscent();
    }

    /** Ascent + descent: the height a line of this style needs. */
    static double lineHeight(Style style) {
        LineMetrics m = metrics(style);
        return m.getAscent() + m.getDescent();
    }

    private static LineMetrics metrics(Style style) {
        return font(style).getLineMetrics("Xg(", FRC);
    }
}
