package dev.lamina.layers;

import dev.lamina.tensor.RecurrentArgs;
import dev.lamina.tensor.RecurrentOps;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

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
        ConfigReader r = LayerConfigs.reader("SimpleRNN", c);
        return readConfig(new SimpleRNN(r.requireInt("units")), r, c);
    }
}
