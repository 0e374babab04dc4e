package dev.lamina.layers;

import dev.lamina.initializers.Initializer;
import dev.lamina.initializers.Initializers;
import dev.lamina.regularizers.Regularizer;
import dev.lamina.tensor.io.ConfigReader;

import java.util.Map;
import java.util.Set;

/**
 * The arguments every Keras recurrent layer takes, with Keras' defaults, their fluent setters and their config
 * keys; {@link BaseRnn} adds the weights and the call. {@code T} is the concrete class.
 */
public abstract class RnnArguments<T extends RnnArguments<T>> extends Layer {
    private static final Set<String> ACTIVATIONS = Set.of("linear", "tanh", "sigmoid", "relu", "hard_sigmoid");
    final int units;
    final int gates;
    final int stateCount;
    String activation = "tanh";
    boolean useBias = true;
    boolean returnSequences;
    boolean returnState;
    boolean goBackwards;
    boolean zeroOutputForMask;
    boolean stateful;
    double dropout;
    double recurrentDropout;
    Long seed;
    Initializer kernelInitializer = Initializers.glorotUniform();
    Initializer recurrentInitializer = Initializers.orthogonal(1.0);
    Initializer biasInitializer = Initializers.zeros();
    Regularizer kernelRegularizer;
    Regularizer recurrentRegularizer;
    Regularizer biasRegularizer;

    protected RnnArguments(String baseName, int units, int gates, int stateCount) {
        super(baseName);
        if (units <= 0) throw new IllegalArgumentException(getClass().getSimpleName() + ": expected units > 0, received units=" + units);
        this.units = units;
        this.gates = gates;
        this.stateCount = stateCount;
    }

    @SuppressWarnings("unchecked")
    protected final T self() {
        return (T) this;
    }

    @Override
    public T name(String n) {
        super.name(n);
        return self();
    }

    /** Seeds the weights and the dropout masks. */
    @Override
    public T seed(long s) {
        super.seed(s);
        seed = s;
        return self();
    }

    /** One of linear (or null), tanh, sigmoid, relu, hard_sigmoid. */
    public T activation(String id) {
        requireNotBuilt("activation");
        activation = checkActivation("activation", id);
        return self();
    }

    public T useBias(boolean b) {
        requireNotBuilt("use_bias");
        useBias = b;
        return self();
    }

    public T returnSequences(boolean b) {
        requireNotBuilt("return_sequences");
        returnSequences = b;
        return self();
    }

    public T returnState(boolean b) {
        requireNotBuilt("return_state");
        returnState = b;
        return self();
    }

    public T goBackwards(boolean b) {
        requireNotBuilt("go_backwards");
        goBackwards = b;
        return self();
    }

    /**
     * Keras' {@code zero_output_for_mask}: with a mask, a masked step emits zeros instead of repeating the previous
     * output (the states keep their values either way); the last output is then zeros when the last processed step
     * is masked. Keras' Bidirectional sets it for its layers with return_sequences.
     */
    public T zeroOutputForMask(boolean b) {
        requireNotBuilt("zero_output_for_mask");
        zeroOutputForMask = b;
        return self();
    }

    /**
     * Keras' {@code stateful}: the final states of a call are the initial states of the next one (for the same
     * rows of the next batch), until {@link BaseRnn#resetStates()}. The batch size is fixed by the first batch
     * after a reset; gradients do not flow into the carried states.
     */
    public T stateful(boolean b) {
        requireNotBuilt("stateful");
        stateful = b;
        return self();
    }

    public boolean stateful() {
        return stateful;
    }

    /** The fraction of input features dropped while training (one mask per call, shared by the steps). */
    public T dropout(double rate) {
        requireNotBuilt("dropout");
        dropout = checkRate("dropout", rate);
        return self();
    }

    /** The fraction of state units dropped before the recurrent product while training. */
    public T recurrentDropout(double rate) {
        requireNotBuilt("recurrent_dropout");
        recurrentDropout = checkRate("recurrent_dropout", rate);
        return self();
    }

    public T kernelInitializer(Initializer i) {
        requireNotBuilt("kernel_initializer");
        kernelInitializer = i;
        return self();
    }

    public T recurrentInitializer(Initializer i) {
        requireNotBuilt("recurrent_initializer");
        recurrentInitializer = i;
        return self();
    }

