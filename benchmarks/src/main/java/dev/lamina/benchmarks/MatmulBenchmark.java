package dev.lamina.benchmarks;

import dev.lamina.tensor.Concurrency;
import dev.lamina.tensor.NoGrad;
import dev.lamina.tensor.Ops;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.kernels.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Per-op overhead: the same product through {@code Ops.matmul} (shape checks, output allocation, autodiff off)
 * and straight through the GEMM in use ({@code Kernels.gemm()}) into a reused array, in microseconds per call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class MatmulBenchmark {
    @Param({"W1.fwd1", "W1.dW1", "W1.dX1", "W3.fwd1", "W3.dW1", "W3.dX1"})
    public String shape;

    private boolean transA, transB;
    private int m, n, k;
    private Tensor a, b;
    private float[] c;

    @Setup
    public void setup() {
        Concurrency.setMaxThreads(1);
        int[] s = GemmShapes.get(shape);
        m = s[0];
        n = s[1];
        k = s[2];
        transA = s[3] == 1;
        transB = s[4] == 1;
        a = Tensor.uniform(transA ? Shape.of(k, m) : Shape.of(m, k), -1f, 1f, 1);
        b = Tensor.uniform(transB ? Shape.of(n, k) : Shape.of(k, n), -1f, 1f, 2);
        c = new float[m * n];
    }

    @Benchmark
    public Tensor matmul() {
        try (NoGrad ignored = NoGrad.enter()) {
            return Ops.matmul(a, b, transA, transB);
        }
    }

    @Benchmark
    public float[] gemm() {
        Kernels.gemm().gemm(transA, transB, m, n, k, a.data(), a.offset(), b.data(), b.offset(), c, 0, false);
        return c;
    }
}
