package dev.lamina.serving;

import dev.lamina.layers.Layer;
import dev.lamina.tensor.NoGrad;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Any other layer: its normal inference forward under {@link NoGrad}, on the predictor's copy of the layer (see
 * {@link Snapshots}). It allocates its outputs as the layer does.
 */
final class LayerStep extends Step {
    private final Layer layer;

    LayerStep(Layer layer, int[] in, int[] out) {
        super(in, out);
        this.layer = layer;
    }

    @Override
    void run(Frame f, int batch, Shape[] shapes, int[] sizes) {
        List<Tensor> xs = new ArrayList<>(in.length);
        for (int v : in) xs.add(Tensor.of(f.exact(v, batch * sizes[v]), batched(batch, shapes[v])));
        List<Tensor> ys;
        try (NoGrad ignored = NoGrad.enter()) {
            ys = layer.forward(xs, false);
        }
        for (int i = 0; i < out.length; i++) {
            Tensor t = ys.get(i);
            if (t.size() != batch * sizes[out[i]]) {
                throw new IllegalStateException("Predictor: layer '" + layer.name() + "' returned shape " + t.shape()
                        + " where the model's graph has " + batched(batch, shapes[out[i]]));
            }
            f.bind(out[i], t.data(), t.offset());
        }
    }
}
