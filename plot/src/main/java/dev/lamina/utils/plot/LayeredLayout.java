package dev.lamina.utils.plot;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A simple Sugiyama-style layered layout. Ranks are longest paths from the sources; edges spanning
 * several ranks get one dummy node per crossed rank so they route around boxes; {@link
 * CrossingReduction} orders each rank and {@link Placement} centres nodes over their neighbours.
 * Everything is computed on an abstract "across" axis (within a rank) and "along" axis (rank to
 * rank), then mapped to x/y: TB puts ranks top to bottom, LR left to right.
 */
final class LayeredLayout {
    private final PlotGraph graph;
    private final boolean lr;
    private final NodeLabel[] labels;
    private final List<Integer> rank = new ArrayList<>();
    private final List<List<Integer>> upList = new ArrayList<>();
    private final List<List<Integer>> downList = new ArrayList<>();
    private final int[][] chains;
    private int[][] up;
    private int[][] down;
    private double[] acrossSize;
    private double[] alongSize;
    private double[] across;
    private double[] bandTop;
    private double[] bandThickness;

    private LayeredLayout(PlotGraph graph, boolean lr) {
        this.graph = graph;
        this.lr = lr;
        this.labels = new NodeLabel[graph.nodeCount()];
        this.chains = new int[graph.edgeCount()][];
    }

    /** Lays out {@code graph}; {@code lr} selects left-to-right ranks instead of top-to-bottom. */
    static Layout compute(PlotGraph graph, boolean lr) {
        if (graph.nodeCount() == 0) throw new IllegalArgumentException("GraphRenderer: expected a graph with at least one node, received 0 nodes");
        return new LayeredLayout(graph, lr).run();
    }

    private Layout run() {
        int n = graph.nodeCount();
        int[] ranks = longestPathRanks();
        for (int v = 0; v < n; v++) {
            labels[v] = new NodeLabel(graph.lines(v));
            addLayoutNode(ranks[v]);
        }
        for (int e = 0; e < chains.length; e++) chains[e] = chain(graph.edgeFrom(e), graph.edgeTo(e));
        int total = rank.size();
        up = toArrays(upList);
        down = toArrays(downList);
        int rankCount = 0;
        boolean[] dummy = new boolean[total];
        acrossSize = new double[total];
        alongSize = new double[total];
        int[] rankArray = new int[total];
        for (int v = 0; v < total; v++) {
            rankArray[v] = rank.get(v);
            rankCount = Math.max(rankCount, rankArray[v] + 1);
            dummy[v] = v >= n;
            acrossSize[v] = dummy[v] ? Theme.DUMMY_WIDTH : lr ? labels[v].height : labels[v].width;
            alongSize[v] = dummy[v] ? 0 : lr ? labels[v].width : labels[v].height;
        }
        int[][] layers = CrossingReduction.order(up, down, rankArray, rankCount);
        across = Placement.place(layers, up, down, acrossSize, dummy, Theme.MARGIN);
        // Whole-pixel box edges keep 1x outlines crisp; the gaps between boxes absorb the rounding.
        for (int v = 0; v < n; v++) across[v] = Math.round(across[v] - acrossSize[v] / 2) + acrossSize[v] / 2;
        double alongEnd = placeRanks(rankArray, rankCount);
        double acrossEnd = 0;
        for (int v = 0; v < total; v++) acrossEnd = Math.max(acrossEnd, across[v] + acrossSize[v] / 2);
        acrossEnd += Theme.MARGIN;

        Layout.Box[] boxes = new Layout.Box[n];
        for (int v = 0; v < n; v++) {
            double a0 = across[v] - acrossSize[v] / 2;
            double l0 = alongStart(v);
            boxes[v] = lr ? new Layout.Box(l0, a0, labels[v].width, labels[v].height)
                          : new Layout.Box(a0, l0, labels[v].width, labels[v].height);
        }
        Layout.Route[] routes = new EdgeRouter(this::alongStart, rankArray, across, acrossSize, alongSize, bandTop, bandThickness, lr)
                .route(chains, n);
        double width = lr ? Math.ceil(alongEnd) : Math.ceil(acrossEnd);
        double height = lr ? Math.ceil(acrossEnd) : Math.ceil(alongEnd);
        return new Layout(width, height, boxes, labels, routes, ranks);
    }

