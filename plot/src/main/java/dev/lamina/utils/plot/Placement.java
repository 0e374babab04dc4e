package dev.lamina.utils.plot;

/**
 * Assigns each node a centre on the across axis (x in TB, y in LR), Sugiyama's third phase. Each
 * sweep pulls every node towards the weighted mean of its neighbours in the previous rank, then
 * finds the closest positions that keep the rank's order and spacing (an isotonic regression,
 * solved exactly by pool-adjacent-violators). Long-edge dummies pull harder, so long edges run
 * straight, as in Graphviz' dot.
 */
final class Placement {
    private static final int ROUNDS = 12;

    private final int[][] layers;
    private final int[][] up;
    private final int[][] down;
    private final double[] size;
    private final boolean[] dummy;
    private final double[] x;

    private Placement(int[][] layers, int[][] up, int[][] down, double[] size, boolean[] dummy) {
        this.layers = layers;
        this.up = up;
        this.down = down;
        this.size = size;
        this.dummy = dummy;
        this.x = new double[size.length];
    }

    /** Returns the across-axis centre of every node, with the leftmost edge at {@code margin}. */
    static double[] place(int[][] layers, int[][] up, int[][] down, double[] size, boolean[] dummy, double margin) {
        return new Placement(layers, up, down, size, dummy).run(margin);
    }

    private double[] run(double margin) {
        for (int[] layer : layers) placeRank(layer, null, null);   // packed and centred
        for (int round = 0; round < ROUNDS; round++) {
            for (int r = 1; r < layers.length; r++) placeRank(layers[r], up, null);
            for (int r = layers.length - 2; r >= 0; r--) placeRank(layers[r], down, null);
        }
        for (int round = 0; round < 2; round++) {
            for (int[] layer : layers) placeRank(layer, up, down);
        }
        double left = Double.POSITIVE_INFINITY;
        for (int v = 0; v < x.length; v++) left = Math.min(left, x[v] - size[v] / 2);
        for (int v = 0; v < x.length; v++) x[v] += margin - left;
        return x;
    }

    private double weight(int u, int v) {
        return dummy[u] && dummy[v] ? 8 : dummy[u] || dummy[v] ? 2 : 1;
    }

    private double gap(int u, int v) {
        return dummy[u] && dummy[v] ? Theme.DUMMY_WIDTH / 2 : dummy[u] || dummy[v] ? Theme.NODE_GAP / 2 : Theme.NODE_GAP;
    }

    /** Moves the nodes of one rank towards their neighbours in {@code a} and {@code b} (either may be null). */
    private void placeRank(int[] layer, int[][] a, int[][] b) {
        int m = layer.length;
        if (m == 0) return;
        double[] target = new double[m];
        double[] w = new double[m];
        double offset = 0;
        for (int i = 0; i < m; i++) {
            int v = layer[i];
            if (i > 0) offset += size[layer[i - 1]] / 2 + gap(layer[i - 1], v) + size[v] / 2;
            double sum = 0, total = 0;
            for (int[][] ns : new int[][][] {a, b}) {
                if (ns == null) continue;
                for (int n : ns[v]) {
                    double wt = weight(v, n);
                    sum += wt * x[n];
                    total += wt;
                }
            }
            double desired = total > 0 ? sum / total : (a == null && b == null ? 0 : x[v]);
            w[i] = total > 0 ? total : 0.05;   // unanchored nodes give way
            target[i] = desired - offset;      // in shifted coordinates the spacing rule becomes "non-decreasing"
        }
        double[] y = isotonic(target, w);
        offset = 0;
        for (int i = 0; i < m; i++) {
            int v = layer[i];
            if (i > 0) offset += size[layer[i - 1]] / 2 + gap(layer[i - 1], v) + size[v] / 2;
            x[v] = y[i] + offset;
        }
    }

    /** Weighted least-squares non-decreasing fit (pool adjacent violators). */
    static double[] isotonic(double[] t, double[] w) {
        int m = t.length;
        double[] mean = new double[m];
        double[] weight = new double[m];
        int[] count = new int[m];
        int blocks = 0;
        for (int i = 0; i < m; i++) {
            mean[blocks] = t[i];
            weight[blocks] = w[i];
            count[blocks] = 1;
            blocks++;
            while (blocks > 1 && mean[blocks - 2] > mean[blocks - 1]) {
                double wt = weight[blocks - 2] + weight[blocks - 1];
                mean[blocks - 2] = (mean[blocks - 2] * weight[blocks - 2] + mean[blocks - 1] * weight[blocks - 1]) / wt;
                weight[blocks - 2] = wt;
                count[blocks - 2] += count[blocks - 1];
                blocks--;
            }
        }
        double[] y = new double[m];
        int i = 0;
        for (int b = 0; b < blocks; b++) for (int k = 0; k < count[b]; k++) y[i++] = mean[b];
        return y;
    }
}
