package dev.lamina.benchmarks;

import dev.lamina.tensor.kernels.Gemm;
import dev.lamina.tensor.kernels.KernelDiagnostics;

import java.util.Arrays;
import java.util.Random;

/**
 * A plain main (not JMH): how close the Vector API GEMM gets, on one thread, to the rate its own micro-kernel reaches
 * on panels that sit in L1, with the two measured alternately in one JVM. On this shared machine the core's FMA rate
 * itself moves by up to half from one minute to the next, so a product's GFLOP/s alone cannot tell the kernel's
 * losses (packing, edge tiles, memory) from the machine's; the ratio can. For each shape it alternates one product
 * ({@code KernelDiagnostics.vectorGemm(1)}) with the same number of full {@code MR x NR} tiles of the same depths on one L1-resident
 * pair of panels, and prints both rates (best and median of the alternations, FLOPs = 2mnk for both) and the
 * product's median as a share of the tile's median and of the nominal 78 GFLOP/s per core:
 * {@code java --add-modules=jdk.incubator.vector -cp benchmarks.jar dev.lamina.benchmarks.GemmEfficiency 300 W3.dX2 n512}.
 * It reaches the micro-kernel through {@link KernelDiagnostics}.
 */
public final class GemmEfficiency {
    private static final double NOMINAL_PEAK = 78.0;
    private static final String[] DEFAULT_SHAPES = {"n256", "n512", "n1024", "W3.fwd1", "W3.dW1", "W3.dX1",
            "W3.fwd2", "W3.dW2", "W3.dX2", "W3.fwd3", "W3.dW3", "W3.dX3"};

    private GemmEfficiency() {
    }

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        String[] shapes = args.length > 1 ? Arrays.copyOfRange(args, 1, args.length) : DEFAULT_SHAPES;
        System.out.println("| shape | product GFLOP/s (best, median) | L1 tile GFLOP/s (best, median) | product / tile (medians) | product / nominal 78 (median) |");
        System.out.println("|---|---|---|---|---|");
        for (String shape : shapes) measure(shape, reps);
    }

    private static void measure(String shape, int reps) {
        int[] s = GemmShapes.get(shape);
        int m = s[0], n = s[1], k = s[2];
        boolean transA = s[3] == 1, transB = s[4] == 1;
        Random r = new Random(1);
        float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
        for (float[] v : new float[][]{a, b}) for (int i = 0; i < v.length; i++) v[i] = r.nextFloat() - 0.5f;
        Gemm gemm = KernelDiagnostics.vectorGemm(1);
        int kStep = KernelDiagnostics.gemmDepthStep(transA, transB, m, n, k);
        int mr = KernelDiagnostics.tileRows(), nr = KernelDiagnostics.tileColumns();
        long tiles = (long) ((m + mr - 1) / mr) * ((n + nr - 1) / nr);
        float[] ap = new float[mr * kStep], bp = new float[nr * kStep];
        float[] ct = new float[mr * nr], tmp = new float[mr * nr];
        for (float[] v : new float[][]{ap, bp}) for (int i = 0; i < v.length; i++) v[i] = r.nextFloat() - 0.5f;
        Runnable product = () -> gemm.gemm(transA, transB, m, n, k, a, 0, b, 0, c, 0, false);
        Runnable tile = () -> {
            for (int pc = 0; pc < k; pc += kStep) {
                int kc = Math.min(kStep, k - pc);
                for (long t = 0; t < tiles; t++) {
                    KernelDiagnostics.tile(kc, ap, bp, ct, pc > 0, tmp);
                }
            }
        };
        long[] tp = new long[reps], tt = new long[reps];
        for (int i = 0; i < reps / 4 + 10; i++) {      // warm-up: both compiled before the first timed call
            product.run();
            tile.run();
        }
        for (int i = 0; i < reps; i++) {
            tp[i] = time(product);
            tt[i] = time(tile);
        }
        Arrays.sort(tp);
        Arrays.sort(tt);
        double flops = 2.0 * m * n * k;
        double pBest = flops / tp[0], pMed = flops / tp[reps / 2], tBest = flops / tt[0], tMed = flops / tt[reps / 2];
        System.out.printf("| %s (%s) | %.1f, %.1f | %.1f, %.1f | %.0f%% | %.0f%% |%n", shape, GemmShapes.describe(shape),
                pBest, pMed, tBest, tMed, 100 * pMed / tMed, 100 * pMed / NOMINAL_PEAK);
    }

    private static long time(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return System.nanoTime() - t0;
    }
}
