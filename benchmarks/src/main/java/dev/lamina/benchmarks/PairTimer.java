package dev.lamina.benchmarks;

import dev.lamina.tensor.kernels.Gemm;
import dev.lamina.tensor.kernels.Kernels;

import java.util.Arrays;
import java.util.Random;

/**
 * A plain main (not JMH): W3's layer-2 backward pair, dX = dZ.W^T and dW = X^T.dZ, run by {@link Kernels#both}
 * (each product on one thread) and by {@link Gemm#pair} (threads take each other's chunks), alternating in one JVM,
 * so that the machine's per-JVM and minute-scale phases fall on both alike. Prints each round and the median ratio:
 * {@code java --add-modules=jdk.incubator.vector -cp benchmarks.jar dev.lamina.benchmarks.PairTimer 8 300}.
 */
public final class PairTimer {
    private PairTimer() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int iters = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int m = 128, k = 512, n = 512;
        Random r = new Random(1);
        float[] dz = new float[m * n], w = new float[k * n], x = new float[m * k], dx = new float[m * k], dw = new float[k * n];
        for (float[] v : new float[][]{dz, w, x}) for (int i = 0; i < v.length; i++) v[i] = r.nextFloat() - 0.5f;
        Gemm g = Kernels.gemm();
        Gemm.Call dX = new Gemm.Call(false, true, m, k, n, dz, 0, w, 0, dx, 0, false);
        Gemm.Call dW = new Gemm.Call(true, false, k, n, m, x, 0, dz, 0, dw, 0, false);
        double[] ratios = new double[rounds - 1];
        for (int round = 0; round < rounds; round++) {        // round 0 warms up both paths
            long t0 = System.nanoTime();
            for (int i = 0; i < iters; i++) Kernels.both((long) m * k * n, () -> dX.run(g), () -> dW.run(g));
            long t1 = System.nanoTime();
            for (int i = 0; i < iters; i++) g.pair(dX, dW);
            long t2 = System.nanoTime();
            System.out.printf("round %d: both %.1f us, pair %.1f us%n", round, (t1 - t0) / 1e3 / iters, (t2 - t1) / 1e3 / iters);
            if (round > 0) ratios[round - 1] = (double) (t2 - t1) / (t1 - t0);
        }
        Arrays.sort(ratios);
        System.out.printf("pair / both, median of %d rounds: %.3f%n", ratios.length, ratios[ratios.length / 2]);
    }
}
