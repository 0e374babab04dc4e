package dev.lamina.tensor;

import java.util.Locale;

/**
 * The activations a fused recurrent cell can run: each one's derivative is a function of its output, so the
 * backward needs only the values the forward kept. Keras' names.
 */
enum CellActivation {
    LINEAR, TANH, SIGMOID, RELU, HARD_SIGMOID;

    static CellActivation of(String op, String what, String name) {
        String n = name == null ? "linear" : name.toLowerCase(Locale.ROOT);
        switch (n) {
            case "linear": return LINEAR;
            case "tanh": return TANH;
            case "sigmoid": return SIGMOID;
            case "relu": return RELU;
            case "hard_sigmoid": return HARD_SIGMOID;
            default:
                throw new IllegalArgumentException(op + ": expected " + what + " one of linear, tanh, sigmoid, relu, hard_sigmoid, received '" + name + "'");
        }
    }

    float apply(float v) {
        switch (this) {
            case TANH: return (float) Math.tanh(v);
            case SIGMOID:
                if (v >= 0) return (float) (1.0 / (1.0 + Math.exp(-v)));
                double e = Math.exp(v);
                return (float) (e / (1.0 + e));
            case RELU: return v <= 0f ? 0f : v;   // NaN passes through, as in every other activation
            case HARD_SIGMOID: return Math.max(0f, Math.min(1f, v / 6f + 0.5f));   // Keras 3's form
            default: return v;
        }
    }

    /** The derivative at the input whose output is {@code y}. */
    float derivative(float y) {
        switch (this) {
            case TANH: return 1f - y * y;
            case SIGMOID: return y * (1f - y);
            case RELU: return y > 0f ? 1f : 0f;
            case HARD_SIGMOID: return y > 0f && y < 1f ? 1f / 6f : 0f;
            default: return 1f;
        }
    }
}
