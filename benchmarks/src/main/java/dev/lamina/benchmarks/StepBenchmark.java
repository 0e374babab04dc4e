package dev.lamina.benchmarks;

import dev.lamina.models.Model;
import dev.lamina.tensor.Ops;
import dev.lamina.tensor.Tensor;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One steady-state training step of a workload's model on one fixed batch, in microseconds per step. Run with
 * {@code -prof gc}: {@code gc.alloc.rate.norm} is then the bytes allocated per step.
 * <ul>
 * <li>{@code trainOnBatch}: the fit loop's step as it is ({@code Autodiff.gradients}, then
 * {@code optimizer.apply}: fresh gradient arrays every step), with the loss tracker and metrics.</li>
 * <li>{@code minimizeStep}: the same forward pass and loss, then {@code optimizer.minimize}, which keeps the
 * gradient arrays from step to step; what remains is activations and their gradients, which scale with the
 * batch, not the weights.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms2g", "-Xmx2g"})
public class StepBenchmark {
    @Param({"W1", "W3", "W4"})
    public String workload;

    private Model model;
    private Tensor x, y;

    @Setup
    public void setup() {
        switch (workload) {
            case "W1": {
                Workloads.W1 w = new Workloads.W1();
                init(w, w.x, w.y, 32);
                break;
            }
            case "W3": {
                Workloads.W3 w = new Workloads.W3();
                init(w, w.x, w.y, 128);
                break;
            }
            case "W4": {
                Workloads.W4 w = new Workloads.W4();
                init(w, w.x, w.y, 64);
                break;
            }
            default:
                throw new IllegalArgumentException("StepBenchmark: unknown workload " + workload);
        }
    }

    private void init(Workloads.Run w, Tensor allX, Tensor allY, int batch) {
        model = w.newModel();
        x = Ops.slice(allX, 0, batch).copy();
        y = Ops.slice(allY, 0, batch).copy();
    }

    @Benchmark
    public Map<String, Double> trainOnBatch() {
        return model.trainOnBatch(x, y);
    }

    @Benchmark
    public Tensor minimizeStep() {
        Tensor pred = model.forwardAll(List.of(x), true).get(0);
        Tensor loss = model.compiled().loss(0).call(y, pred);
        model.getOptimizer().minimize(loss, model.trainableWeights());
        return loss;
    }
}
