package dev.lamina.serving;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.kernels.Kernels;

/** An {@code Activation("relu")} layer: the relu loop ({@code NnOps.relu}'s) into this thread's buffer. */
final class ReluStep extends Step {
    ReluStep(int in, int out) {
        super(new int[]{in}, new int[]{out});
    }

    @Override
    void run(Frame f, int batch, Shape[] shapes, int[] sizes) {
        int x = in[0], n = batch * sizes[x];
        Kernels.relu(f.arr[x], f.off[x], f.out(out[0], n), 0, n);
    }
}
