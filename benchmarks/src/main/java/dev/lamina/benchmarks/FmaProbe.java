package dev.lamina.tensor.kernels;

/**
 * A plain main (not JMH): the rate of the GEMM micro-kernel on L1-resident panels, on one thread and then on two
 * threads at once, for a number of rounds. It tells which phase the machine is in. Each of this machine's two
 * vCPUs reaches 85-92 GFLOP/s alone, and two threads reach either about 170 (the vCPUs run on separate physical
 * cores) or about 90 (they share one core's FMA units, 45 each), switching every few seconds to minutes; a
 * GEMM-bound workload on two threads moves with it. Run it just before a benchmark to label the phase:
 * {@code java --add-modules=jdk.incubator.vector -cp benchmarks.jar dev.lamina.tensor.kernels.FmaProbe 5 500}
 * (rounds, milliseconds per measurement). It lives in the kernels' package because the micro-kernel is package-private.
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
        float[] ap = new float[VectorKernel.MR * KC], bp = new float[VectorKernel.NR * KC];
        float[] c = new float[VectorKernel.MR * VectorKernel.NR], tmp = new float[VectorKernel.MR * VectorKernel.NR];
        long tiles = 0, t0 = System.nanoTime(), end = t0 + ms * 1_000_000L;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1000; i++) VectorKernel.tile(KC, ap, 0, bp, 0, c, 0, VectorKernel.NR, VectorKernel.MR, VectorKernel.NR, false, tmp);
            tiles += 1000;
        }
        return tiles * 2.0 * VectorKernel.MR * VectorKernel.NR * KC / (System.nanoTime() - t0);
    }
}
