package dev.lamina.benchmarks;

import dev.lamina.models.Model;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The reference workloads end to end: one invocation is the full {@code model.fit(...)} of the workload (verbose 0)
 * on a fresh model built and compiled outside the timing (as the peers build a fresh model per repetition).
 * {@code @OperationsPerInvocation} is the number of training samples, so W1/W2 report microseconds per sample and
 * W3/W4/W7 samples per second, the figures of {@code bench/README.md}. Default threading (both cores for large
 * products).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms2g", "-Xmx2g"})
public class FitBenchmark {
    /** Data made once per fork; a fresh model before every invocation. */
    public abstract static class Fresh<R extends Workloads.Run> {
        R run;
        Model model;

        abstract R create();

        @Setup(Level.Trial)
        public void data() {
            run = create();
        }

        @Setup(Level.Invocation)
        public void freshModel() {
            model = run.newModel();
        }
    }

    @State(Scope.Thread)
    public static class W1State extends Fresh<Workloads.W1> {
        @Override
        Workloads.W1 create() {
            return new Workloads.W1();
        }
    }

    @State(Scope.Thread)
    public static class W5State extends Fresh<Workloads.W5> {
        @Override
        Workloads.W5 create() {
            return new Workloads.W5();
        }
    }

    @State(Scope.Thread)
    public static class W2State extends Fresh<Workloads.W2> {
        @Override
        Workloads.W2 create() {
            return new Workloads.W2();
        }
    }

    @State(Scope.Thread)
    public static class W3State extends Fresh<Workloads.W3> {
        @Override
        Workloads.W3 create() {
            return new Workloads.W3();
        }
    }

    @State(Scope.Thread)
    public static class W4State extends Fresh<Workloads.W4> {
        @Override
        Workloads.W4 create() {
            return new Workloads.W4();
        }
    }

    @State(Scope.Thread)
    public static class W7State extends Fresh<Workloads.W7> {
        @Override
        Workloads.W7 create() {
            return new Workloads.W7();
        }
    }

    /** W1: microseconds per training sample (5 epochs x 1000 samples, validation included). */
    @Benchmark
    @OperationsPerInvocation(5000)
    public Object w1(W1State s) {
        return s.run.fit(s.model);
    }

    /** W5: microseconds per training sample (30 epochs x 1438 digits). */
    @Benchmark
    @OperationsPerInvocation(30 * 1438)
    public Object w5(W5State s) {
        return s.run.fit(s.model);
    }

    /** W2: microseconds per training sample (3 epochs x 100 samples). */
    @Benchmark
    @OperationsPerInvocation(300)
    public Object w2(W2State s) {
        return s.run.fit(s.model);
    }

    /** W3: samples per second (1 epoch of 60000). */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(60000)
    @Warmup(iterations = 1, time = 1)
    @Measurement(iterations = 3, time = 1)
    public Object w3(W3State s) {
        return s.run.fit(s.model);
    }

    /** W4: samples per second (1 epoch of 10000). */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(10000)
    @Warmup(iterations = 1, time = 1)
    @Measurement(iterations = 3, time = 1)
    public Object w4(W4State s) {
        return s.run.fit(s.model);
    }

    /** W7: samples per second (1 epoch of 4096 token sequences through one Transformer encoder block). */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(4096)
    @Warmup(iterations = 1, time = 1)
    @Measurement(iterations = 3, time = 1)
    public Object w7(W7State s) {
        return s.run.fit(s.model);
    }
}
