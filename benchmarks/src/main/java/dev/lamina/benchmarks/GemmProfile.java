package dev.lamina.benchmarks;

import dev.lamina.tensor.kernels.Gemm;
import dev.lamina.tensor.kernels.Kernels;

import java.util.Map;
import java.util.TreeMap;

/**
 * The GEMM calls of one workload's fits, by shape: calls, time and GFLOP/s measured inside training (operands as
 * the loop leaves them in cache, the worker threads as busy as the loop keeps them), and the share of the fit
 * spent in GEMM. Not a JMH benchmark: a wrapper around {@link Kernels#gemm()} timing each call, for finding which
 * products fall short of their {@code GemmBenchmark} rate. Products run at once ({@code Kernels.both}) overlap, so
 * the share can exceed the time they really take. The wrapper is not the default GEMM, so convolutions run through
 * im2col patches here (not implicit GEMM, nor the direct few-filter loops): W4 and W2 are profiled on that path.
 * {@code java --add-modules=jdk.incubator.vector -cp benchmarks.jar dev.lamina.benchmarks.GemmProfile W3 2 4}.
 */
public final class GemmProfile {
    private GemmProfile() {
    }

    public static void main(String[] args) {
        Workloads.Run run = Workloads.byName(args.length > 0 ? args[0] : "W3");
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        Map<String, long[]> byShape = new TreeMap<>();     // shape -> {calls, nanos, m*n*k}
        Gemm inner = Kernels.gemm();
        Kernels.useGemm(new Gemm() {
            @Override
            public void gemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
                long t0 = System.nanoTime();
                inner.gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
                long dt = System.nanoTime() - t0;
                String key = m + "x" + n + "x" + k + " " + (transA ? "A^T" : "A") + "." + (transB ? "B^T" : "B");
                synchronized (byShape) {
                    long[] s = byShape.computeIfAbsent(key, x -> new long[]{0, 0, (long) m * n * k});
                    s[0]++;
                    s[1] += dt;
                }
            }

            @Override
            public String name() {
                return inner.name() + "+profile";
            }
        });
        for (int i = 0; i < warmup; i++) run.fit(run.newModel());
        byShape.clear();
        long fitNanos = 0;
        for (int i = 0; i < reps; i++) {
            var model = run.newModel();
            long t0 = System.nanoTime();
            run.fit(model);
            fitNanos += System.nanoTime() - t0;
        }
        long gemmNanos = 0;
        for (Map.Entry<String, long[]> e : byShape.entrySet()) {
            long[] s = e.getValue();
            gemmNanos += s[1];
            System.out.printf("%-26s %7d calls %9.1f ms %7.1f GFLOP/s%n", e.getKey(), s[0], s[1] / 1e6, 2.0 * s[2] * s[0] / s[1]);
        }
        System.out.printf("fit %.2f s, in GEMM %.2f s (%.0f%%), %.0f samples/s%n", fitNanos / 1e9, gemmNanos / 1e9,
                100.0 * gemmNanos / fitNanos, 1e9 * reps * run.samples() / fitNanos);
    }
}
