package dev.lamina.tensor;

import java.util.List;

/**
 * Keras' {@code tf.GradientTape} for hand-written loops: run the forward pass inside the tape, then ask for the
 * gradients of a scalar with respect to variables, and hand them to an optimizer:
 * <pre>{@code
 * try (GradientTape tape = new GradientTape()) {
 *     Tensor loss = lossFn.call(y, model.forwardAll(List.of(x), true).get(0), null);
 *     List<Tensor> grads = tape.gradient(loss, model.trainableWeights());
 *     optimizer.apply(grads, model.trainableWeights());
 * }
 * }</pre>
 * Ops on variables always record their backward step (outside {@link NoGrad}); the tape is where a loop says
 * which pass it differentiates. Opening one inside a NoGrad scope is an error (nothing would be recorded). A tape
 * gives one set of gradients (Keras' non-persistent tape): the graph behind the loss is released by it. The
 * gradients are computed exactly as {@code fit}'s step computes them, so a tape loop reproduces {@code fit}.
 * To differentiate with respect to an input, wrap it in a {@link Variable} and use its value.
 */
public final class GradientTape implements AutoCloseable {
    private boolean used;
    private boolean closed;

    public GradientTape() {
        if (NoGrad.active()) {
            throw new IllegalStateException("GradientTape: opened inside a NoGrad scope, where no op records its gradient; open it outside");
        }
    }

    /** Gradients of the scalar {@code target} with respect to each variable, in order (zeros where it does not depend on one). */
    public List<Tensor> gradient(Tensor target, List<Variable> sources) {
        if (closed) throw new IllegalStateException("GradientTape: gradient(...) called after the tape was closed; call it inside the try block");
        if (used) throw new IllegalStateException("GradientTape: a tape gives one set of gradients; record the pass again in a new tape");
        if (target == null) throw new IllegalArgumentException("GradientTape.gradient: expected a target tensor, received null");
        if (sources == null) throw new IllegalArgumentException("GradientTape.gradient: expected a list of variables, received null");
        used = true;
        float[][] into = new float[sources.size()][];
        for (int i = 0; i < into.length; i++) {
            if (sources.get(i) == null) throw new IllegalArgumentException("GradientTape.gradient: sources[" + i + "] is null");
            into[i] = new float[sources.get(i).size()];
        }
        return Autodiff.gradientsInto(target, sources, into);
    }

    @Override
    public void close() {
        closed = true;
    }
}
