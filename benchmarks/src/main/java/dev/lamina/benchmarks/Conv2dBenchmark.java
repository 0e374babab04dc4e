package dev.lamina.benchmarks;

import dev.lamina.tensor.Autodiff;
import dev.lamina.tensor.Concurrency;
import dev.lamina.tensor.ConvOps;
import dev.lamina.tensor.NoGrad;
import dev.lamina.tensor.Ops;
import dev.lamina.tensor.ReduceOps;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.Variable;
import dev.lamina.tensor.kernels.Gemm;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * conv2d forward, and forward + backward (input and kernel gradients of {@code sum(y * upstream)}), on the W4 CNN's
 * two convolutions at batch 64: {@code c1} = 28x28x1 -> 32 filters 3x3, {@code c2} = 13x13x32 -> 64 filters 3x3.
 * {@code lowering=implicit} is the default path (implicit GEMM for the forward and the kernel gradient);
 * {@code im2col} hides the same Vector API GEMM behind a wrapper, which sends every product through im2col patches.
 * The backward figure includes the loss' multiply, sum and their gradients over the whole output, elementwise ops
 * that take most of the time here (a variant with only the kernel's gradient measured about ten times c1's
 * forward; README.md has the figures), so compare lowerings on the forward.
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

    @Param({"implicit", "im2col"})
    public String lowering;

    private Tensor x;
    private Variable input;
    private Variable kernel;
    private Tensor upstream;
    private Gemm previous;

    @Setup
    public void setup() {
        Concurrency.setMaxThreads(threads);
        if (lowering.equals("im2col")) {
            Gemm vector = Kernels.gemm();
            previous = Kernels.useGemm(new Gemm() {      // not the default GEMM: convolutions take im2col
                @Override
                public void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff,
                                 float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
                    vector.gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
                }

                @Override
                public String name() {
                    return vector.name() + " (im2col)";
                }
            });
        }
        Shape xs = layer.equals("c1") ? Shape.of(64, 28, 28, 1) : Shape.of(64, 13, 13, 32);
        Shape ks = layer.equals("c1") ? Shape.of(3, 3, 1, 32) : Shape.of(3, 3, 32, 64);
        x = Tensor.uniform(xs, -1f, 1f, 1);
        input = new Variable("x", x);
        kernel = new Variable("kernel", Tensor.uniform(ks, -0.1f, 0.1f, 2));
        Shape ys = layer.equals("c1") ? Shape.of(64, 26, 26, 32) : Shape.of(64, 11, 11, 64);
        upstream = Tensor.uniform(ys, -1f, 1f, 3);      // a fixed dL/dy: the loss is sum(y * upstream)
    }

    @Benchmark
    public Tensor forward() {
        try (NoGrad ignored = NoGrad.enter()) {
            return ConvOps.conv2d(x, kernel.value(), new int[]{1, 1}, "valid", new int[]{1, 1});
        }
    }

    @TearDown
    public void tearDown() {
        if (previous != null) Kernels.useGemm(previous);
    }

    @Benchmark
    public List<Tensor> forwardBackward() {
        Tensor y = ConvOps.conv2d(input.value(), kernel.value(), new int[]{1, 1}, "valid", new int[]{1, 1});
        return Autodiff.gradients(ReduceOps.sum(Ops.multiply(y, upstream)), List.of(input, kernel));
    }
}
