package dev.lamina.serving;

import dev.lamina.tensor.PoolOps;
import dev.lamina.tensor.Shape;

/** MaxPooling2D or AveragePooling2D through the layers' own kernels ({@link PoolOps#pool2dInto}), into this thread's buffer. */
final class PoolStep extends Step {
    private final boolean max;
    private final int[] poolSize;
    private final int[] strides;
    private final String padding;

    PoolStep(int in, int out, boolean max, int[] poolSize, int[] strides, String padding) {
        super(new int[]{in}, new int[]{out});
        this.max = max;
        this.poolSize = poolSize.clone();
        this.strides = strides == null ? null : strides.clone();
        this.padding = padding;
    }

    @Override
    void run(Frame f, int batch, Shape[] shapes, int[] sizes) {
        int x = in[0], o = out[0];
        PoolOps.pool2dInto(max, f.arr[x], f.off[x], batched(batch, shapes[x]), poolSize, strides, padding, f.out(o, batch * sizes[o]));
    }
}
