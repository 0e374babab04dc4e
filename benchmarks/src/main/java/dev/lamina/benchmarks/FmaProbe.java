package dev.lamina.benchmarks;

import dev.lamina.tensor.kernels.KernelDiagnostics;

/**
 * A plain main (not JMH): the rate of the GEMM micro-kernel on L1-resident panels, on one thread and then on two
 * threads at once, for a number of rounds. It tells which phase the machine is in: on a virtual machine whose two
 * vCPUs sometimes share one physical core's FMA units, two threads reach either about twice one thread's rate or
 * about the same in all, switching every few seconds to minutes (figures in README.md), and a GEMM-bound workload
 * on two threads moves with it. Run it just before a benchmark to label the phase:
 * {@code java --add-modules=jdk.incubator.vector -cp benchmarks.jar dev.lamina.benchmarks.FmaProbe 5 500}
 * (rounds, milliseconds per measurement). It reaches the micro-kernel through {@link KernelDiagnostics}.
 */
public final class FmaProbe {
    private static final int KC = 256;

    private FmaProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long ms = args.length > 1 ? Long.parseLong(args[1]) : 500;
        rate(2 * ms);                                  // warm-up: the tile compiled before the first round
        for (int r = 0; r < rounds; r++) {
            double one = rate(ms);
            double[] two = new double[2];
            Thread other = new Thread(() -> two[1] = rate(ms));
            other.start();
            two[0] = rate(ms);
            other.join();
            System.out.printf("%tT one thread %.1f GFLOP/s, two threads %.1f + %.1f = %.1f GFLOP/s%n",
                    new java.util.Date(), one, two[0], two[1], two[0] + two[1]);
        }
    }

    /** GFLOP/s of full tiles on this thread's own L1-resident panels for about {@code ms} milliseconds. */
    private static double rate(long ms) {
        int mr = KernelDiagnostics.tileRows(), nr = KernelDiagnostics.tileColumns();
        float[] ap = new float[mr * KC], bp = new float[nr * KC];
        float[] c = new float[mr * nr], tmp = new float[mr * nr];
        long tiles = 0, t0 = System.nanoTime(), end = t0 + ms * 1_000_000L;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1000; i++) KernelDiagnostics.tile(KC, ap, bp, c, false, tmp);
            tiles += 1000;
        }
        return tiles * 2.0 * mr * nr * KC / (System.nanoTime() - t0);
    }
}
