package dev.lamina.serving;

import dev.lamina.tensor.Shape;

/** One operation of a {@link PredictorPlan}: reads values {@link #in}, writes values {@link #out}, for one batch. */
abstract class Step {
    final int[] in;
    final int[] out;

    Step(int[] in, int[] out) {
        this.in = in;
        this.out = out;
    }

    /** Runs the step on this thread's frame; {@code shapes} and {@code sizes} are the plan's, per sample. */
    abstract void run(Frame f, int batch, Shape[] shapes, int[] sizes);

    /** {@code batch} followed by a sample shape. */
    static Shape batched(int batch, Shape sample) {
        int[] d = new int[sample.rank() + 1];
        d[0] = batch;
        for (int i = 0; i < sample.rank(); i++) d[i + 1] = sample.dim(i);
        return Shape.of(d);
    }
}