    /** Rank = length of the longest path from a source (Kahn's algorithm; rejects cycles). */
    private int[] longestPathRanks() {
        int n = graph.nodeCount();
        int[] indegree = new int[n];
        List<List<Integer>> out = new ArrayList<>();
        for (int v = 0; v < n; v++) out.add(new ArrayList<>());
        for (int e = 0; e < graph.edgeCount(); e++) {
            out.get(graph.edgeFrom(e)).add(graph.edgeTo(e));
            indegree[graph.edgeTo(e)]++;
        }
        int[] ranks = new int[n];
        ArrayDeque<Integer> ready = new ArrayDeque<>();
        for (int v = 0; v < n; v++) if (indegree[v] == 0) ready.add(v);
        int done = 0;
        while (!ready.isEmpty()) {
            int u = ready.poll();
            done++;
            for (int v : out.get(u)) {
                ranks[v] = Math.max(ranks[v], ranks[u] + 1);
                if (--indegree[v] == 0) ready.add(v);
            }
        }
        if (done < n) {
            List<String> stuck = new ArrayList<>();
            for (int v = 0; v < n && stuck.size() < 8; v++) if (indegree[v] > 0) stuck.add(graph.id(v));
            throw new IllegalArgumentException("GraphRenderer: expected a directed acyclic graph, received a cycle through nodes " + stuck);
        }
        return ranks;
    }

    private int addLayoutNode(int r) {
        rank.add(r);
        upList.add(new ArrayList<>());
        downList.add(new ArrayList<>());
        return rank.size() - 1;
    }

    /** The layout nodes an edge passes through: its source, one dummy per crossed rank, its target. */
    private int[] chain(int from, int to) {
        int[] c = new int[rank.get(to) - rank.get(from) + 1];
        c[0] = from;
        for (int i = 1; i < c.length - 1; i++) c[i] = addLayoutNode(rank.get(from) + i);
        c[c.length - 1] = to;
        for (int i = 0; i + 1 < c.length; i++) {
            downList.get(c[i]).add(c[i + 1]);
            upList.get(c[i + 1]).add(c[i]);
        }
        return c;
    }

    /**
     * Stacks the rank bands along the main axis. A gap grows with the sideways distance its edges
     * cover, so far-reaching curves do not flatten into near-horizontal lines.
     */
    private double placeRanks(int[] rankArray, int rankCount) {
        bandThickness = new double[rankCount];
        double[] reach = new double[rankCount];
        for (int v = 0; v < rankArray.length; v++) {
            bandThickness[rankArray[v]] = Math.max(bandThickness[rankArray[v]], alongSize[v]);
            for (int w : down[v]) reach[rankArray[v]] = Math.max(reach[rankArray[v]], Math.abs(across[v] - across[w]));
        }
        double base = lr ? Theme.RANK_GAP_LR : Theme.RANK_GAP_TB;
        bandTop = new double[rankCount];
        double cursor = Theme.MARGIN;
        for (int r = 0; r < rankCount; r++) {
            bandTop[r] = cursor;
            cursor += bandThickness[r];
            if (r + 1 < rankCount) cursor += Math.round(Math.min(2.5 * base, Math.max(base, 0.3 * reach[r])));
        }
        return cursor + Theme.MARGIN;
    }

    /** Where a node's box starts on the main axis: centred in its rank band. */
    private double alongStart(int v) {
        int r = rank.get(v);
        return bandTop[r] + Math.floor((bandThickness[r] - alongSize[v]) / 2);
    }

    private static int[][] toArrays(List<List<Integer>> lists) {
        int[][] a = new int[lists.size()][];
        for (int i = 0; i < a.length; i++) a[i] = lists.get(i).stream().mapToInt(Integer::intValue).toArray();
        return a;
    }
}
