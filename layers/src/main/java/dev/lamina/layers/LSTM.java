package dev.lamina.layers;

import dev.lamina.initializers.Initializer;
import dev.lamina.tensor.RecurrentArgs;
import dev.lamina.tensor.RecurrentOps;
import dev.lamina.tensor.Rng;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.List;
import java.util.Map;

/**
 * Keras' {@code LSTM}: gate blocks i, f, c, o in {@code kernel [features, 4*units]},
 * {@code recurrent_kernel [units, 4*units]} and {@code bias [4*units]}; states [h, c]. {@code recurrent_activation}
 * defaults to sigmoid; {@code unit_forget_bias} (default true) initialises the forget gate's bias block to ones.
 */
public final class LSTM extends BaseRnn<LSTM> {
    private String recurrentActivation = "sigmoid";
    private boolean unitForgetBias = true;

    public LSTM(int units) {
        super("lstm", units, 4, 2);
    }

    public LSTM recurrentActivation(String id) {
        requireNotBuilt("recurrent_activation");
        recurrentActivation = checkActivation("recurrent_activation", id);
        return this;
    }

    public LSTM unitForgetBias(boolean b) {
        requireNotBuilt("unit_forget_bias");
        unitForgetBias = b;
        return this;
    }

    @Override
    protected RecurrentArgs args() {
        return super.args().recurrentActivation(recurrentActivation);
    }

    /** Keras: {@code concat(bias_initializer([u]), ones([u]), bias_initializer([2u]))} with unit_forget_bias. */
    @Override
    protected Initializer biasInit(Initializer configured) {
        if (!unitForgetBias) return configured;
        return new Initializer() {
            @Override
            public Tensor initialize(Shape shape, Rng rng) {
                int u = units();
                float[] b = configured.initialize(shape, rng).toFloatArray();
                java.util.Arrays.fill(b, u, 2 * u, 1f);
                return Tensor.of(b, shape);
            }

            @Override
            public String className() {
                return configured.className();
            }

            @Override
            public Map<String, Object> getConfig() {
                return configured.getConfig();
            }
        };
    }

    @Override
    protected List<Tensor> run(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor bias, List<Tensor> initialState,
                               Tensor mask, RecurrentArgs args) {
        return RecurrentOps.lstm(x, kernel, recurrentKernel, bias, initialState, mask, args);
    }

    @Override
    protected void putCellConfig(Map<String, Object> c) {
        c.put("recurrent_activation", recurrentActivation);
        c.put("unit_forget_bias", unitForgetBias);
    }

    /** Rebuilds an LSTM from {@link #getConfig()}. */
    public static LSTM fromConfig(Map<String, Object> c) {
        ConfigReader r = LayerConfigs.reader("LSTM", c);
        LSTM l = new LSTM(r.requireInt("units"))
                .recurrentActivation(r.getString("recurrent_activation", "sigmoid"))
                .unitForgetBias(r.getBoolean("unit_forget_bias", true));
        return readConfig(l, r, c);
    }
}
