package dev.lamina.benchmarks;

import dev.lamina.models.Model;
import dev.lamina.serving.Predictor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.FloatBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * W8 ({@code bench/README.md}), serving: the W3 MLP and the W4 CNN (glorot/zero weights) through one
 * {@link Predictor}. {@code latency} is one batch-1 call into the caller's array (the 10 logits read out), in
 * {@code SampleTime} mode, whose {@code p0.50}/{@code p0.90}/{@code p0.99} lines are the latency figures;
 * {@code calls1}/{@code calls2} are calls per second with one and two threads calling the same predictor at once;
 * {@code batch64} predicts 10,000 samples in batches of 64 (156 x 64 + 16, read in place from one array through
 * {@code FloatBuffer} views), reported per sample. {@link PredictTimer} runs the peers' exact protocol instead.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar PredictBenchmark}.
 */
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
public class PredictBenchmark {
    static final int POOL = 256;
    static final int SAMPLES = 10000;
    static final int BATCH = 64;

    /** The model, its predictor and the inputs, shared by every calling thread. */
    @State(Scope.Benchmark)
    public static class Serving {
        @Param({"mlp", "cnn"})
        public String model;
        Predictor predictor;
        float[][] pool;
        float[] batchData;
        int sampleSize;
        int outSize;

        @Setup(Level.Trial)
        public void setup() {
            predictor = Predictor.of(model(model));
            sampleSize = predictor.inputShape(0).size();
            outSize = predictor.outputShape(0).size();
            Random rnd = new Random(80);
            pool = new float[POOL][sampleSize];
            for (float[] x : pool) for (int j = 0; j < x.length; j++) x[j] = rnd.nextFloat();
            batchData = new float[SAMPLES * sampleSize];
            for (int j = 0; j < batchData.length; j++) batchData[j] = rnd.nextFloat();
        }
    }

    /** One calling thread's output array and position in the pool. */
    @State(Scope.Thread)
    public static class Caller {
        float[] out;
        float[] batchOut;
        int next;

        @Setup(Level.Trial)
        public void setup(Serving s) {
            out = new float[s.outSize];
            batchOut = new float[BATCH * s.outSize];
        }
    }

    /** W8's models: {@code mlp} (784-512-512-10) or {@code cnn} (W4's). */
    static Model model(String name) {
        switch (name) {
            case "mlp": return Workloads.mlp(784, 512);
            case "cnn": return new Workloads.W4().newModel();
            default: throw new IllegalArgumentException("PredictBenchmark: expected model mlp or cnn, received " + name);
        }
    }

    private static float call(Serving s, Caller c) {
        s.predictor.predict(s.pool[c.next++ & (POOL - 1)], c.out);
        return c.out[0];
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(1)
    public float latency(Serving s, Caller c) {
        return call(s, c);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(1)
    public float calls1(Serving s, Caller c) {
        return call(s, c);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(2)
    public float calls2(Serving s, Caller c) {
        return call(s, c);
    }

    /** Samples per second: one invocation is a whole pass over the 10,000 samples. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(SAMPLES)
    @Threads(1)
    public float batch64(Serving s, Caller c) {
        float sink = 0;
        for (int st = 0; st < SAMPLES; st += BATCH) {
            int bs = Math.min(BATCH, SAMPLES - st);
            FloatBuffer out = FloatBuffer.wrap(c.batchOut, 0, bs * s.outSize);
            s.predictor.predict(FloatBuffer.wrap(s.batchData, st * s.sampleSize, bs * s.sampleSize), out);
            sink += c.batchOut[0];
        }
        return sink;
    }
}
