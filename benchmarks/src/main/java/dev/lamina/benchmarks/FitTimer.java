package dev.lamina.benchmarks;

import dev.lamina.models.Model;

import java.util.Arrays;

/**
 * A quick harness for profiling (not a JMH benchmark): runs a workload's fit {@code reps} times after
 * {@code warmup} runs and prints the median per-sample time. Run under JFR to see where a step spends its time:
 * {@code java --add-modules=jdk.incubator.vector -XX:StartFlightRecording=filename=w1.jfr,settings=profile
 * -cp benchmarks.jar dev.lamina.benchmarks.FitTimer W1 30 20}.
 */
public final class FitTimer {
    private FitTimer() {
    }

    public static void main(String[] args) {
        String w = args.length > 0 ? args[0] : "W1";
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Workloads.Run run = Workloads.byName(w);
        for (int i = 0; i < warmup; i++) run.fit(run.newModel());
        double[] us = new double[reps];
        for (int i = 0; i < reps; i++) {
            Model m = run.newModel();
            long t0 = System.nanoTime();
            run.fit(m);
            us[i] = (System.nanoTime() - t0) / 1e3 / run.samples();
        }
        Arrays.sort(us);
        System.out.printf("%s: median %.2f us/sample (%.0f samples/s), min %.2f, max %.2f over %d reps%n",
                w, us[reps / 2], 1e6 / us[reps / 2], us[0], us[reps - 1], reps);
    }
}
