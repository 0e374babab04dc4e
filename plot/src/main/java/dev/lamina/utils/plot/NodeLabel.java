package dev.lamina.utils.plot;

import dev.lamina.utils.plot.Canvas.Anchor;
import dev.lamina.utils.plot.Canvas.Run;
import dev.lamina.utils.plot.Theme.Style;
import java.util.ArrayList;
import java.util.List;

/**
 * The measured contents of one box: a header ({@code "name: ClassName"}) and an optional table of
 * rows ({@code "input: (None, 32)"} becomes key {@code "input:"} and value {@code "(None, 32)"}).
 * See {@link PlotGraph} for how lines map to parts.
 */
final class NodeLabel {
    private final List<Run> title = new ArrayList<>();
    private final List<String> keys = new ArrayList<>();     // null key: the value spans the row
    private final List<String> values = new ArrayList<>();
    private final double titleWidth;
    private final double keyWidth;
    private final double valueWidth;
    private final double spanWidth;
    private final double headerHeight;
    private final double rowHeight;
    final double width;
    final double height;

    NodeLabel(List<String> lines) {
        title.add(new Run(lines.get(0), Style.TITLE, Theme.TEXT));
        if (lines.size() > 1) title.add(new Run(": " + lines.get(1), Style.CLASS, Theme.MUTED));
        double tw = 0;
        for (Run r : title) tw += Theme.width(r.text(), r.style());
        titleWidth = tw;

        double kw = 0, vw = 0, sw = 0;
        for (int i = 2; i < lines.size(); i++) {
            String line = lines.get(i);
            int colon = line.indexOf(": ");
            if (colon > 0) {
                keys.add(line.substring(0, colon + 1));
                values.add(line.substring(colon + 2));
                kw = Math.max(kw, Theme.width(keys.get(keys.size() - 1), Style.KEY));
                vw = Math.max(vw, Theme.width(values.get(values.size() - 1), Style.VALUE));
            } else {
                keys.add(null);
                values.add(line);
                sw = Math.max(sw, Theme.width(line, Style.VALUE));
            }
        }
        keyWidth = kw;
        valueWidth = vw;
        spanWidth = sw;
        headerHeight = even(Theme.lineHeight(Style.TITLE) + 2 * Theme.HEADER_PAD_Y);
        rowHeight = even(Math.max(Theme.lineHeight(Style.KEY), Theme.lineHeight(Style.VALUE)) + 2 * Theme.ROW_PAD_Y);
        double w = Math.max(Theme.MIN_BOX_WIDTH, Math.max(titleWidth, spanWidth) + 2 * Theme.PAD_X);
        w = Math.max(w, tableWidth());
        width = even(w);
        height = headerHeight + values.size() * rowHeight;
    }

    /** Sizes round up to even pixels so box centres (where edges attach) fall on whole pixels. */
    private static double even(double size) {
        return 2 * Math.ceil(size / 2);
    }

    private double tableWidth() {
        return keyWidth + Theme.COLUMN_GAP + valueWidth + 2 * Theme.PAD_X;
    }

    /** Draws the box with its top-left corner at {@code x, y}. */
    void draw(Canvas c, double x, double y) {
        boolean hasRows = !values.isEmpty();
        c.roundRect(x, y, width, height, Theme.CORNER, hasRows ? Theme.BOX_FILL : Theme.HEADER_FILL, -1, 0);
        if (hasRows) {
            c.topRoundRect(x, y, width, headerHeight, Theme.CORNER, Theme.HEADER_FILL);
            c.line(x, y + headerHeight, x + width, y + headerHeight, Theme.GRID, Theme.GRID_WIDTH);
        }
        c.text(title, x + width / 2, y + Theme.HEADER_PAD_Y + Theme.ascent(Style.TITLE), Anchor.MIDDLE);

        // The table sits centred when the header is wider than it.
        double divider = x + (width - tableWidth()) / 2 + Theme.PAD_X + keyWidth + Theme.COLUMN_GAP / 2;
        double ascent = Math.max(Theme.ascent(Style.KEY), Theme.ascent(Style.VALUE));
        double textHeight = Math.max(Theme.lineHeight(Style.KEY), Theme.lineHeight(Style.VALUE));
        for (int i = 0; i < values.size(); i++) {
            double top = y + headerHeight + i * rowHeight;
            if (i > 0) c.line(x + 1, top, x + width - 1, top, Theme.GRID, Theme.GRID_WIDTH);
            double baseline = top + (rowHeight - textHeight) / 2 + ascent;
            String key = keys.get(i);
            if (key == null) {
                c.text(List.of(new Run(values.get(i), Style.VALUE, Theme.TEXT)), x + width / 2, baseline, Anchor.MIDDLE);
            } else {
                c.line(divider, top, divider, top + rowHeight, Theme.GRID, Theme.GRID_WIDTH);
                c.text(List.of(new Run(key, Style.KEY, Theme.MUTED)), divider - Theme.COLUMN_GAP / 2, baseline, Anchor.END);
                c.text(List.of(new Run(values.get(i), Style.VALUE, Theme.TEXT)), divider + Theme.COLUMN_GAP / 2, baseline, Anchor.START);
            }
        }
        c.roundRect(x, y, width, height, Theme.CORNER, -1, Theme.BOX_STROKE, Theme.BOX_STROKE_WIDTH);
    }
}
