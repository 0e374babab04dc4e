package dev.lamina.initializers;

import dev.lamina.tensor.Rng;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;

import java.util.Map;

/** Produces a weight's initial values; random ones draw from the generator they are given (seeded per layer). */
public interface Initializer {
    Tensor initialize(Shape shape, Rng rng);

    /** Keras' class name, e.g. {@code GlorotUniform}. */
    String className();

    /** Keras-named constructor arguments. */
    Map<String, Object> getConfig();
}