    public T biasInitializer(Initializer i) {
        requireNotBuilt("bias_initializer");
        biasInitializer = i;
        return self();
    }

    public T kernelRegularizer(Regularizer r) {
        requireNotBuilt("kernel_regularizer");
        kernelRegularizer = r;
        return self();
    }

    public T recurrentRegularizer(Regularizer r) {
        requireNotBuilt("recurrent_regularizer");
        recurrentRegularizer = r;
        return self();
    }

    public T biasRegularizer(Regularizer r) {
        requireNotBuilt("bias_regularizer");
        biasRegularizer = r;
        return self();
    }

    public int units() {
        return units;
    }

    public boolean returnSequences() {
        return returnSequences;
    }

    public boolean returnState() {
        return returnState;
    }

    protected final String checkActivation(String what, String id) {
        String n = id == null ? "linear" : id;
        if (!ACTIVATIONS.contains(n)) {
            throw new IllegalArgumentException(className() + ": expected " + what + " one of " + new java.util.TreeSet<>(ACTIVATIONS)
                    + " (the fused cell's activations), received '" + id + "'");
        }
        return n;
    }

    private double checkRate(String what, double rate) {
        if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException(className() + ": expected 0 <= " + what + " < 1, received " + what + "=" + rate);
        return rate;
    }

    // ---------------------------------------------------------------- config

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("units", units);
        c.put("activation", activation);
        putCellConfig(c);
        c.put("use_bias", useBias);
        c.put("kernel_initializer", LayerConfigs.serialize(kernelInitializer));
        c.put("recurrent_initializer", LayerConfigs.serialize(recurrentInitializer));
        c.put("bias_initializer", LayerConfigs.serialize(biasInitializer));
        c.put("kernel_regularizer", LayerConfigs.serialize(kernelRegularizer));
        c.put("recurrent_regularizer", LayerConfigs.serialize(recurrentRegularizer));
        c.put("bias_regularizer", LayerConfigs.serialize(biasRegularizer));
        c.put("dropout", dropout);
        c.put("recurrent_dropout", recurrentDropout);
        c.put("seed", seed);
        c.put("return_sequences", returnSequences);
        c.put("return_state", returnState);
        c.put("go_backwards", goBackwards);
        c.put("stateful", stateful);
        c.put("unroll", false);
        c.put("zero_output_for_mask", zeroOutputForMask);
        return c;
    }

    /** The cell's own keys (recurrent_activation, unit_forget_bias, reset_after), in Keras' order after activation. */
    protected void putCellConfig(Map<String, Object> c) {
    }

    /**
     * Reads the shared keys of a config into a freshly constructed layer; for the subclasses' fromConfig, which
     * read their own keys of {@code c} from the same reader {@code r} first. {@code unroll} only chooses how Keras builds the loop,
     * so either value gives the same numbers.
     */
    protected static <L extends RnnArguments<L>> L readConfig(L l, ConfigReader r, Map<String, Object> c) {
        l.stateful(r.getBoolean("stateful", false));
        r.getBoolean("unroll", false);
        l.activation(r.has("activation") ? r.getString("activation", null) : "tanh")
                .useBias(r.getBoolean("use_bias", true))
                .returnSequences(r.getBoolean("return_sequences", false))
                .returnState(r.getBoolean("return_state", false))
                .goBackwards(r.getBoolean("go_backwards", false))
                .zeroOutputForMask(r.getBoolean("zero_output_for_mask", false))
                .dropout(r.getDouble("dropout", 0))
                .recurrentDropout(r.getDouble("recurrent_dropout", 0))
                .kernelRegularizer(LayerConfigs.regularizer(r, "kernel_regularizer"))
                .recurrentRegularizer(LayerConfigs.regularizer(r, "recurrent_regularizer"))
                .biasRegularizer(LayerConfigs.regularizer(r, "bias_regularizer"));
        Initializer k = LayerConfigs.initializer(r, "kernel_initializer");
        if (k != null) l.kernelInitializer(k);
        Initializer rk = LayerConfigs.initializer(r, "recurrent_initializer");
        if (rk != null) l.recurrentInitializer(rk);
        Initializer b = LayerConfigs.initializer(r, "bias_initializer");
        if (b != null) l.biasInitializer(b);
        if (c.get("seed") != null) l.seed(r.getLong("seed", 0));
        return LayerConfigs.restoreBase(l, r);
    }
}
