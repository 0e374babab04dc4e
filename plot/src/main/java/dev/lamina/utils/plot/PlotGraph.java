package dev.lamina.utils.plot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A directed acyclic graph to draw with {@link GraphRenderer}: the neutral description behind
 * {@code plot_model}, independent of any model class.
 *
 * <p>Each node carries the text of its box, one entry per line:
 * <ol>
 *   <li>line 0 is the title (the layer name), drawn bold;</li>
 *   <li>line 1, if present, is the class name, drawn after the title as {@code "name: ClassName"};</li>
 *   <li>further lines are table rows; a line {@code "key: value"} becomes a two-column row
 *       (key on the left, value in a monospaced font), any other line spans the table.</li>
 * </ol>
 * An empty list of lines shows the node id. Edges run from producer to consumer and may repeat
 * (a layer that consumes the same tensor twice gets two arrows). Insertion order is kept and breaks
 * ties in the layout, so the same graph always gives the same picture.
 */
public final class PlotGraph {
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> ids = new ArrayList<>();
    private final List<List<String>> lines = new ArrayList<>();
    private final List<int[]> edges = new ArrayList<>();

    /** Adds a node; {@code id} must be new. */
    public PlotGraph addNode(String id, List<String> lines) {
        if (id == null) throw new IllegalArgumentException("PlotGraph.addNode: expected a node id, received id=null");
        if (lines == null) throw new IllegalArgumentException("PlotGraph.addNode: expected a list of lines for node '" + id + "', received lines=null");
        if (index.containsKey(id)) throw new IllegalArgumentException("PlotGraph.addNode: expected a new node id, received duplicate id='" + id + "'");
        List<String> copy = new ArrayList<>(lines.size());
        for (String line : lines) {
            if (line == null) throw new IllegalArgumentException("PlotGraph.addNode: expected non-null lines for node '" + id + "', received " + lines);
            copy.add(line);
        }
        if (copy.isEmpty()) copy.add(id);
        index.put(id, ids.size());
        ids.add(id);
        this.lines.add(Collections.unmodifiableList(copy));
        return this;
    }

    /** Adds an arrow from {@code fromId} to {@code toId}; both nodes must exist already. */
    public PlotGraph addEdge(String fromId, String toId) {
        int from = require("fromId", fromId);
        int to = require("toId", toId);
        if (from == to) throw new IllegalArgumentException("PlotGraph.addEdge: expected an edge between two different nodes, received a self-loop on '" + fromId + "'");
        edges.add(new int[] {from, to});
        return this;
    }

    /** Node ids in insertion order. */
    public List<String> nodeIds() {
        return Collections.unmodifiableList(ids);
    }

    /** The lines of node {@code id} (the id itself if it was added with no lines). */
    public List<String> lines(String id) {
        return lines.get(require("id", id));
    }

    public int nodeCount() {
        return ids.size();
    }

    public int edgeCount() {
        return edges.size();
    }

    String id(int node) {
        return ids.get(node);
    }

    List<String> lines(int node) {
        return lines.get(node);
    }

    int edgeFrom(int edge) {
        return edges.get(edge)[0];
    }

    int edgeTo(int edge) {
        return edges.get(edge)[1];
    }

    private int require(String argument, String id) {
        Integer i = id == null ? null : index.get(id);
        if (i == null) throw new IllegalArgumentException("PlotGraph: expected " + argument + " to name an added node, received " + argument + "=" + (id == null ? "null" : "'" + id + "'"));
        return i;
    }
}
