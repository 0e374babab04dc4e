package dev.lamina.utils.plot;

import java.util.List;
import java.util.Locale;

/** {@link Canvas} that writes SVG 1.1 elements as text; nodes and edges become titled groups. */
final class SvgCanvas implements Canvas {
    private final StringBuilder out = new StringBuilder();

    SvgCanvas(double width, double height) {
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n")
           .append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(num(width))
           .append("\" height=\"").append(num(height)).append("\" viewBox=\"0 0 ").append(num(width)).append(' ')
           .append(num(height)).append("\">\n")
           .append("<rect x=\"0\" y=\"0\" width=\"").append(num(width)).append("\" height=\"").append(num(height))
           .append("\" fill=\"").append(color(Theme.BACKGROUND)).append("\"/>\n");
    }

    String finish() {
        return out + "</svg>\n";
    }

    @Override
    public void beginNode(String id) {
        out.append("<g class=\"node\"><title>").append(escape(id)).append("</title>\n");
    }

    @Override
    public void endNode() {
        out.append("</g>\n");
    }

    @Override
    public void beginEdge(String fromId, String toId) {
        out.append("<g class=\"edge\"><title>").append(escape(fromId)).append(" -&gt; ").append(escape(toId)).append("</title>\n");
    }

    @Override
    public void endEdge() {
        out.append("</g>\n");
    }

    @Override
    public void roundRect(double x, double y, double w, double h, double radius, int fill, int stroke, double strokeWidth) {
        out.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"").append(num(w))
           .append("\" height=\"").append(num(h)).append("\" rx=\"").append(num(radius)).append("\" ry=\"").append(num(radius))
           .append("\" fill=\"").append(fill < 0 ? "none" : color(fill)).append('"');
        if (stroke >= 0) out.append(" stroke=\"").append(color(stroke)).append("\" stroke-width=\"").append(num(strokeWidth)).append('"');
        out.append("/>\n");
    }

    @Override
    public void topRoundRect(double x, double y, double w, double h, double r, int fill) {
        out.append("<path d=\"M").append(num(x)).append(',').append(num(y + h))
           .append(" V").append(num(y + r))
           .append(" Q").append(num(x)).append(',').append(num(y)).append(' ').append(num(x + r)).append(',').append(num(y))
           .append(" H").append(num(x + w - r))
           .append(" Q").append(num(x + w)).append(',').append(num(y)).append(' ').append(num(x + w)).append(',').append(num(y + r))
           .append(" V").append(num(y + h)).append(" Z\" fill=\"").append(color(fill)).append("\"/>\n");
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, int color, double width) {
        out.append("<line x1=\"").append(num(x1)).append("\" y1=\"").append(num(y1)).append("\" x2=\"").append(num(x2))
           .append("\" y2=\"").append(num(y2)).append("\" stroke=\"").append(color(color)).append("\" stroke-width=\"")
           .append(num(width)).append("\"/>\n");
    }

    @Override
    public void curve(double[] path, int color, double width) {
        out.append("<path class=\"edge\" d=\"M").append(num(path[0])).append(',').append(num(path[1]));
        for (int i = 2; i < path.length; i += 6) {
            out.append(" C").append(num(path[i])).append(',').append(num(path[i + 1])).append(' ')
               .append(num(path[i + 2])).append(',').append(num(path[i + 3])).append(' ')
               .append(num(path[i + 4])).append(',').append(num(path[i + 5]));
        }
        out.append("\" fill=\"none\" stroke=\"").append(color(color)).append("\" stroke-width=\"").append(num(width)).append("\"/>\n");
    }

    @Override
    public void polygon(double[] points, int fill) {
        out.append("<polygon class=\"arrowhead\" points=\"");
        for (int i = 0; i < points.length; i += 2) {
            if (i > 0) out.append(' ');
            out.append(num(points[i])).append(',').append(num(points[i + 1]));
        }
        out.append("\" fill=\"").append(color(fill)).append("\"/>\n");
    }

    @Override
    public void text(List<Run> runs, double x, double baseline, Anchor anchor) {
        String a = anchor == Anchor.START ? "start" : anchor == Anchor.MIDDLE ? "middle" : "end";
        out.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(baseline)).append("\" text-anchor=\"").append(a).append("\">");
        for (Run r : runs) {
            Theme.Style s = r.style();
            out.append("<tspan font-family=\"").append(s == Theme.Style.VALUE ? Theme.SVG_MONO : Theme.SVG_SANS)
               .append("\" font-size=\"").append(num(Theme.font(s).getSize2D())).append('"');
            if (s == Theme.Style.TITLE) out.append(" font-weight=\"bold\"");
            out.append(" fill=\"").append(color(r.color())).append("\" xml:space=\"preserve\">").append(escape(r.text())).append("</tspan>");
        }
        out.append("</text>\n");
    }

    private static String num(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        s = s.indexOf('.') >= 0 ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        return s.equals("-0") ? "0" : s;
    }

    private static String color(int rgb) {
        return String.format(Locale.ROOT, "#%06x", rgb & 0xFFFFFF);
    }

    /** XML-escapes text and replaces characters XML 1.0 cannot hold. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&': b.append("&amp;"); break;
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '"': b.append("&quot;"); break;
                default:
                    boolean surrogateOk = Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                            : !Character.isLowSurrogate(c) || i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
                    boolean legal = (c >= 0x20 && c != 0xFFFE && c != 0xFFFF) || c == '\t' || c == '\n' || c == '\r';
                    b.append(legal && surrogateOk ? c : '\uFFFD');
            }
        }
        return b.toString();
    }
}
