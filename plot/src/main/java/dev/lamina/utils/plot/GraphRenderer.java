package dev.lamina.utils.plot;

import dev.lamina.tensor.io.AtomicFiles;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Draws a {@link PlotGraph} the way Keras' {@code plot_model} does, without Graphviz: a layered
 * layout (see {@link LayeredLayout}) painted with Java2D for PNG or written as SVG text.
 *
 * <p>{@code rankdir} is {@code "TB"} (top to bottom, Keras' default) or {@code "LR"} (left to right),
 * in any case. Files are written atomically: a temporary file in the target's directory is renamed
 * over the target, so a reader never sees a half-written plot. I/O failures surface as
 * {@link java.io.UncheckedIOException}. AWT is used headless ({@code java.awt.headless=true} is set
 * if the property is unset), so plotting works on servers and CI; text uses the logical
 * {@code SansSerif} and {@code Monospaced} fonts, which on Linux need fontconfig and at least one
 * installed font (e.g. DejaVu).
 */
public final class GraphRenderer {
    /** The largest PNG side, in pixels; a larger dpi is scaled down to fit. */
    public static final int MAX_PNG_SIDE = 8000;
    /** The largest PNG area, in pixels (128 MB of RGB). */
    public static final long MAX_PNG_PIXELS = 32_000_000L;

    static {
        Theme.ensureHeadless();
    }

    private GraphRenderer() {}

    /**
     * Writes a PNG. {@code dpi} scales the drawing: 96 is 1x, Keras' {@code dpi=500} is about 5.2x. The
     * scale is clamped so neither side exceeds {@link #MAX_PNG_SIDE} pixels and the area stays within
     * {@link #MAX_PNG_PIXELS}; the PNG records the dpi actually used.
     */
    public static void writePng(PlotGraph g, Path file, String rankdir, int dpi) {
        if (dpi <= 0) throw new IllegalArgumentException("GraphRenderer.writePng: expected dpi > 0, received dpi=" + dpi);
        Layout layout = layout(g, rankdir);
        double scale = scale(layout.width, layout.height, dpi);
        BufferedImage image = render(g, layout, scale);
        AtomicFiles.write(file, out -> writePng(image, 96 * scale, out));
    }

    /** Writes the plot as an SVG document (1 px = 1 user unit at 96 dpi). */
    public static void writeSvg(PlotGraph g, Path file, String rankdir) {
        byte[] bytes = toSvg(g, rankdir).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /** Returns the plot as an SVG document. */
    public static String toSvg(PlotGraph g, String rankdir) {
        Layout layout = layout(g, rankdir);
        SvgCanvas canvas = new SvgCanvas(layout.width, layout.height);
        draw(g, layout, canvas);
        return canvas.finish();
    }

    /** Renders to an in-memory RGB image at {@code dpi} (clamped as in {@link #writePng}). */
    static BufferedImage toImage(PlotGraph g, String rankdir, int dpi) {
        Layout layout = layout(g, rankdir);
        return render(g, layout, scale(layout.width, layout.height, dpi));
    }

    private static BufferedImage render(PlotGraph g, Layout layout, double scale) {
        int w = Math.max(1, (int) Math.round(layout.width * scale));
        int h = Math.max(1, (int) Math.round(layout.height * scale));
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = image.createGraphics();
        try {
            g2.setColor(new Color(Theme.BACKGROUND));
            g2.fillRect(0, 0, w, h);
            g2.scale(scale, scale);
            draw(g, layout, new PngCanvas(g2));
        } finally {
            g2.dispose();
        }
        return image;
    }

    static double scale(double width, double height, int dpi) {
        double s = dpi / 96.0;
        s = Math.min(s, MAX_PNG_SIDE / Math.max(width, height));
        s = Math.min(s, Math.sqrt(MAX_PNG_PIXELS / (width * height)));
        return s;
    }

    static Layout layout(PlotGraph g, String rankdir) {
        if (g == null) throw new IllegalArgumentException("GraphRenderer: expected a PlotGraph, received null");
        String dir = rankdir == null ? "" : rankdir.toUpperCase(Locale.ROOT);
        if (!dir.equals("TB") && !dir.equals("LR")) {
            throw new IllegalArgumentException("GraphRenderer: expected rankdir \"TB\" or \"LR\", received rankdir=" + rankdir);
        }
        return LayeredLayout.compute(g, dir.equals("LR"));
    }

    /** Edges first, then boxes, so nothing paints over a box's text. */
    private static void draw(PlotGraph g, Layout layout, Canvas c) {
        for (int e = 0; e < layout.routes.length; e++) {
            Layout.Route r = layout.routes[e];
            c.beginEdge(g.id(g.edgeFrom(e)), g.id(g.edgeTo(e)));
            c.curve(r.path(), Theme.EDGE, Theme.EDGE_WIDTH);
            c.polygon(r.arrow(), Theme.EDGE);
            c.endEdge();
        }
        for (int v = 0; v < layout.boxes.length; v++) {
            Layout.Box b = layout.boxes[v];
            c.beginNode(g.id(v));
            layout.labels[v].draw(c, b.x(), b.y());
            c.endNode();
        }
    }

    private static void writePng(BufferedImage image, double dpi, OutputStream out) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) throw new IOException("no PNG writer available in javax.imageio");
        ImageWriter writer = writers.next();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
            // The PNG-native pHYs node: the JDK reads the standard tree's pixel size inverted (JDK-5106305).
            String format = "javax_imageio_png_1.0";
            IIOMetadataNode root = new IIOMetadataNode(format);
            IIOMetadataNode phys = new IIOMetadataNode("pHYs");
            String perMetre = Long.toString(Math.round(dpi / 0.0254));
            phys.setAttribute("pixelsPerUnitXAxis", perMetre);
            phys.setAttribute("pixelsPerUnitYAxis", perMetre);
            phys.setAttribute("unitSpecifier", "meter");
            root.appendChild(phys);
            metadata.mergeTree(format, root);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, metadata), param);
        } finally {
            writer.dispose();
        }
    }
}
