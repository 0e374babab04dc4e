package dev.lamina.layers;

import dev.lamina.tensor.RecurrentArgs;
import dev.lamina.tensor.RecurrentOps;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.io.ConfigReader;

import java.util.List;
import java.util.Map;

/**
 * Keras' {@code GRU}: gate blocks z, r, h in {@code kernel [features, 3*units]} and
 * {@code recurrent_kernel [units, 3*units]}; state [h]. With {@code reset_after} (Keras' default, true) the bias is
 * {@code [2, 3*units]} = [input bias, recurrent bias] and the reset gate multiplies the recurrent product;
 * otherwise the bias is {@code [3*units]} and the reset gate multiplies the state before its product.
 */
public final class GRU extends BaseRnn<GRU> {
    private String recurrentActivation = "sigmoid";
    private boolean resetAfter = true;

    public GRU(int units) {
        super("gru", units, 3, 1);
    }

    public GRU recurrentActivation(String id) {
        requireNotBuilt("recurrent_activation");
        recurrentActivation = checkActivation("recurrent_activation", id);
        return this;
    }

    public GRU resetAfter(boolean b) {
        requireNotBuilt("reset_after");
        resetAfter = b;
        return this;
    }

    @Override
    protected Shape biasShape() {
        return resetAfter ? Shape.of(2, 3 * units()) : super.biasShape();
    }

    @Override
    protected RecurrentArgs args() {
        return super.args().recurrentActivation(recurrentActivation).resetAfter(resetAfter);
    }

    @Override
    protected List<Tensor> run(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor bias, List<Tensor> initialState,
                               Tensor mask, RecurrentArgs args) {
        return RecurrentOps.gru(x, kernel, recurrentKernel, bias, initialState, mask, args);
    }

    @Override
    protected void putCellConfig(Map<String, Object> c) {
        c.put("recurrent_activation", recurrentActivation);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("reset_after", resetAfter);
        return c;
    }

    /** Rebuilds a GRU from {@link #getConfig()}. */
    public static GRU fromConfig(Map<String, Object> c) {
        ConfigReader r = LayerConfigs.reader("GRU", c);
        GRU g = new GRU(r.requireInt("units"))
                .recurrentActivation(r.getString("recurrent_activation", "sigmoid"))
                .resetAfter(r.getBoolean("reset_after", true));
        return readConfig(g, r, c);
    }
}
