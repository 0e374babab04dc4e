package dev.lamina.tensor;

/**
 * The options of a {@link RecurrentOps} call, with Keras' defaults: {@code activation} tanh,
 * {@code recurrent_activation} sigmoid (unused by SimpleRNN), {@code return_sequences} false,
 * {@code go_backwards} false, GRU {@code reset_after} true, and no recurrent dropout. A fluent, mutable holder:
 * build one per call site.
 */
public final class RecurrentArgs {
    private String activation = "tanh";
    private String recurrentActivation = "sigmoid";
    private boolean returnSequences;
    private boolean goBackwards;
    private boolean resetAfter = true;
    private Tensor recurrentDropoutMask;

    public static RecurrentArgs defaults() {
        return new RecurrentArgs();
    }

    /** One of linear, tanh, sigmoid, relu, hard_sigmoid. */
    public RecurrentArgs activation(String name) {
        activation = name;
        return this;
    }

    /** The gates' activation (LSTM, GRU): one of linear, tanh, sigmoid, relu, hard_sigmoid. */
    public RecurrentArgs recurrentActivation(String name) {
        recurrentActivation = name;
        return this;
    }

    /** The whole output sequence {@code [batch, time, units]} instead of the last output {@code [batch, units]}. */
    public RecurrentArgs returnSequences(boolean b) {
        returnSequences = b;
        return this;
    }

    /** Processes the steps from the last to the first; the sequence comes out in processing order, as in Keras. */
    public RecurrentArgs goBackwards(boolean b) {
        goBackwards = b;
        return this;
    }

    /** GRU only: the reset gate applied after the recurrent product (Keras' default, bias {@code [2, 3*units]}). */
    public RecurrentArgs resetAfter(boolean b) {
        resetAfter = b;
        return this;
    }

    /**
     * A constant {@code [batch, units]} multiplying the state fed to the recurrent product at every step (recurrent
     * dropout: zeros and {@code 1 / (1 - rate)}); null for none.
     */
    public RecurrentArgs recurrentDropoutMask(Tensor mask) {
        recurrentDropoutMask = mask;
        return this;
    }

    public String activation() {
        return activation;
    }

    public String recurrentActivation() {
        return recurrentActivation;
    }

    public boolean returnSequences() {
        return returnSequences;
    }

    public boolean goBackwards() {
        return goBackwards;
    }

    public boolean resetAfter() {
        return resetAfter;
    }

    public Tensor recurrentDropoutMask() {
        return recurrentDropoutMask;
    }
}
