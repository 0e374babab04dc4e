package dev.lamina.benchmarks;

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

/**
 * The W1 layer products. All stay below {@code ThreadPolicy}'s threading threshold, so they run on one thread
 * whatever the setting, and are measured once.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class GemmSmallBenchmark {
    @Param({"W1.fwd1", "W1.dW1", "W1.dX1", "W1.fwd2", "W1.dW2", "W1.dX2", "W1.fwd3", "W1.dW3", "W1.dX3"})
    public String shape;
    @Param({"ejml", "vector"})
    public String kernel;

    private GemmBenchmark.Operands ops;

    @Setup
    public void setup() {
        ops = new GemmBenchmark.Operands(shape, kernel);
    }

    @Benchmark
    public float[] gemm() {
        return ops.run();
    }
}
