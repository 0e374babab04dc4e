package dev.lamina.utils.plot;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Orders the nodes within each rank to reduce edge crossings (Sugiyama's second phase): a
 * breadth-first initial order, then alternating barycenter sweeps with adjacent-swap refinement,
 * keeping the best order seen. Deterministic: ties keep the current order.
 */
final class CrossingReduction {
    private static final int SWEEPS = 24;
    private static final int TRANSPOSE_PASSES = 8;

    private final int[][] up;
    private final int[][] down;
    private final int[] pos;
    private final int[][] layers;

    private CrossingReduction(int[][] up, int[][] down, int[] rank, int rankCount) {
        this.up = up;
        this.down = down;
        this.pos = new int[rank.length];
        this.layers = initialOrder(rank, rankCount);
    }

    /** Returns the nodes of each rank, left to right (top to bottom for LR). */
    static int[][] order(int[][] up, int[][] down, int[] rank, int rankCount) {
        return new CrossingReduction(up, down, rank, rankCount).run();
    }

    private int[][] initialOrder(int[] rank, int rankCount) {
        List<List<Integer>> byRank = new ArrayList<>();
        for (int r = 0; r < rankCount; r++) byRank.add(new ArrayList<>());
        boolean[] seen = new boolean[rank.length];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int v = 0; v < rank.length; v++) {
            if (up[v].length > 0 || seen[v]) continue;
            seen[v] = true;
            queue.add(v);
            while (!queue.isEmpty()) {
                int u = queue.poll();
                byRank.get(rank[u]).add(u);
                for (int w : down[u]) {
                    if (!seen[w]) {
                        seen[w] = true;
                        queue.add(w);
                    }
                }
            }
        }
        int[][] result = new int[rankCount][];
        for (int r = 0; r < rankCount; r++) {
            result[r] = byRank.get(r).stream().mapToInt(Integer::intValue).toArray();
            for (int i = 0; i < result[r].length; i++) pos[result[r][i]] = i;
        }
        return result;
    }

    private int[][] run() {
        int[][] best = copy(layers);
        long bestCrossings = totalCrossings();
        for (int sweep = 0; sweep < SWEEPS && bestCrossings > 0; sweep++) {
            if (sweep % 2 == 0) {
                for (int r = 1; r < layers.length; r++) sortByBarycenter(r, up);
            } else {
                for (int r = layers.length - 2; r >= 0; r--) sortByBarycenter(r, down);
            }
            transpose();
            long c = totalCrossings();
            if (c < bestCrossings) {
                bestCrossings = c;
                best = copy(layers);
            }
        }
        return best;
    }

    private void sortByBarycenter(int r, int[][] neighbours) {
        int[] layer = layers[r];
        double[] key = new double[pos.length];
        for (int v : layer) {
            int[] ns = neighbours[v];
            if (ns.length == 0) {
                key[v] = pos[v];   // no anchor: stay put
            } else {
                double sum = 0;
                for (int n : ns) sum += pos[n];
                key[v] = sum / ns.length;
            }
        }
        Integer[] boxed = Arrays.stream(layer).boxed().toArray(Integer[]::new);
        Arrays.sort(boxed, Comparator.comparingDouble(v -> key[v]));   // stable
        for (int i = 0; i < layer.length; i++) {
            layer[i] = boxed[i];
            pos[layer[i]] = i;
        }
    }

    /** Swaps neighbours in a rank while that removes crossings with the ranks above and below. */
    private void transpose() {
        for (int pass = 0; pass < TRANSPOSE_PASSES; pass++) {
            boolean improved = false;
            for (int[] layer : layers) {
                for (int i = 0; i + 1 < layer.length; i++) {
                    int u = layer[i], v = layer[i + 1];
                    if (pairCrossings(v, u) < pairCrossings(u, v)) {
                        layer[i] = v;
                        layer[i + 1] = u;
                        pos[v] = i;
                        pos[u] = i + 1;
                        improved = true;
                    }
                }
            }
            if (!improved) return;
        }
    }

    /** Crossings between the edges of {@code left} and {@code right} when {@code left} is placed first. */
    private long pairCrossings(int left, int right) {
        return pairCrossings(up[left], up[right]) + pairCrossings(down[left], down[right]);
    }

    private long pairCrossings(int[] leftNeighbours, int[] rightNeighbours) {
        long c = 0;
        for (int a : leftNeighbours) for (int b : rightNeighbours) if (pos[a] > pos[b]) c++;
        return c;
    }

    private long totalCrossings() {
        long total = 0;
        for (int r = 0; r + 1 < layers.length; r++) {
            List<int[]> edges = new ArrayList<>();
            for (int u : layers[r]) for (int v : down[u]) edges.add(new int[] {pos[u], pos[v]});
            for (int i = 0; i < edges.size(); i++) {
                int[] a = edges.get(i);
                for (int j = i + 1; j < edges.size(); j++) {
                    int[] b = edges.get(j);
                    if ((long) (a[0] - b[0]) * (a[1] - b[1]) < 0) total++;
                }
            }
        }
        return total;
    }

    private static int[][] copy(int[][] layers) {
        int[][] c = new int[layers.length][];
        for (int i = 0; i < layers.length; i++) c[i] = layers[i].clone();
        return c;
    }
}
