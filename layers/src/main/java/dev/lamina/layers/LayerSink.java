package dev.lamina.layers;

/**
 * Where the Kotlin DSL's layer factories ({@code dense(...)}, {@code conv2D(...)}, ...) put the layers they make:
 * a {@code sequential { }} block appends them, a {@code functional { }} block and a subclassed model hand them
 * back (a subclassed model keeps them in its fields).
 */
public interface LayerSink {
    /** Receives each layer a factory made; returns it. */
    <L extends Layer> L made(L layer);
}
