package dev.lamina.benchmarks;

import dev.lamina.tensor.Concurrency;
import dev.lamina.tensor.kernels.Gemm;
import dev.lamina.tensor.kernels.KernelDiagnostics;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;

/**
 * GEMM throughput of the EJML and Vector API kernels on the square and W3 shapes, on 1 and 2 threads. Scores are
 * products per second; GFLOP/s = score x 2mnk / 1e9 ({@link GflopsTable} converts a JSON result file).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class GemmBenchmark {
    @Param({"n64", "n128", "n256", "n512", "n1024",
            "W3.fwd1", "W3.dW1", "W3.dX1", "W3.fwd2", "W3.dW2", "W3.dX2", "W3.fwd3", "W3.dW3", "W3.dX3",
            "W4c1.fwd", "W4c1.dW", "W4c2.fwd", "W4c2.dW", "W4c2.dX"})
    public String shape;
    @Param({"ejml", "vector"})
    public String kernel;
    @Param({"1", "2"})
    public int threads;

    private Operands ops;

    @Setup
    public void setup() {
        Concurrency.setMaxThreads(threads);
        ops = new Operands(shape, kernel);
    }

    @Benchmark
    public float[] gemm() {
        return ops.run();
    }

    /** One shape's operands and kernel; shared with {@link GemmSmallBenchmark}. */
    static final class Operands {
        final Gemm gemm;
        final boolean transA, transB;
        final int m, n, k;
        final float[] a, b, c;

        Operands(String shape, String kernel) {
            int[] s = GemmShapes.get(shape);
            m = s[0];
            n = s[1];
            k = s[2];
            transA = s[3] == 1;
            transB = s[4] == 1;
            gemm = kernel.equals("ejml") ? KernelDiagnostics.ejmlGemm() : KernelDiagnostics.vectorGemm();
            Random r = new Random(42);
            a = new float[m * k];
            b = new float[k * n];
            c = new float[m * n];
            for (int i = 0; i < a.length; i++) a[i] = r.nextFloat() - 0.5f;
            for (int i = 0; i < b.length; i++) b[i] = r.nextFloat() - 0.5f;
        }

        float[] run() {
            gemm.gemm(transA, transB, m, n, k, a, 0, b, 0, c, 0, false);
            return c;
        }
    }
}
