package dev.lamina.benchmarks;

import dev.lamina.tensor.Autodiff;
import dev.lamina.tensor.ConvOps;
import dev.lamina.tensor.NoGrad;
import dev.lamina.tensor.Ops;
import dev.lamina.tensor.ReduceOps;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.Variable;
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

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * conv2d (im2col + GEMM) forward, and forward + backward (input and kernel gradients), on the W4 CNN's two
 * convolutions at batch 64: {@code c1} = 28x28x1 -> 32 filters 3x3, {@code c2} = 13x13x32 -> 64 filters 3x3.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class Conv2dBenchmark {
    @Param({"c1", "c2"})
    public String layer;

    @Param({"1", "2"})
    public int threads;

    private Tensor x;
    private Variable input;
    private Variable kernel;

    @Setup
    public void setup() {
        Kernels.parallelism().setMaxThreads(threads);
        Shape xs = layer.equals("c1") ? Shape.of(64, 28, 28, 1) : Shape.of(64, 13, 13, 32);
        Shape ks = layer.equals("c1") ? Shape.of(3, 3, 1, 32) : Shape.of(3, 3, 32, 64);
        x = Tensor.uniform(xs, -1f, 1f, 1);
        input = new Variable("x", x);
        kernel = new Variable("kernel", Tensor.uniform(ks, -0.1f, 0.1f, 2));
    }

    @Benchmark
    public Tensor forward() {
        try (NoGrad ignored = NoGrad.enter()) {
            return ConvOps.conv2d(x, kernel.value(), new int[]{1, 1}, "valid", new int[]{1, 1});
        }
    }

    @Benchmark
    public List<Tensor> forwardBackward() {
        Tensor y = ConvOps.conv2d(input.value(), kernel.value(), new int[]{1, 1}, "valid", new int[]{1, 1});
        return Autodiff.gradients(ReduceOps.sum(Ops.square(y)), List.of(input, kernel));
    }
}
