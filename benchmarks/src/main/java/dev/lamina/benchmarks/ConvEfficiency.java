package dev.lamina.benchmarks;

import dev.lamina.tensor.Concurrency;
import dev.lamina.tensor.kernels.KernelDiagnostics;
import dev.lamina.tensor.kernels.Kernels;

import java.util.Arrays;
import java.util.Random;

/**
 * A plain main (not JMH): GFLOP/s of the implicit-GEMM convolution's three products on one thread, for W4's second
 * convolution (13x13x32 to 64 filters, 3x3, batch 64) or its first ({@code c1}: 28x28x1 to 32), with the input
 * gradient also as GEMM + col2im (the path for windows that read padding), alternating in one JVM. Prints the
 * medians and bests of the second half of the calls, and whether both input gradients are the same bits:
 * {@code java --add-modules=jdk.incubator.vector -cp benchmarks.jar dev.lamina.benchmarks.ConvEfficiency c2 200}.
 * It reaches the implicit-GEMM products through {@link KernelDiagnostics}.
 */
public final class ConvEfficiency {
    private ConvEfficiency() {
    }

    public static void main(String[] args) {
        boolean c1 = args.length > 0 && args[0].equals("c1");
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Concurrency.setMaxThreads(1);
        int batch = 64, h = c1 ? 28 : 13, c = c1 ? 1 : 32, f = c1 ? 32 : 64, o = h - 2, k = 9 * c;
        Kernels.Window g = new Kernels.Window(batch, h, h, c, 3, 3, 1, 1, 1, 1, 0, 0, o, o);
        Random r = new Random(1);
        float[] x = gaussian(r, batch * h * h * c), kd = gaussian(r, k * f), gy = gaussian(r, batch * o * o * f);
        float[] y = new float[gy.length], dk = new float[kd.length], dx = new float[x.length], dxGemm = new float[x.length];
        float[] cols = new float[batch * o * o * k];
        double flops = 2.0 * batch * o * o * f * k;
        double[][] rate = new double[4][reps];
        for (int i = 0; i < reps; i++) {
            Arrays.fill(dx, 0f);
            Arrays.fill(dxGemm, 0f);
            long t0 = System.nanoTime();
            KernelDiagnostics.implicitConvForward(g, x, kd, f, y);
            long t1 = System.nanoTime();
            KernelDiagnostics.implicitConvKernelGrad(g, x, gy, f, dk);
            long t2 = System.nanoTime();
            KernelDiagnostics.implicitConvInputGrad(g, gy, kd, f, dx);
            long t3 = System.nanoTime();
            Kernels.gemm().gemm(false, true, batch * o * o, k, f, gy, 0, kd, 0, cols, 0, false);
            KernelDiagnostics.col2im(g, cols, dxGemm);
            long t4 = System.nanoTime();
            rate[0][i] = flops / (t1 - t0);
            rate[1][i] = flops / (t2 - t1);
            rate[2][i] = flops / (t3 - t2);
            rate[3][i] = flops / (t4 - t3);
        }
        String[] names = {"forward", "kernel gradient", "input gradient", "input gradient as GEMM + col2im"};
        System.out.printf("%s, one thread, GFLOP/s (median, best):", c1 ? "c1" : "c2");
        for (int j = 0; j < names.length; j++) {
            double[] late = Arrays.copyOfRange(rate[j], reps / 2, reps);
            Arrays.sort(late);
            System.out.printf(" %s %.1f, %.1f;", names[j], late[late.length / 2], late[late.length - 1]);
        }
        System.out.printf(" input gradients the same bits: %b%n", Arrays.equals(dx, dxGemm));
    }

    private static float[] gaussian(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
        return a;
    }
}
