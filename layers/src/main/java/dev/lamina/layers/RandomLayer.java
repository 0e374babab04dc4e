package dev.lamina.layers;

import dev.lamina.tensor.Rng;

/**
 * A layer that draws random numbers while training, such as {@link Dropout}. Its generator advances with every
 * training call; a checkpoint that saves and restores {@link Rng#getState()} lets a resumed fit draw the same
 * masks as an uninterrupted one (Keras 3 keeps such state in a layer's {@code SeedGenerator}).
 */
public interface RandomLayer {
    /** The live generator, or null before the layer is built. */
    Rng generator();
}
