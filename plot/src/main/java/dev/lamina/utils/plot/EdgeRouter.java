package dev.lamina.utils.plot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * Turns laid-out edge chains into drawable routes. An edge leaves its source through a port on the
 * side facing the next rank, runs straight through rank bands (past its dummies) and bends only in
 * the gaps between bands, as a cubic whose ends point along the main axis; so routes never cross
 * boxes and every arrowhead points straight into its target. Several edges on one side of a box get
 * separate ports, ordered by where their other ends lie, so they do not cross at the box.
 */
final class EdgeRouter {
    private final IntToDoubleFunction alongStart;
    private final int[] rank;
    private final double[] across;
    private final double[] acrossSize;
    private final double[] alongSize;
    private final double[] bandTop;
    private final double[] bandThickness;
    private final boolean lr;

    EdgeRouter(IntToDoubleFunction alongStart, int[] rank, double[] across, double[] acrossSize, double[] alongSize,
               double[] bandTop, double[] bandThickness, boolean lr) {
        this.alongStart = alongStart;
        this.rank = rank;
        this.across = across;
        this.acrossSize = acrossSize;
        this.alongSize = alongSize;
        this.bandTop = bandTop;
        this.bandThickness = bandThickness;
        this.lr = lr;
    }

    Layout.Route[] route(int[][] chains, int realCount) {
        double[] outPort = ports(chains, realCount, true);
        double[] inPort = ports(chains, realCount, false);
        Layout.Route[] routes = new Layout.Route[chains.length];
        for (int e = 0; e < chains.length; e++) {
            int[] c = chains[e];
            int from = c[0], to = c[c.length - 1];
            List<double[]> points = new ArrayList<>();   // {across, along}
            double sourceEnd = alongStart.applyAsDouble(from) + alongSize[from];
            add(points, outPort[e], sourceEnd);
            add(points, outPort[e], bandEnd(rank[from]));
            for (int i = 1; i < c.length - 1; i++) {
                add(points, across[c[i]], bandTop[rank[c[i]]]);
                add(points, across[c[i]], bandEnd(rank[c[i]]));
            }
            double tip = alongStart.applyAsDouble(to);
            double base = tip - Theme.ARROW_LENGTH;
            if (base > bandTop[rank[to]]) add(points, inPort[e], bandTop[rank[to]]);
            add(points, inPort[e], base);
            routes[e] = new Layout.Route(path(points), arrow(inPort[e], tip, base));
        }
        return routes;
    }

    private double bandEnd(int r) {
        return bandTop[r] + bandThickness[r];
    }

    /** Port positions (across axis) of every edge on the out side or in side of its real endpoint. */
    private double[] ports(int[][] chains, int realCount, boolean out) {
        List<List<Integer>> byNode = new ArrayList<>();
        for (int v = 0; v < realCount; v++) byNode.add(new ArrayList<>());
        for (int e = 0; e < chains.length; e++) byNode.get(out ? chains[e][0] : chains[e][chains[e].length - 1]).add(e);
        double[] port = new double[chains.length];
        for (int v = 0; v < realCount; v++) {
            List<Integer> edges = byNode.get(v);
            // The neighbour along each edge decides the port order; ties keep edge order.
            edges.sort(Comparator.comparingDouble(e -> across[out ? chains[e][1] : chains[e][chains[e].length - 2]]));
            int k = edges.size();
            double usable = Math.max(0, acrossSize[v] - 2 * Theme.CORNER - 4);
            double spacing = k > 1 ? Math.min(Theme.PORT_SPACING, usable / (k - 1)) : 0;
            for (int i = 0; i < k; i++) port[edges.get(i)] = across[v] + (i - (k - 1) / 2.0) * spacing;
        }
        return port;
    }

    private static void add(List<double[]> points, double a, double l) {
        double[] last = points.isEmpty() ? null : points.get(points.size() - 1);
        if (last != null && Math.abs(last[0] - a) < 1e-9 && Math.abs(last[1] - l) < 1e-9) return;
        points.add(new double[] {a, l});
    }

    /** Joins the points by cubics that leave and arrive along the main axis (straight when aligned). */
    private double[] path(List<double[]> points) {
        double[] p = new double[2 + 6 * (points.size() - 1)];
        put(p, 0, points.get(0)[0], points.get(0)[1]);
        for (int i = 1; i < points.size(); i++) {
            double[] a = points.get(i - 1), b = points.get(i);
            double mid = (a[1] + b[1]) / 2;
            int o = 2 + 6 * (i - 1);
            if (Math.abs(a[0] - b[0]) < 1e-9) {
                put(p, o, a[0], a[1] + (b[1] - a[1]) / 3);
                put(p, o + 2, a[0], a[1] + 2 * (b[1] - a[1]) / 3);
            } else {
                put(p, o, a[0], mid);
                put(p, o + 2, b[0], mid);
            }
            put(p, o + 4, b[0], b[1]);
        }
        return p;
    }

    private double[] arrow(double a, double tip, double base) {
        double[] p = new double[6];
        put(p, 0, a, tip);
        put(p, 2, a - Theme.ARROW_HALF_WIDTH, base);
        put(p, 4, a + Theme.ARROW_HALF_WIDTH, base);
        return p;
    }

    /** Stores an (across, along) point as screen (x, y). */
    private void put(double[] p, int o, double a, double l) {
        p[o] = lr ? l : a;
        p[o + 1] = lr ? a : l;
    }
}
