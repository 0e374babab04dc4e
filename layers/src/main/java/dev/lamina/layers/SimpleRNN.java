package dev.lamina.layers;

import dev.lamina.tensor.RecurrentArgs;
import dev.lamina.tensor.RecurrentOps;
import dev.lamina.tensor.Tensor;

import java.util.List;
import java.util.Map;

/** Keras' {@code SimpleRNN}: {@code h_t = activation(x_t · kernel + h_{t-1} · recurrent_kernel + bias)}; state [h]. */
public final class SimpleRNN extends BaseRnn<SimpleRNN> {
    public SimpleRNN(int units) {
        super("simple_rnn", units, 1, 1);
    }

    @Override
    protected List<Tensor> run(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor bias, List<Tensor> initialState,
                               Tensor mask, RecurrentArgs args) {
        return RecurrentOps.simpleRnn(x, kernel, recurrentKernel, bias, initialState, mask, args);
    }

    /** Rebuilds a SimpleRNN from {@link #getConfig()}. */
    public static SimpleRNN fromConfig(Map<String, Object> c) {
        return readConfig(new SimpleRNN(LayerConfigs.intValue("SimpleRNN", c, "units")), c);
    }
}
