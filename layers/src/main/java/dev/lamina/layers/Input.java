package dev.lamina.layers;

/** Keras' {@code Input(shape, name)}: a symbolic tensor to start a functional model from. */
public final class Input {
    private Input() {
    }

    /** {@code Input.of(32)} is Keras' {@code Input(shape=(32,))}. */
    public static SymbolicTensor of(int... shape) {
        return new InputLayer(null, shape).output();
    }

    /** {@code Input.of("img_input", 32, 32, 3)} is Keras' {@code Input(shape=(32, 32, 3), name='img_input')}. */
    public static SymbolicTensor of(String name, int... shape) {
        return new InputLayer(name, shape).output();
    }
}
