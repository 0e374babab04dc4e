package dev.lamina.utils.plot;

import dev.lamina.layers.Layer;
import dev.lamina.layers.LayerNode;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.models.Model;
import dev.lamina.tensor.Shape;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Keras' {@code plot_model}: draws a model's layer graph as PNG or SVG (chosen by the file extension) with no
 * Graphviz or other external program. One box per layer with its name and class, and with
 * {@code showShapes} its input and output shapes; arrows follow the connections, top to bottom ("TB") or left to
 * right ("LR").
 */
public final class PlotModel {
    private PlotModel() {
    }

    /** Keras' defaults: {@code show_shapes=False, show_layer_names=True, rankdir='TB', dpi=96}. */
    public static void plotModel(Model model, Path file) {
        plotModel(model, file, false, true, 96, "TB");
    }

    public static void plotModel(Model model, Path file, boolean showShapes, boolean showLayerNames, int dpi, String rankdir) {
        if (!rankdir.equals("TB") && !rankdir.equals("LR")) {
            throw new IllegalArgumentException("plot_model: expected rankdir 'TB' or 'LR', received '" + rankdir + "'");
        }
        if (dpi <= 0) throw new IllegalArgumentException("plot_model: expected dpi > 0, received dpi=" + dpi);
        PlotGraph g = graph(model, showShapes, showLayerNames);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".svg")) GraphRenderer.writeSvg(g, file, rankdir);
        else if (name.endsWith(".png")) GraphRenderer.writePng(g, file, rankdir, dpi);
        else throw new IllegalArgumentException("plot_model: expected a file ending in .png or .svg, received " + file);
    }

    /** The neutral drawing description of {@code model}'s graph. */
    public static PlotGraph graph(Model model, boolean showShapes, boolean showLayerNames) {
        PlotGraph g = new PlotGraph();
        for (Layer l : model.layers()) {
            List<String> lines = new ArrayList<>();
            lines.add(showLayerNames ? l.name() : l.className());
            if (showLayerNames) lines.add(l.className());
            if (showShapes) {
                lines.add("input: " + shapes(inputShapes(model, l)));
                lines.add("output: " + shapes(outputShapes(model, l)));
            }
            g.addNode(l.name(), lines);
        }
        for (LayerNode n : model.nodes()) {
            for (SymbolicTensor t : n.inputs()) g.addEdge(t.layer().name(), n.layer().name());
        }
        return g;
    }

    private static List<Shape> inputShapes(Model model, Layer l) {
        List<Shape> out = new ArrayList<>();
        for (LayerNode n : model.nodes()) {
            if (n.layer() == l) for (SymbolicTensor t : n.inputs()) out.add(t.shape());
        }
        if (out.isEmpty()) out.addAll(outputShapes(model, l));   // an InputLayer: input = output
        return out;
    }

    private static List<Shape> outputShapes(Model model, Layer l) {
        List<Shape> out = new ArrayList<>();
        for (LayerNode n : model.nodes()) {
            if (n.layer() == l) for (SymbolicTensor t : n.outputs()) out.add(t.shape());
        }
        for (SymbolicTensor t : model.inputs()) if (t.layer() == l) out.add(t.shape());
        return out;
    }

    private static String shapes(List<Shape> shapes) {
        if (shapes.size() == 1) return shapes.get(0).toString();
        List<String> s = new ArrayList<>();
        for (Shape x : shapes) s.add(x.toString());
        return "[" + String.join(", ", s) + "]";
    }
}
