package dev.lamina.benchmarks;

import dev.lamina.serving.Predictor;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;

/**
 * W8 with the peers' protocol ({@code bench/onnxruntime}'s {@code OrtBench}), not JMH: per model, a pool of 256
 * uniform inputs, {@code warmupCalls} calls, then {@code calls} batch-1 calls per thread each timed alone
 * ({@code System.nanoTime}, the logits read into the caller's array), nearest-rank p50/p90/p99 over all calls and
 * calls/s = all calls / wall time; then batch-64 predict passes over {@code nPredict} samples (1 warm-up + reps),
 * samples/s of the median pass. Prints one {@code RESULT} line like the peers'. Usage:
 * {@code java --add-modules=jdk.incubator.vector -cp benchmarks/target/benchmarks.jar dev.lamina.benchmarks.PredictTimer
 * threads=1 calls=20000 warmupCalls=2000 nPredict=10000 reps=5 models=mlp,cnn}
 */
public final class PredictTimer {
    private PredictTimer() {
    }

    public static void main(String[] args) throws InterruptedException {
        java.util.Map<String, String> a = new java.util.HashMap<>();
        for (String s : args) if (s.indexOf('=') > 0) a.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
        int threads = Integer.parseInt(a.getOrDefault("threads", "1"));
        int calls = Integer.parseInt(a.getOrDefault("calls", "20000"));
        int warmCalls = Integer.parseInt(a.getOrDefault("warmupCalls", "2000"));
        int n = Integer.parseInt(a.getOrDefault("nPredict", "10000"));
        int reps = Integer.parseInt(a.getOrDefault("reps", "5"));
        StringBuilder result = new StringBuilder("RESULT name=W8 peer=lamina threads=" + threads);
        for (String name : a.getOrDefault("models", "mlp,cnn").split(",")) {
            Predictor p = Predictor.of(PredictBenchmark.model(name));
            int dim = p.inputShape(0).size(), outs = p.outputShape(0).size();
            Random rnd = new Random(80);
            float[][] pool = new float[PredictBenchmark.POOL][dim];
            for (float[] x : pool) for (int j = 0; j < dim; j++) x[j] = rnd.nextFloat();
            long[] t = new long[calls * threads];
            CountDownLatch ready = new CountDownLatch(threads), go = new CountDownLatch(1), done = new CountDownLatch(threads);
            for (int k = 0; k < threads; k++) {
                int id = k;
                new Thread(() -> {
                    float[] y = new float[outs];
                    for (int i = 0; i < warmCalls; i++) p.predict(pool[i % pool.length], y);
                    ready.countDown();
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    for (int i = 0; i < calls; i++) {
                        long t0 = System.nanoTime();
                        p.predict(pool[(i + id * 97) % pool.length], y);
                        t[id * calls + i] = System.nanoTime() - t0;
                    }
                    done.countDown();
                }).start();
            }
            ready.await();
            long loop0 = System.nanoTime();
            go.countDown();
            done.await();
            double wall = (System.nanoTime() - loop0) * 1e-9;
            Arrays.sort(t);
            float[] data = new float[n * dim], out = new float[64 * outs];
            for (int j = 0; j < data.length; j++) data[j] = rnd.nextFloat();
            double[] sec = new double[reps];
            for (int r = -1; r < reps; r++) {
                long t0 = System.nanoTime();
                for (int st = 0; st < n; st += 64) {
                    int bs = Math.min(64, n - st);
                    p.predict(FloatBuffer.wrap(data, st * dim, bs * dim), FloatBuffer.wrap(out, 0, bs * outs));
                }
                if (r >= 0) sec[r] = (System.nanoTime() - t0) * 1e-9;
            }
            Arrays.sort(sec);
            double med = reps % 2 == 1 ? sec[reps / 2] : (sec[reps / 2 - 1] + sec[reps / 2]) / 2;
            String line = String.format(Locale.ROOT, " %1$s_p50_us=%2$.2f %1$s_p90_us=%3$.2f %1$s_p99_us=%4$.2f %1$s_calls_per_s=%5$.0f %1$s_b64_samples_per_s=%6$.0f",
                    name, pct(t, 0.50), pct(t, 0.90), pct(t, 0.99), t.length / wall, n / med);
            System.out.println("#" + line);
            result.append(line);
        }
        System.out.println(result);
    }

    /** Nearest rank, in microseconds: sorted[ceil(q n) - 1]. */
    static double pct(long[] sorted, double q) {
        return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)] / 1e3;
    }
}
