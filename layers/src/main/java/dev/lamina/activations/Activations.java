package dev.lamina.activations;

import dev.lamina.tensor.NnOps;
import dev.lamina.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Keras' built-in activations, by name: {@code Activations.get("relu")}. */
public final class Activations {
    private static final Map<String, ActivationFunction> BY_NAME = new LinkedHashMap<>();

    public static final ActivationFunction LINEAR = register("linear", x -> x);
    public static final ActivationFunction RELU = register("relu", NnOps::relu);
    public static final ActivationFunction SIGMOID = register("sigmoid", NnOps::sigmoid);
    public static final ActivationFunction TANH = register("tanh", NnOps::tanh);
    public static final ActivationFunction SOFTMAX = register("softmax", x -> NnOps.softmax(x, -1));
    public static final ActivationFunction LOG_SOFTMAX = register("log_softmax", x -> NnOps.logSoftmax(x, -1));
    public static final ActivationFunction ELU = register("elu", x -> NnOps.elu(x, 1f));
    public static final ActivationFunction SELU = register("selu", NnOps::selu);
    public static final ActivationFunction GELU = register("gelu", x -> NnOps.gelu(x, false));
    public static final ActivationFunction LEAKY_RELU = register("leaky_relu", x -> NnOps.leakyRelu(x, 0.2f));
    public static final ActivationFunction HARD_SIGMOID = register("hard_sigmoid", NnOps::hardSigmoid);
    public static final ActivationFunction SOFTPLUS = register("softplus", NnOps::softplus);
    public static final ActivationFunction SOFTSIGN = register("softsign", NnOps::softsign);
    public static final ActivationFunction SWISH = register("swish", NnOps::swish);
    public static final ActivationFunction SILU = register("silu", NnOps::swish);

    private Activations() {
    }

    private static ActivationFunction register(String name, UnaryOperator<Tensor> f) {
        ActivationFunction a = new ActivationFunction() {
            @Override
            public Tensor apply(Tensor x) {
                return f.apply(x);
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public String toString() {
                return name;
            }
        };
        BY_NAME.put(name, a);
        return a;
    }

    /** The activation called {@code name}; {@code null} or {@code "linear"} is the identity. */
    public static ActivationFunction get(String name) {
        if (name == null) return LINEAR;
        ActivationFunction a = BY_NAME.get(name.toLowerCase(java.util.Locale.ROOT));
        if (a == null) {
            throw new IllegalArgumentException("Activations: unknown activation '" + name + "'; known: " + BY_NAME.keySet());
        }
        return a;
    }
}
